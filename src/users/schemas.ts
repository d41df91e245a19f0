import { z } from 'zod';

export const USER_ROLES = ['agent', 'analyst', 'leader', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const createUserBody = z.object({
  email: z.string().trim().toLowerCase().email('must be an e-mail address').max(254),
  name: z.string().trim().min(1, 'is required').max(200, 'at most 200 characters'),
  role: z.enum(USER_ROLES, { message: `must be one of ${USER_ROLES.join(', ')}` }),
  team: z.string().trim().min(1).max(100, 'at most 100 characters').nullish(),
})
  // Strict: a "password" sent here would otherwise be dropped silently; people set their own.
  .strict();
export type CreateUserBody = z.infer<typeof createUserBody>;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

/** A new password: long enough to resist guessing once hashed; spaces allowed, so passphrases work. */
export const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `at most ${MAX_PASSWORD_LENGTH} characters`);
