import { z } from 'zod';

export const MAX_TITLE = 200;
export const MAX_BODY = 4000;
export const NOTE_STATUSES = ['draft', 'published', 'withdrawn'] as const;

const title = z.string().trim().min(1, 'must not be empty').max(MAX_TITLE, `at most ${MAX_TITLE} characters`);
const body = z.string().trim().min(1, 'must not be empty').max(MAX_BODY, `at most ${MAX_BODY} characters`);

/** An edit of a note's texts; the Bokmål text is optional, but title and body go together (null removes both). */
export const updateNoteBody = z
  .object({
    title: title.optional(),
    body: body.optional(),
    nb: z.object({ title, body }).strict().nullable().optional(),
  })
  .strict()
  .refine((edit) => edit.title !== undefined || edit.body !== undefined || edit.nb !== undefined, { message: 'nothing to change: send title, body or nb' });
export type UpdateNoteBody = z.infer<typeof updateNoteBody>;

export const withdrawBody = z.object({ reason: z.string().trim().max(500, 'at most 500 characters').optional() }).strict();

export const listNotesQuery = z.object({
  status: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(',').map((s) => s.trim()) : []))
    .pipe(z.array(z.enum(NOTE_STATUSES))),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListNotesQuery = z.infer<typeof listNotesQuery>;
