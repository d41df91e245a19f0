export type TrackerErrorKind = 'auth' | 'not_found' | 'rate_limited' | 'invalid' | 'unavailable';

/**
 * What went wrong talking to a tracker, in the terms the outbox acts on: `rate_limited` and
 * `unavailable` are worth retrying (after `retryAfterMs` when the tracker said how long),
 * `auth`, `not_found` and `invalid` need a person.
 */
export class TrackerError extends Error {
  readonly kind: TrackerErrorKind;
  /** Set for `rate_limited` when the tracker said when to come back; never negative. */
  readonly retryAfterMs: number | null;
  readonly status: number | null;

  constructor(options: { kind: TrackerErrorKind; message: string; status?: number | null; retryAfterMs?: number | null; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = 'TrackerError';
    this.kind = options.kind;
    this.status = options.status ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }

  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'unavailable';
  }
}

/** A connection that cannot be built: a missing secret, an unsupported auth mode, a bad URL. */
export class TrackerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrackerConfigError';
  }
}

type HeaderValue = string | string[] | number | undefined | null;
export type ResponseHeaders = Record<string, HeaderValue>;

function header(headers: ResponseHeaders | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined || value === null) continue;
    return String(Array.isArray(value) ? value[0] : value).trim();
  }
  return undefined;
}

/**
 * How long the tracker asked us to wait, from `Retry-After` (seconds or an HTTP date) or
 * `X-RateLimit-Reset` (epoch seconds, GitHub's form; Jira sends an ISO time there).
 * Null when neither header says anything usable.
 */
export function parseRetryAfterMs(headers: ResponseHeaders | undefined, now: Date): number | null {
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  const reset = header(headers, 'x-ratelimit-reset');
  if (reset) {
    const at = /^\d+$/.test(reset) ? Number(reset) * 1000 : Date.parse(reset);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  return null;
}

/** The kind an HTTP status means for every tracker; the adapters refine 403 (rate limit or permission). */
export function kindForStatus(status: number): TrackerErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status === 408 || status >= 500) return 'unavailable';
  return 'invalid';
}
