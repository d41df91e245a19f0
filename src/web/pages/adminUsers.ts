import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import { listUsersWithSignIn } from '../../users/accounts.ts';
import { USER_ROLES } from '../../users/schemas.ts';
import { createUser } from '../../users/service.ts';
import { issueUserLink, setupPath } from '../../users/setupLinks.ts';
import { field, fieldErrors, type FieldErrors } from '../http/forms.ts';
import { render, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';

const inviteForm = z.object({
  email: z.string().trim().toLowerCase().min(1, 'form.required').email('form.email').max(254, 'form.tooLong'),
  name: z.string().trim().min(1, 'form.required').max(200, 'form.tooLong'),
  role: z.enum(USER_ROLES, { message: 'users.roleInvalid' }),
  team: z.string().trim().max(100, 'form.tooLong'),
});

type Invite = { email: string; name: string; role: string; team: string };

/** Admins: the people who can sign in, and one-time set-up links to invite someone or reset a password. */
export function adminUserRoutes(ctx: AppContext): Router {
  const router = Router();
  const guard = requirePage('manageUsers');

  async function showUsers(req: Request, res: Response, input: { values?: Invite; errors?: FieldErrors; link?: { url: string; expiresAt: Date; email: string }; status?: number } = {}) {
    const t = tr(res);
    const users = await listUsersWithSignIn(ctx.pool);
    const values = input.values ?? { email: '', name: '', role: 'agent', team: '' };
    render(
      req,
      res,
      'admin-users',
      {
        title: t('users.title'),
        users: users.map((u) => ({ ...u, roleLabel: `role.${u.role}` })),
        roles: USER_ROLES.map((r) => ({ value: r, label: `role.${r}`, selected: r === values.role })),
        values,
        errors: input.errors ?? {},
        link: input.link,
        hours: ctx.config.SETUP_LINK_HOURS,
      },
      { status: input.status ?? 200 },
    );
  }
  const linkFor = async (userId: number, email: string, purpose: 'invite' | 'reset') => {
    const issued = await issueUserLink(ctx.pool, { userId, purpose, asOf: ctx.now(), hours: ctx.config.SETUP_LINK_HOURS });
    return { url: `${ctx.config.PUBLIC_BASE_URL}${setupPath(issued.token)}`, expiresAt: issued.expiresAt, email };
  };

  router.get('/admin/users', ...guard, async (req, res) => {
    await showUsers(req, res);
  });

  router.post('/admin/users', ...guard, async (req, res) => {
    const t = tr(res);
    const values: Invite = { email: field(req.body, 'email'), name: field(req.body, 'name'), role: field(req.body, 'role'), team: field(req.body, 'team') };
    const parsed = inviteForm.safeParse(values);
    if (!parsed.success) return showUsers(req, res, { values, errors: fieldErrors(parsed.error, t), status: 400 });
    let userId: number;
    try {
      userId = (await createUser(ctx.pool, { ...parsed.data, team: parsed.data.team || null })).id;
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT') return showUsers(req, res, { values, errors: { email: t('users.exists') }, status: 409 });
      throw error;
    }
    // The link is shown once, on this answer only; it is never stored in a readable form.
    await showUsers(req, res, { link: await linkFor(userId, parsed.data.email, 'invite'), status: 201 });
  });

  router.post('/admin/users/:id/link', ...guard, async (req, res) => {
    const user = (await listUsersWithSignIn(ctx.pool)).find((u) => u.id === Number(req.params.id));
    if (!user) throw new AppError('NOT_FOUND', `No user ${String(req.params.id)}`);
    await showUsers(req, res, { link: await linkFor(user.id, user.email, 'reset') });
  });
  return router;
}
