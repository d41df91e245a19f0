import type { ZodType } from 'zod';
import { describeZodIssues, nullCharacterProblems } from '../http/validation.ts';
import { parseInstant } from '../time.ts';

const EARLIEST = Date.parse('2000-01-01T00:00:00Z');
const ONE_DAY_MS = 86_400_000;

/**
 * When something a customer did happened (an inquiry received, a survey answered): an ISO 8601
 * date-time, read in the organisation's time zone when it has no offset, not before 2000 and at most a
 * day after `asOf` (clocks and time zones differ; a week ahead is a typo). The one rule for every feed.
 */
export function checkEventTime(
  field: string,
  value: string,
  options: { timeZone: string; asOf: Date },
): { ok: true; at: Date } | { ok: false; errors: string[] } {
  const at = parseInstant(value, options.timeZone);
  if (!at) return { ok: false, errors: [`${field}: "${value}" is not an ISO 8601 date-time (e.g. 2026-11-01T09:30:00+01:00)`] };
  if (at.getTime() > options.asOf.getTime() + ONE_DAY_MS) return { ok: false, errors: [`${field}: ${at.toISOString()} is more than a day in the future`] };
  if (at.getTime() < EARLIEST) return { ok: false, errors: [`${field}: is before 2000-01-01`] };
  return { ok: true, at };
}

/**
 * One raw item of a feed checked whole: no text the database cannot store, the item's schema, then
 * the time rules above for its time `field`. Inquiries and survey answers are checked this way.
 */
export function checkEvent<T extends Record<F, string>, F extends string>(
  schema: ZodType<T>,
  field: F,
  raw: unknown,
  options: { timeZone: string; asOf: Date },
): { ok: true; input: T; at: Date } | { ok: false; errors: string[] } {
  const stored = nullCharacterProblems(raw);
  if (stored.length > 0) return { ok: false, errors: stored };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    // Name a bad time beside the other bad fields, so one correction fixes the row.
    const value = (raw as Record<string, unknown> | null)?.[field];
    const time = typeof value === 'string' ? checkEventTime(field, value, options) : undefined;
    const errors = describeZodIssues(parsed.error);
    return { ok: false, errors: time && !time.ok && !errors.some((e) => e.startsWith(`${field}:`)) ? [...errors, ...time.errors] : errors };
  }
  const time = checkEventTime(field, parsed.data[field], options);
  return time.ok ? { ok: true, input: parsed.data, at: time.at } : time;
}
