import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type ClientRateLimitInfo, type Options, type Store } from 'express-rate-limit';
import type pg from 'pg';
import * as repo from './rateLimitRepo.ts';

/**
 * Rate-limit counters in the database, so every web process behind a load balancer counts the same
 * attempts and a restart does not reset them. Windows run on the wall clock, not the app's `now()`:
 * express-rate-limit itself compares reset times with `Date.now()` when it forgives a success.
 */
class DatabaseStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private readonly now = () => new Date();
  constructor(
    private readonly pool: pg.Pool,
    readonly prefix: string,
  ) {}
  init(options: Options): void {
    this.windowMs = options.windowMs;
  }
  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await repo.get(this.pool, this.prefix + key, this.now());
    return row ? { totalHits: row.hits, resetTime: row.resetAt } : undefined;
  }
  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = this.now();
    // Now and then, drop counters whose window ended a day ago; cheaper than a job for a tiny table.
    if (Math.random() < 0.01) await repo.pruneEnded(this.pool, new Date(now.getTime() - 86_400_000));
    const row = await repo.increment(this.pool, { key: this.prefix + key, windowMs: this.windowMs, now });
    return { totalHits: row.hits, resetTime: row.resetAt };
  }
  async decrement(key: string): Promise<void> {
    await repo.decrement(this.pool, this.prefix + key);
  }
  async resetKey(key: string): Promise<void> {
    await repo.reset(this.pool, this.prefix + key);
  }
}

export interface SignInLimits {
  /** Failed attempts from one address (or IPv6 /56) per window; successes do not count, so a whole office behind one address can sign in. */
  perIp: number;
  /** Failed attempts on one e-mail address per window, from anywhere. */
  perEmail: number;
  windowMs: number;
}

export const defaultSignInLimits: SignInLimits = { perIp: 30, perEmail: 5, windowMs: 15 * 60_000 };

export const emailKey = (req: Request) => String((req.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase();

/**
 * Two limits on failed sign-ins: per client address (a guesser trying many accounts) and per e-mail
 * (many guessers trying one account). Only failures count, so people signing in are never held up.
 */
export function signInLimiters(
  pool: pg.Pool,
  onLimited: (req: Request, res: Response, retryAt: Date | undefined) => void,
  limits: SignInLimits = defaultSignInLimits,
): RequestHandler[] {
  const handler = (req: Request, res: Response) => {
    const info = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit;
    onLimited(req, res, info?.resetTime);
  };
  const common = { windowMs: limits.windowMs, standardHeaders: 'draft-8' as const, legacyHeaders: false, handler };
  return [
    rateLimit({
      ...common,
      limit: limits.perIp,
      skipSuccessfulRequests: true,
      store: new DatabaseStore(pool, 'sign-in:ip:'),
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
    }),
    rateLimit({
      ...common,
      limit: limits.perEmail,
      skipSuccessfulRequests: true,
      store: new DatabaseStore(pool, 'sign-in:email:'),
      keyGenerator: emailKey,
    }),
  ];
}
