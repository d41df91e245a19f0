import { z } from 'zod';

/** Keys are stable identifiers used by APIs and CSV files: lower-case, no spaces. */
export const taxonomyKey = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'must be 1–64 characters of a–z, 0–9, "_", "." or "-", starting with a letter or digit');

const name = z.string().trim().min(1, 'is required').max(200, 'at most 200 characters');

// Strict: a misspelt field ("parnet", "markts") is named, not dropped with a success answer.
export const createMarketBody = z.object({ key: taxonomyKey, name }).strict();
export const createTopicBody = z.object({ key: taxonomyKey, name, parent: taxonomyKey.nullish() }).strict();

export const updateMarketBody = z
  .object({ name: name.optional(), archived: z.boolean().optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'give at least one of name, archived');

export const updateTopicBody = z
  .object({ name: name.optional(), parent: taxonomyKey.nullable().optional(), archived: z.boolean().optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'give at least one of name, parent, archived');

export const mergeBody = z.object({ into: taxonomyKey }).strict();

/** A seed file or request: create what is missing, rename what exists, never delete. */
export const seedBody = z.object({
  markets: z.array(createMarketBody).max(1000).default([]),
  topics: z.array(createTopicBody).max(10_000).default([]),
})
  .strict()
  // A key given twice would be created and then silently renamed by its second entry.
  .superRefine((body, ctx) => {
    for (const list of ['markets', 'topics'] as const) {
      const first = new Map<string, number>();
      body[list].forEach((entry, index) => {
        const earlier = first.get(entry.key);
        if (earlier === undefined) first.set(entry.key, index);
        else ctx.addIssue({ code: 'custom', path: [list, index, 'key'], message: `"${entry.key}" is given twice (also ${list}.${earlier})` });
      });
    }
  });

export const listQuery = z.object({ includeArchived: z.enum(['true', 'false']).optional() });

export type CreateMarketBody = z.infer<typeof createMarketBody>;
export type CreateTopicBody = z.infer<typeof createTopicBody>;
export type UpdateMarketBody = z.infer<typeof updateMarketBody>;
export type UpdateTopicBody = z.infer<typeof updateTopicBody>;
export type SeedBody = z.infer<typeof seedBody>;
