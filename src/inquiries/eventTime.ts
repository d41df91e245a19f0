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
