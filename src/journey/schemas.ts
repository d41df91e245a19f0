import { z } from 'zod';
import { taxonomyKey } from '../taxonomy/schemas.ts';

/** Phase and touch-point keys follow the taxonomy's rules: stable, lower-case, no spaces. */
export const journeyKey = taxonomyKey;

const name = z.string().trim().min(1, 'is required').max(200, 'at most 200 characters');
const description = z.string().trim().max(2000, 'at most 2000 characters').nullable();
/** 1 is first; a position past the end puts the item last. */
const position = z.number().int('must be a whole number').min(1, 'must be 1 or more');

export const createPhaseBody = z
  .object({ key: journeyKey, name, description: description.optional(), momentOfTruth: z.boolean().optional(), position: position.optional() })
  .strict();
export type CreatePhaseBody = z.infer<typeof createPhaseBody>;

export const updatePhaseBody = z
  .object({ name: name.optional(), description: description.optional(), momentOfTruth: z.boolean().optional(), position: position.optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'give at least one of name, description, momentOfTruth, position');
export type UpdatePhaseBody = z.infer<typeof updatePhaseBody>;

export const reorderPhasesBody = z.object({ order: z.array(journeyKey).min(1, 'lists every phase key in the new order') }).strict();

export const createTouchPointBody = z.object({ key: journeyKey, name, position: position.optional() }).strict();
export type CreateTouchPointBody = z.infer<typeof createTouchPointBody>;

export const updateTouchPointBody = z
  .object({ name: name.optional(), position: position.optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'give at least one of name, position');
export type UpdateTouchPointBody = z.infer<typeof updateTouchPointBody>;

/** A topic's own place: a phase, optionally one of that phase's touch points; `phase: null` clears it (the topic inherits again). */
export const placeTopicBody = z
  .object({ phase: journeyKey.nullable().optional(), touchPoint: journeyKey.nullable().optional() })
  .strict()
  .refine((body) => body.phase !== undefined || body.touchPoint !== undefined, 'give phase (or null to inherit), touchPoint, or both');
export type PlaceTopicBody = z.infer<typeof placeTopicBody>;

export const keyParam = z.object({ key: journeyKey });

export const journeyQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  asOf: z.string().optional(),
  market: taxonomyKey.optional(),
});
export type JourneyQuery = z.infer<typeof journeyQuery>;
