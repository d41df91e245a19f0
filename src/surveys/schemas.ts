import { z } from 'zod';
import { toNotBeforeFrom } from '../http/validation.ts';
import { taxonomyKey } from '../taxonomy/schemas.ts';
import { METRICS, normaliseScale, scaleBounds, SCALES, type Scale } from './scales.ts';

export const MAX_BATCH = 10_000;
export const MAX_COMMENT = 2_000;

const emptyToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
const trimmedOrUndefined = (value: unknown) => (typeof value === 'string' ? value.trim() || undefined : emptyToUndefined(value));
/** CSV gives every score as text; "9" is 9, "9.5" stays a fraction and is refused as one. */
const numberFromText = (value: unknown) => (typeof value === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : emptyToUndefined(value));

/** One survey answer as it arrives over JSON (CSV rows are mapped onto the same shape). */
export const responseInput = z
  .object({
    answeredAt: z.string({ message: 'is required (ISO 8601, e.g. 2026-11-01T09:30:00+01:00)' }),
    metric: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
      z.enum(METRICS, { message: `must be one of ${METRICS.join(', ')}` }),
    ),
    score: z.preprocess(numberFromText, z.number({ error: (issue) => (issue.input === undefined ? 'is required (a whole number)' : 'must be a whole number') }).int('must be a whole number')),
    scale: z.preprocess((v) => (typeof v === 'string' ? normaliseScale(v) || undefined : emptyToUndefined(v)), z.string({ message: 'must be text such as "1-5"' }).optional()),
    topic: z.preprocess(trimmedOrUndefined, taxonomyKey.optional()),
    market: z.preprocess(trimmedOrUndefined, taxonomyKey.optional()),
    phase: z.preprocess(trimmedOrUndefined, taxonomyKey.optional()),
    comment: z.preprocess(trimmedOrUndefined, z.string().max(MAX_COMMENT, `at most ${MAX_COMMENT} characters`).optional()),
    source: z.preprocess(emptyToUndefined, z.string().trim().min(1).max(50, 'at most 50 characters').optional()),
    externalId: z.preprocess(
      (v) => (typeof v === 'number' ? String(v) : trimmedOrUndefined(v)),
      z.string().max(200, 'at most 200 characters').optional(),
    ),
  })
  .strict()
  .transform((input, check) => {
    const known: readonly string[] = SCALES[input.metric];
    // NPS has one scale, so it may be left out; CES is asked on 5 or 7 points and must say which.
    const scale = input.scale ?? (input.metric === 'nps' ? '0-10' : undefined);
    if (scale === undefined) {
      check.addIssue({ code: 'custom', path: ['scale'], message: `is required for ces: one of ${known.join(', ')}` });
      return z.NEVER;
    }
    if (!known.includes(scale)) {
      check.addIssue({ code: 'custom', path: ['scale'], message: `unknown scale "${scale}" for ${input.metric}; use ${known.join(' or ')}` });
      return z.NEVER;
    }
    const { low, high } = scaleBounds(scale as Scale);
    if (input.score < low || input.score > high) {
      check.addIssue({ code: 'custom', path: ['score'], message: `${input.score} is outside ${low}–${high} (${input.metric}, scale ${scale})` });
      return z.NEVER;
    }
    return { ...input, scale: scale as Scale };
  });
export type ResponseInput = z.infer<typeof responseInput>;

export const importQuery = z.object({ source: z.string().trim().min(1).max(50).optional() });

export const listResponsesQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  metric: z.enum(METRICS).optional(),
  topic: taxonomyKey.optional(),
  market: taxonomyKey.optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
}).superRefine(toNotBeforeFrom);
export type ListResponsesQuery = z.infer<typeof listResponsesQuery>;

export const GROUP_BY = ['topic', 'market', 'phase', 'week'] as const;
export type ExperienceGroupBy = (typeof GROUP_BY)[number];

export const experienceQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  asOf: z.string().optional(),
  topic: taxonomyKey.optional(),
  market: taxonomyKey.optional(),
  phase: taxonomyKey.optional(),
  groupBy: z.enum(GROUP_BY, { message: `must be one of ${GROUP_BY.join(', ')}` }).optional(),
});
export type ExperienceQuery = z.infer<typeof experienceQuery>;
