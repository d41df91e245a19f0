import { z } from 'zod';
import { rowId, rowIdText } from '../http/validation.ts';
import { isValidDay } from '../time.ts';
import { taxonomyKey } from '../taxonomy/schemas.ts';

export const CASE_STATUSES = ['new', 'refining', 'ready', 'in_progress', 'fix_shipped', 'verifying', 'resolved', 'reopened', 'dropped'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const ACTION_STATUSES = ['todo', 'doing', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ROOT_CAUSE_CATEGORIES = ['technical', 'rule', 'content', 'process'] as const;
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export const DECISIONS = ['now', 'later', 'discuss'] as const;

/** Longest text a case field takes; a workshop write-up fits many times over. */
export const MAX_TEXT = 20_000;

const longText = z.string().max(MAX_TEXT, `at most ${MAX_TEXT} characters`);
const title = z.string().trim().min(1, 'is required').max(200, 'at most 200 characters');
const keys = z.array(taxonomyKey).max(50, 'at most 50');
const userId = rowId('must be a user id');
const day = z.string().refine(isValidDay, 'must be a date (YYYY-MM-DD)');

export const rootCause = z.object({
  text: z.string().trim().min(1, 'is required').max(MAX_TEXT, `at most ${MAX_TEXT} characters`),
  category: z.enum(ROOT_CAUSE_CATEGORIES, { message: `must be one of ${ROOT_CAUSE_CATEGORIES.join(', ')}` }).nullish(),
});
export type RootCause = z.infer<typeof rootCause>;

/**
 * The measurable part of the desired state: the case's topics should stay at or below `max`,
 * either as a share of all inquiries (0.05 = 5 %) or as inquiries per day.
 */
export const target = z
  .object({
    metric: z.enum(['share', 'ratePerDay'], { message: 'must be share or ratePerDay' }),
    max: z.number().min(0, 'must be 0 or more'),
  })
  .refine((t) => t.metric !== 'share' || t.max <= 1, { message: 'a share is a fraction between 0 and 1 (0.05 = 5 %)', path: ['max'] });
export type Target = z.infer<typeof target>;

const editable = {
  title,
  topics: keys,
  markets: keys,
  currentState: longText,
  rootCauses: z.array(rootCause).max(50, 'at most 50'),
  desiredState: longText,
  target: target.nullable(),
  ownerId: userId.nullable(),
  team: z.string().trim().max(100, 'at most 100 characters').nullable(),
  priority: z.enum(PRIORITIES, { message: `must be one of ${PRIORITIES.join(', ')}` }),
  decision: z.enum(DECISIONS, { message: `must be one of ${DECISIONS.join(', ')}` }).nullable(),
};

export const createCaseBody = z
  .object({
    ...editable,
    title: title.optional(),
    topics: keys.optional(),
    markets: keys.optional(),
    currentState: longText.optional(),
    rootCauses: editable.rootCauses.optional(),
    desiredState: longText.optional(),
    target: editable.target.optional(),
    ownerId: editable.ownerId.optional(),
    team: editable.team.optional(),
    priority: editable.priority.optional(),
    decision: editable.decision.optional(),
    /** Start from a detected spike: topics, markets, title and evidence are filled in from it. */
    spikeId: rowId('must be a spike id').optional(),
  })
  .strict()
  .refine((body) => body.title !== undefined || body.spikeId !== undefined, { message: 'is required (or give spikeId)', path: ['title'] });
export type CreateCaseBody = z.infer<typeof createCaseBody>;

export const updateCaseBody = z
  .object(editable)
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');
export type UpdateCaseBody = z.infer<typeof updateCaseBody>;

export const statusBody = z.object({
  status: z.enum(CASE_STATUSES, { message: `must be one of ${CASE_STATUSES.join(', ')}` }),
  reason: z.string().trim().min(1).max(MAX_TEXT, `at most ${MAX_TEXT} characters`).optional(),
}).strict();

export const createActionBody = z
  .object({
    title,
    ownerId: userId.nullish(),
    dueDate: day.nullish(),
    status: z.enum(ACTION_STATUSES).optional(),
  })
  .strict();
export const updateActionBody = z
  .object({
    title: title.optional(),
    ownerId: userId.nullable().optional(),
    dueDate: day.nullable().optional(),
    status: z.enum(ACTION_STATUSES, { message: `must be one of ${ACTION_STATUSES.join(', ')}` }).optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');
export type CreateActionBody = z.infer<typeof createActionBody>;
export type UpdateActionBody = z.infer<typeof updateActionBody>;

export const commentBody = z.object({ body: z.string().trim().min(1, 'is required').max(MAX_TEXT, `at most ${MAX_TEXT} characters`) }).strict();

export const listCasesQuery = z.object({
  status: z
    // ?status=a&status=b is the same as ?status=a,b
    .preprocess((v) => (Array.isArray(v) ? v.join(',') : v), z.string())
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(CASE_STATUSES, { message: `must be among ${CASE_STATUSES.join(', ')}` })))
    .optional(),
  owner: z.union([z.literal('me'), rowIdText('must be "me" or a user id')]).optional(),
  topic: taxonomyKey.optional(),
  market: taxonomyKey.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListCasesQuery = z.infer<typeof listCasesQuery>;

/** Gathers one more spike into a case. */
export const addSpikeBody = z.object({ spikeId: rowId('must be a spike id') }).strict();
