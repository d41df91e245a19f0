import { z } from 'zod';
import { rowId, rowIdText } from '../http/validation.ts';
import { taxonomyKey } from '../taxonomy/schemas.ts';

export const idParam = z.object({ id: rowIdText() });
export const linkParams = z.object({ id: z.string(), linkId: rowIdText() });

/** What a connection has beside its tracker settings: whom it serves, and whether it is used. */
const placement = {
  /** The team this connection serves; null: any. */
  team: z.string().trim().min(1).max(200).nullable().optional(),
  /** A market key; null: any market. */
  market: taxonomyKey.nullable().optional(),
  active: z.boolean({ message: 'must be true or false' }).optional(),
};

/**
 * A connection as posted: the tracker settings of src/trackers/connection.ts (validated there,
 * secrets as environment variable names) plus its placement.
 */
export const connectionBody = z.looseObject(placement);
export type ConnectionBody = z.infer<typeof connectionBody>;

export const createLinkBody = z.strictObject({
  /** The connection's name (or id); left out, the one placed in the case's market (see connectionPick.ts). */
  connection: z.union([z.string().trim().min(1).max(200), z.number().int().positive()]).optional(),
  /** Optional check: the connection's tracker. */
  provider: z.enum(['jira', 'github'], { message: 'must be jira or github' }).optional(),
  actionId: rowId().nullable().optional(),
});
export type CreateLinkBody = z.infer<typeof createLinkBody>;

export const PLACEMENT_FIELDS = Object.keys(placement) as Array<keyof typeof placement>;
