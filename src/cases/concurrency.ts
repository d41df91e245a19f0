import { AppError } from '../http/errors.ts';

/** Reads the version a client last saw from If-Match (`"3"`, `W/"3"` or `3`); undefined when absent. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!match) throw new AppError('INVALID_INPUT', `If-Match must be the version from the ETag, e.g. "3" (got ${header})`);
  return Number(match[1]);
}

export function requireIfMatch(header: string | undefined, what: string): number {
  const version = parseIfMatch(header);
  if (version === undefined) {
    throw new AppError('PRECONDITION_REQUIRED', `Send If-Match with the ${what} version you edited (the ETag of its GET), so no one's change is overwritten`);
  }
  return version;
}

/** 412 with the current state attached, so the client can show both versions and lose nothing. */
export function assertVersion(expected: number | undefined, actual: number, what: string, current: unknown): void {
  if (expected === undefined || expected === actual) return;
  throw new AppError('PRECONDITION_FAILED', `The ${what} changed since you loaded it (your version ${expected}, now ${actual}); nothing was saved`, {
    currentVersion: actual,
    current,
  });
}
