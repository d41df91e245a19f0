import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { ROLES } from '../../auth/roles.ts';
import { createToken, listApiTokens, revokeApiToken, tokenRoleProblem } from '../../auth/tokenService.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { AppContext } from '../../context.ts';
import { listUsers } from '../../users/service.ts';
import { field, fieldErrors, type FieldErrors } from '../http/forms.ts';
import { flash, render, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';
import { formName, idFrom, refusalOf } from './adminShared.ts';

const tokenForm = z.object({
  name: formName(100),
  role: z.enum(ROLES, { message: 'users.roleInvalid' }),
  user: z.union([z.literal(''), z.coerce.number().int().positive()], { message: 'admin.tokens.userInvalid' }),
});

interface Values {
  name: string;
  role: string;
  user: string;
}

/**
 * Admins: API tokens (for machines and scripts), made here and shown once. The tokens behind web
 * sign-ins are not listed: they have no usable value and end with the person's account, not here.
 */
export function adminTokenRoutes(ctx: AppContext): Router {
  const router = Router();
  const guard = requirePage('manageUsers');

  async function showTokens(req: Request, res: Response, input: { values?: Values; errors?: FieldErrors; created?: { name: string; token: string }; status?: number } = {}) {
    const t = tr(res);
    const [tokens, users] = await Promise.all([listApiTokens(ctx.pool), listUsers(ctx.pool)]);
    const values = input.values ?? { name: '', role: 'ingest', user: '' };
    render(
      req,
      res,
      'admin-tokens',
      {
        title: t('admin.tokens.title'),
        tokens: tokens.map((k) => ({ ...k, roleLabel: `role.${k.role}` })).reverse(),
        roles: ROLES.map((r) => ({ value: r, label: `role.${r}`, selected: r === values.role })),
        users: users.filter((u) => !u.disabledAt).map((u) => ({ id: u.id, name: u.name, email: u.email, selected: String(u.id) === values.user })),
        values,
        errors: input.errors ?? {},
        created: input.created,
      },
      { status: input.status ?? 200 },
    );
  }

  router.get('/admin/tokens', ...guard, async (req, res) => {
    await showTokens(req, res);
  });

  router.post('/admin/tokens', ...guard, async (req, res) => {
    const t = tr(res);
    const values: Values = { name: field(req.body, 'name'), role: field(req.body, 'role'), user: field(req.body, 'user') };
    const parsed = tokenForm.safeParse(values);
    if (!parsed.success) return showTokens(req, res, { values, errors: fieldErrors(parsed.error, t), status: 400 });
    const { name, role, user } = parsed.data;
    const person = user === '' ? undefined : (await listUsers(ctx.pool)).find((u) => u.id === user && !u.disabledAt);
    if (user !== '' && !person) {
      return showTokens(req, res, { values, errors: { user: t('admin.tokens.userInvalid') }, status: 400 });
    }
    if (person && tokenRoleProblem(role, person)) {
      return showTokens(req, res, { values, errors: { role: t('admin.tokens.roleNotTheirs', { name: person.name, role: t(`role.${person.role}` as MessageKey) }) }, status: 400 });
    }
    const { token } = await createToken(ctx.pool, { name, role, ...(user === '' ? {} : { userId: user }) });
    // The value is on this answer only; the database keeps its hash.
    await showTokens(req, res, { created: { name, token }, status: 201 });
  });

  router.post('/admin/tokens/:id/revoke', ...guard, async (req, res) => {
    const id = idFrom(req, 'token');
    try {
      await revokeApiToken(ctx.pool, id, ctx.now());
      flash(req, { kind: 'success', key: 'admin.tokens.revoked', params: { id } });
    } catch (error) {
      flash(req, { kind: 'error', key: 'admin.refused', params: { reason: refusalOf(error).message } });
    }
    res.redirect(303, '/admin/tokens');
  });
  return router;
}
