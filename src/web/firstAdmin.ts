import type { AppContext } from '../context.ts';
import type { Logger } from '../log.ts';
import { issueFirstAdminLinkIfNeeded, setupPath } from '../users/setupLinks.ts';

/**
 * On a start where nobody can sign in yet, logs a one-time link that creates the first admin (the
 * operator reading the log is trusted; the link dies when used, when it expires, or at the next
 * start, which prints a fresh one). Returns the link, or undefined when someone can sign in.
 */
export async function announceFirstAdminLink(ctx: AppContext, log: Logger): Promise<string | undefined> {
  const link = await issueFirstAdminLinkIfNeeded(ctx.pool, { asOf: ctx.now(), hours: ctx.config.SETUP_LINK_HOURS });
  if (!link) return undefined;
  const url = `${ctx.config.PUBLIC_BASE_URL}${setupPath(link.token)}`;
  log.warn(
    { module: 'auth', expiresAt: link.expiresAt.toISOString() },
    `Nobody can sign in yet. Create the first admin with this one-time link (valid until ${link.expiresAt.toISOString()}): ${url}`,
  );
  return url;
}
