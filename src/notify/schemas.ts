import { z } from 'zod';
import { rowIdText } from '../http/validation.ts';
import { taxonomyKey } from '../taxonomy/schemas.ts';
import { isHttpUrl } from './configChecks.ts';
import { DELIVERY_STATUSES } from './deliveryRepo.ts';

export const TARGET_KINDS = ['slack', 'email'] as const;

const email = z.email();

/** Why an address does not fit its kind (a webhook URL for slack, an e-mail address for email), or undefined. */
export function addressProblem(kind: (typeof TARGET_KINDS)[number], address: string): string | undefined {
  if (kind === 'slack') return isHttpUrl(address) ? undefined : 'must be an http:// or https:// webhook URL';
  return email.safeParse(address).success ? undefined : 'must be an e-mail address';
}

const fields = {
  name: z.string().trim().min(1, 'is required').max(200, 'at most 200 characters'),
  kind: z.enum(TARGET_KINDS, { message: `must be one of ${TARGET_KINDS.join(', ')}` }),
  address: z.string().trim().min(1, 'is required').max(2000, 'at most 2000 characters'),
  /** A topic key (its sub-topics included); null or absent: every topic. */
  topic: taxonomyKey.nullable(),
  /** A market key; null or absent: every market. */
  market: taxonomyKey.nullable(),
  spikes: z.boolean({ message: 'must be true or false' }),
  digest: z.boolean({ message: 'must be true or false' }),
  active: z.boolean({ message: 'must be true or false' }),
};

export const createTargetBody = z
  .object({
    ...fields,
    topic: fields.topic.default(null),
    market: fields.market.default(null),
    spikes: fields.spikes.default(true),
    digest: fields.digest.default(true),
    active: fields.active.default(true),
  })
  .strict()
  .superRefine((body, check) => {
    const problem = addressProblem(body.kind, body.address);
    if (problem) check.addIssue({ code: 'custom', path: ['address'], message: problem });
  });
export type CreateTargetBody = z.infer<typeof createTargetBody>;

export const updateTargetBody = z
  .object(fields)
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');
export type UpdateTargetBody = z.infer<typeof updateTargetBody>;

export const idParam = z.object({ id: rowIdText() });

export const listDeliveriesQuery = z.object({
  status: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(DELIVERY_STATUSES, { message: `must be among ${DELIVERY_STATUSES.join(', ')}` })))
    .optional(),
  targetId: rowIdText().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
