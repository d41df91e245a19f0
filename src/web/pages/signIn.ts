import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { checkSignIn } from '../../users/accounts.ts';
import type { CookiePolicy } from '../http/cookies.ts';
import { fieldErrors, safeReturnPath, type FieldErrors } from '../http/forms.ts';
import { render, tr } from '../http/page.ts';
import { signInLimiters, type SignInLimits } from '../http/rateLimit.ts';
import { beginSignedInSession, endSession } from '../http/session.ts';

const signInForm = z.object({
  email: z.string().trim().min(1, 'form.required').max(254, 'form.tooLong'),
  password: z.string().min(1, 'form.required').max(1000, 'form.tooLong'),
});

function showSignIn(req: Request, res: Response, input: { email?: string; errors?: FieldErrors; problem?: string; status?: number }) {
  const t = tr(res);
  render(
    req,
    res,
    'sign-in',
    {
      title: t('signIn.title'),
      email: input.email ?? '',
      next: safeReturnPath(req.query.next ?? (req.body as { next?: unknown } | undefined)?.next) ?? '',
      errors: input.errors ?? {},
      problem: input.problem,
      signedOut: req.query.signedOut === '1',
      insecureTransport: res.locals.cookiesNeedHttps === true,
    },
    { status: input.status ?? 200, anonymousForm: true },
  );
}

/** Sign-in with e-mail and password (rate-limited), and sign-out. */
export function signInRoutes(ctx: AppContext, policy: CookiePolicy, limits?: SignInLimits): Router {
  const router = Router();
  const markTransport = (req: Request, res: Response) => {
    // Secure cookies are never set over plain http: say so instead of failing silently.
    res.locals.cookiesNeedHttps = policy.secure && !req.secure;
  };

  router.get('/sign-in', (req, res) => {
    if (req.principal) return res.redirect(303, safeReturnPath(req.query.next) ?? '/');
    markTransport(req, res);
    showSignIn(req, res, {});
  });

  const limited = signInLimiters(
    ctx.pool,
    (req, res, retryAt) => {
      const t = tr(res);
      const minutes = retryAt ? Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 60_000)) : 15;
      showSignIn(req, res, { email: String((req.body as { email?: unknown }).email ?? ''), problem: t('signIn.tooMany', { minutes }), status: 429 });
    },
    limits,
  );

  router.post('/sign-in', ...limited, async (req, res) => {
    markTransport(req, res);
    const t = tr(res);
    const parsed = signInForm.safeParse(req.body);
    if (!parsed.success) {
      showSignIn(req, res, { email: String((req.body as { email?: unknown }).email ?? ''), errors: fieldErrors(parsed.error, t), status: 400 });
      return;
    }
    const account = await checkSignIn(ctx.pool, parsed.data.email, parsed.data.password);
    if (!account) {
      req.log?.info({ module: 'web' }, 'sign-in refused');
      showSignIn(req, res, { email: parsed.data.email, problem: t('signIn.failed'), status: 401 });
      return;
    }
    await beginSignedInSession(req, { userId: account.userId, at: ctx.now(), locale: account.locale });
    req.log?.info({ module: 'web', userId: account.userId }, 'signed in');
    res.redirect(303, safeReturnPath((req.body as { next?: unknown }).next) ?? '/');
  });

  router.post('/sign-out', async (req, res) => {
    if (req.session) await endSession(req);
    res.clearCookie(policy.sessionCookie, { path: '/', httpOnly: true, secure: policy.secure, sameSite: 'lax' });
    res.redirect(303, '/sign-in?signedOut=1');
  });
  return router;
}
