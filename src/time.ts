import { TZDate } from '@date-fns/tz';

/** A calendar day, 'YYYY-MM-DD', in the organisation's time zone. */
export type Day = string;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** The calendar day an instant falls on in `timeZone`. */
export function dayOf(instant: Date, timeZone: string): Day {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD. Building a formatter is slow; one per zone is kept.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(instant);
}
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function isValidDay(value: string): boolean {
  const match = DAY_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Years before 1000 are typos here ("0026-11-15"), and JavaScript reads years under 100 as 19xx.
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Adds whole calendar days to a day (no time zone involved: days are labels, not instants). */
export function addDays(day: Day, days: number): Day {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Number of days from `from` to `to`, inclusive of both. */
export function daysInclusive(from: Day, to: Day): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * Parses an ISO 8601 date-time. With an offset (Z, +01:00) it is that instant; without one it is a
 * wall-clock time in `timeZone` (how people write times in spreadsheets); a bare date is midnight.
 * Returns undefined for anything that is not a real calendar time.
 */
export function parseInstant(value: string, timeZone: string): Date | undefined {
  const match = DATETIME_PATTERN.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '0', offset] = match;
  const parts = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)] as const;
  const ms = Math.floor(Number(`0.${fraction}`) * 1000);
  if (parts[1] < 1 || parts[1] > 12 || parts[3] > 23 || parts[4] > 59 || parts[5] > 59) return undefined;
  if (!isValidDay(`${y}-${mo}-${d}`)) return undefined;
  if (offset) {
    const normalised = offset.toUpperCase() === 'Z' ? 'Z' : offset.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
    const instant = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${String(ms).padStart(3, '0')}${normalised}`);
    return Number.isNaN(instant.getTime()) ? undefined : instant;
  }
  const local = new TZDate(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], ms, timeZone);
  return new Date(local.getTime());
}
