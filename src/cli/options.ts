import { InvalidArgumentError } from 'commander';

/**
 * A commander parser for a whole number from `min` to `max`, so `--batch-size abc` or `token revoke x`
 * is refused by name before anything runs, instead of running with NaN.
 */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`it must be a whole number from ${min} to ${max}.`);
    return n;
  };
}

/** A commander parser for a source name: what the API accepts for `source` (1 to 50 characters, trimmed). */
export function sourceName(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length < 1 || trimmed.length > 50) throw new InvalidArgumentError('it must be 1 to 50 characters.');
  return trimmed;
}
