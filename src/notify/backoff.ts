const FIRST_RETRY_MS = 60_000;
const GROWTH = 4;
const LONGEST_WAIT_MS = 6 * 3_600_000;
/** A receiver asking us to wait longer than a day is treated as asking for a day. */
const LONGEST_RETRY_AFTER_MS = 24 * 3_600_000;

/**
 * How long to wait after the n-th failed attempt: 1, 4, 16, 64 minutes … at most 6 hours, so six
 * attempts span about 5½ hours — long enough to ride out an outage, short enough to still matter.
 */
export function backoffMs(failedAttempts: number): number {
  return Math.min(LONGEST_WAIT_MS, FIRST_RETRY_MS * GROWTH ** Math.max(0, failedAttempts - 1));
}

/**
 * Reads a Retry-After header (RFC 9110: delay seconds or an HTTP date) as a wait in milliseconds
 * from `asOf`; undefined when absent or unreadable.
 */
export function parseRetryAfter(header: string | null, asOf: Date): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  const waitMs = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - asOf.getTime();
  if (Number.isNaN(waitMs)) return undefined;
  return Math.min(LONGEST_RETRY_AFTER_MS, Math.max(0, waitMs));
}
