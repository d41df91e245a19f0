import { z } from 'zod';

export const USER_ROLES = ['agent', 'analyst', 'leader', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const createUserBody = z.object({
  email: z.string().trim().toLowerCase().email('must be an e-mail address').max(254),
  name: z.string().trim().min(1, 'is required').max(200, 'at most 200 characters'),
  role: z.enum(USER_ROLES, { message: `must be one of ${USER_ROLES.join(', ')}` }),
  team: z.string().trim().min(1).max(100, 'at most 100 characters').nullish(),
});
export type CreateUserBody = z.infer<typeof createUserBody>;
