import { z } from 'zod';
import { toNotBeforeFrom } from '../http/validation.ts';
import { taxonomyKey } from '../taxonomy/schemas.ts';

export const CHANNELS = ['phone', 'email', 'chat', 'social', 'form', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export const MAX_BATCH = 10_000;
export const MAX_NOTE = 2_000;

const emptyToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

/** The fields of one inquiry as they arrive over JSON (CSV rows are mapped onto the same shape). */
export const inquiryInput = z.object({
  receivedAt: z.string({ message: 'is required (ISO 8601, e.g. 2026-11-01T09:30:00+01:00)' }),
  topic: taxonomyKey,
  market: taxonomyKey,
  channel: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
    z.enum(CHANNELS, { message: `must be one of ${CHANNELS.join(', ')}` }).default('other'),
  ),
  note: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || undefined : emptyToUndefined(v)),
    z.string().max(MAX_NOTE, `at most ${MAX_NOTE} characters`).optional(),
  ),
  source: z.preprocess(emptyToUndefined, z.string().trim().min(1).max(50, 'at most 50 characters').optional()),
  externalId: z.preprocess(
    (v) => (typeof v === 'number' ? String(v) : emptyToUndefined(typeof v === 'string' ? v.trim() : v)),
    z.string().max(200, 'at most 200 characters').optional(),
  ),
})
  // A misspelt field ("chanel") would otherwise be dropped and its default stored in its place.
  .strict();
export type InquiryInput = z.infer<typeof inquiryInput>;

export const listInquiriesQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  topic: taxonomyKey.optional(),
  market: taxonomyKey.optional(),
  mine: z.enum(['true', 'false']).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
}).superRefine(toNotBeforeFrom);

export const importQuery = z.object({
  createMissing: z.enum(['true', 'false']).optional(),
  source: z.string().trim().min(1).max(50).optional(),
});

export const volumeQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  asOf: z.string().optional(),
  market: taxonomyKey.optional(),
  topic: taxonomyKey.optional(),
  channel: z.enum(CHANNELS).optional(),
  groupBy: z.enum(['topic', 'market', 'day', 'channel']).default('topic'),
});
export type VolumeQuery = z.infer<typeof volumeQuery>;
