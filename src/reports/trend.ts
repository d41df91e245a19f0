import { addDays, type Day } from '../time.ts';
import type { Period } from './period.ts';

export interface TrendWeek {
  /** First and last day of this week of the period (the last week may be shorter). */
  from: Day;
  to: Day;
  days: number;
  count: number;
  /** The same days of the previous period. */
  previousFrom: Day;
  previousTo: Day;
  previousCount: number;
}

/**
 * Cuts the period into weeks of 7 days counted from its first day (the last may be shorter) and puts
 * beside each the same week of the previous period, so week n is always compared with week n.
 * `daily` holds every day of both periods.
 */
export function weeklyTrend(period: Period, previous: Period, daily: Array<{ day: Day; count: number }>): TrendWeek[] {
  const byDay = new Map(daily.map((d) => [d.day, d.count]));
  const sum = (from: Day, days: number) => Array.from({ length: days }, (_, i) => byDay.get(addDays(from, i)) ?? 0).reduce((a, b) => a + b, 0);
  const weeks: TrendWeek[] = [];
  for (let offset = 0; offset < period.days; offset += 7) {
    const days = Math.min(7, period.days - offset);
    const from = addDays(period.from, offset);
    const previousFrom = addDays(previous.from, offset);
    weeks.push({
      from,
      to: addDays(from, days - 1),
      days,
      count: sum(from, days),
      previousFrom,
      previousTo: addDays(previousFrom, days - 1),
      previousCount: sum(previousFrom, days),
    });
  }
  return weeks;
}
