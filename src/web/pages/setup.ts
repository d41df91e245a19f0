import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import { MIN_PASSWORD_LENGTH } from '../../users/schemas.ts';
import { completeSetup, findUsableLink, type SetupLink } from '../../users/setupLinks.ts';
import { field, fieldErrors, type FieldErrors } from '../http/forms.ts';
import { flash, render, tr } from '../http/page.ts';
import { beginSignedInSession } from '../http/session.ts';

const setupForm = (needsEmail: boolean) =>
  z
    .object({
      email: needsEmail ? z.string().trim().toLowerCase().min(1, 'form.required').email('form.email').max(254, 'form.tooLong') : z.string().optional(),
      name: z.string().trim().min(1, 'form.required').max(200, 'form.tooLong'),
      password: z.string().min(MIN_PASSWORD_LENGTH, 'setup.passwordShort').max(200, 'form.tooLong'),
      confirm: z.string(),
    })
    .refine((form) => form.password === form.confirm, { path: ['confirm'], message: 'setup.passwordsDiffer' });

/** One-time set-up links: the first admin's, invitations and resets. */
export function setupRoutes(ctx: AppContext): Router {
  const router = Router();

  const showForm = (req: Request, res: Response, link: SetupLink, input: { email: string; name: string; errors?: FieldErrors; status?: number }) => {
    const t = tr(res);
    render(
      req,
      res,
      'setup',
      {
        title: t(link.purpose === 'first_admin' ? 'setup.firstAdminTitle' : 'setup.title'),
        firstAdmin: link.purpose === 'first_admin',
        email: input.email,
        name: input.name,
        errors: input.errors ?? {},
        minLength: MIN_PASSWORD_LENGTH,
        action: req.originalUrl.split('?')[0],
      },
      { status: input.status ?? 200, anonymousForm: true },
    );
  };
  const showUnusable = (req: Request, res: Response) => {
    const t = tr(res);
    render(req, res, 'setup-unusable', { title: t('setup.unusableTitle') }, { status: 410 });
  };

  router.get('/setup/:token', async (req, res) => {
    const link = await findUsableLink(ctx.pool, String(req.params.token), ctx.now());
    if (!link) return showUnusable(req, res);
    showForm(req, res, link, { email: link.email ?? '', name: link.name ?? '' });
  });

  router.post('/setup/:token', async (req, res) => {
    const token = String(req.params.token);
    const link = await findUsableLink(ctx.pool, token, ctx.now());
    if (!link) return showUnusable(req, res);
    const firstAdmin = link.purpose === 'first_admin';
    const parsed = setupForm(firstAdmin).safeParse(req.body);
    const kept = { email: firstAdmin ? field(req.body, 'email') : (link.email ?? ''), name: field(req.body, 'name') };
    if (!parsed.success) return showForm(req, res, link, { ...kept, errors: fieldErrors(parsed.error, tr(res)), status: 400 });
    let userId: number;
    try {
      userId = await completeSetup(ctx.pool, { token, email: parsed.data.email, name: parsed.data.name, password: parsed.data.password, asOf: ctx.now() });
    } catch (error) {
      // Someone used the link between our check and the update: it is spent either way.
      if (error instanceof AppError && error.code === 'NOT_FOUND') return showUnusable(req, res);
      throw error;
    }
    await beginSignedInSession(req, { userId, at: ctx.now() });
    flash(req, { kind: 'success', key: 'setup.done' });
    res.redirect(303, '/');
  });
  return router;
}
