import type { RequestHandler } from 'express';
import { can, PERMISSIONS, type Permission } from '../../auth/roles.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import { getAccount, principalOf, setLocale } from '../../users/accounts.ts';
import { isLocale } from '../i18n/index.ts';
import { chooseLocale } from '../i18n/locale.ts';

/**
 * Turns the session's user into the same principal an API token gives (role and name read fresh on
 * every request, so a role change or a disabled account takes effect at once), and picks the page
 * language. A session older than the account's latest password is ended.
 */
export function sessionPrincipal(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    res.locals.timeZone = ctx.config.TZ_NAME;
    const userId = req.session?.userId;
    const account = userId === undefined ? undefined : await getAccount(ctx.pool, userId);
    const principal = account && principalOf(account);
    const replaced = account?.passwordSetAt && account.passwordSetAt.getTime() > (req.session.signedInAt ?? 0);
    if (userId !== undefined && (!principal || replaced)) {
      delete req.session.userId;
      delete req.session.signedInAt;
    } else if (principal) {
      req.principal = principal;
      res.locals.account = account;
    }
    res.locals.locale = chooseLocale(req, req.principal ? account?.locale : undefined);
    const asked = req.query.lang;
    if (isLocale(asked) && req.session) {
      req.session.locale = asked;
      if (req.principal && account?.locale !== asked) await setLocale(ctx.pool, req.principal.userId!, asked);
    }
    next();
  };
}

/** Pages below need a signed-in person; the signed-out are sent to sign in and brought back. */
export const requireSignedIn: RequestHandler = (req, res, next) => {
  if (req.principal) return next();
  if (req.method === 'GET') return res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
  throw new AppError('UNAUTHENTICATED', 'Not signed in');
};

/** 403 page unless the person's role carries the permission (the same table the API enforces). */
export function requirePage(permission: Permission): RequestHandler[] {
  return [
    requireSignedIn,
    (req, _res, next) => {
      if (!can(req.principal!.role, permission)) {
        throw new AppError('FORBIDDEN', `Role "${req.principal!.role}" may not ${permission}; allowed: ${PERMISSIONS[permission].join(', ')}`);
      }
      next();
    },
  ];
}
