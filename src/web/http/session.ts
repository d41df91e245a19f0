import { randomBytes } from 'node:crypto';
import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import session from 'express-session';
import type { AppContext } from '../../context.ts';
import type { Locale } from '../i18n/index.ts';
import { getOrCreateSecret } from '../repo.ts';
import type { CookiePolicy } from './cookies.ts';

export interface Flash {
  kind: 'success' | 'error' | 'info';
  key: string;
  params?: Record<string, string | number>;
}

declare module 'express-session' {
  interface SessionData {
    userId: number;
    /** When this session signed in; a password set later ends it. */
    signedInAt: number;
    locale: Locale;
    flash: Flash[];
    /** Marks an anonymous session worth keeping: its id anchors the sign-in form's CSRF token. */
    anonymous: true;
    /** When the stored session's expiry was last moved forward (see `keepAlive`). */
    touchedAt: number;
  }
}

const PgStore = connectPgSimple(session);

/** Holds the signing secret once it has been read from the configuration or the database. */
export interface SecretHolder {
  value?: string;
}

/**
 * Reads the secret (SESSION_SECRET, or one kept in app_meta so every web process shares it) on the
 * first request, since building the app is synchronous.
 */
export function loadSecret(ctx: AppContext, holder: SecretHolder): RequestHandler {
  let loading: Promise<string> | undefined;
  return (_req, _res, next) => {
    if (holder.value) return next();
    loading ??= ctx.config.SESSION_SECRET ? Promise.resolve(ctx.config.SESSION_SECRET) : getOrCreateSecret(ctx.pool, randomBytes(32).toString('base64url'));
    loading.then(
      (secret) => {
        holder.value = secret;
        next();
      },
      (error: unknown) => {
        loading = undefined;
        next(error);
      },
    );
  };
}

/**
 * Sessions in PostgreSQL (connect-pg-simple on our pool, its table made by our migration). Cookies
 * are http-only, SameSite=Lax (a link from an e-mail still arrives signed in; forms carry CSRF
 * tokens), Secure by policy, and expire after SESSION_IDLE_HOURS without a request.
 */
export function sessions(ctx: AppContext, policy: CookiePolicy, holder: SecretHolder): RequestHandler {
  let middleware: RequestHandler | undefined;
  return (req, res, next) => {
    middleware ??= session({
      name: policy.sessionCookie,
      secret: holder.value!,
      store: new PgStore({
        pool: ctx.pool,
        tableName: 'web_sessions',
        createTableIfMissing: false,
        errorLog: (...args: unknown[]) => ctx.log.warn({ module: 'web', detail: args.map(String).join(' ') }, 'session store failed'),
        // The store would rewrite the session's expiry on every request; keepAlive does it now and then.
        disableTouch: true,
      }),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      unset: 'destroy',
      cookie: { httpOnly: true, sameSite: 'lax', secure: policy.secure, path: '/', maxAge: ctx.config.SESSION_IDLE_HOURS * 3_600_000 },
    });
    middleware(req, res, (error?: unknown) => (error ? next(error) : keepAlive(req, next)));
  };
}

const TOUCH_EVERY_MS = 10 * 60_000;

/**
 * Moves a signed-in session's stored expiry forward at most every ten minutes (by marking it
 * changed, so it is saved), instead of one database write per request: idle sessions still end
 * after SESSION_IDLE_HOURS, give or take those minutes.
 */
function keepAlive(req: import('express').Request, next: (error?: unknown) => void): void {
  const now = Date.now();
  if (req.session?.userId !== undefined && now - (req.session.touchedAt ?? 0) > TOUCH_EVERY_MS) req.session.touchedAt = now;
  next();
}

const promised = (work: (done: (error: unknown) => void) => void) =>
  new Promise<void>((resolve, reject) => work((error) => (error ? reject(error) : resolve())));

/**
 * Signs a person in on a fresh session id (the old one, which a visitor may have been handed before
 * signing in, is dropped: no session fixation). The language chosen before signing in is kept.
 */
export async function beginSignedInSession(req: import('express').Request, input: { userId: number; at: Date; locale?: Locale | null }): Promise<void> {
  const locale = req.session.locale ?? input.locale ?? undefined;
  await promised((done) => req.session.regenerate(done));
  req.session.userId = input.userId;
  req.session.signedInAt = input.at.getTime();
  if (locale) req.session.locale = locale;
  await promised((done) => req.session.save(done));
}

export async function endSession(req: import('express').Request): Promise<void> {
  await promised((done) => req.session.destroy(done));
}
