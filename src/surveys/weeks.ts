import { addDays, type Day } from '../time.ts';

export interface Week {
  /** The week's Monday, its key. */
  monday: Day;
  /** ISO 8601 week, e.g. 2026-W47. */
  label: string;
  /** The week's days within the period. */
  from: Day;
  to: Day;
}

/** ISO weeks (Monday to Sunday) that touch [from, to], each cut to the period. */
export function weeksOf(from: Day, to: Day): Week[] {
  const weeks: Week[] = [];
  for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) {
    const sunday = addDays(monday, 6);
    weeks.push({ monday, label: isoWeekLabel(monday), from: monday < from ? from : monday, to: sunday > to ? to : sunday });
  }
  return weeks;
}

export function mondayOf(day: Day): Day {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/** The ISO week a Monday starts: the week belongs to the year its Thursday falls in. */
export function isoWeekLabel(monday: Day): string {
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const firstThursday = addDays(mondayOf(`${year}-01-04`), 3);
  const week = Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${firstThursday}T00:00:00Z`)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
