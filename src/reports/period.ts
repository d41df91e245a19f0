import { addDays, daysInclusive, isValidDay, type Day } from '../time.ts';

/** The longest period a portfolio report covers: two years, so a year compares with the year before. */
export const MAX_PERIOD_DAYS = 731;

export interface Period {
  from: Day;
  to: Day;
  days: number;
}

export type PeriodField = 'from' | 'to' | 'market';
export type PeriodProblem = 'badDate' | 'bothOrNeither' | 'toBeforeFrom' | 'future' | 'tooLong' | 'unknownMarket';
export type PeriodProblems = Partial<Record<PeriodField, PeriodProblem>>;

const periodOf = (from: Day, to: Day): Period => ({ from, to, days: daysInclusive(from, to) });

/** The last calendar quarter that has ended before `today` (on 23 Nov 2026: 1 Jul – 30 Sep 2026). */
export function lastFullQuarter(today: Day): Period {
  const year = Number(today.slice(0, 4));
  const quarterStartMonth = Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1;
  const thisQuarter = `${year}-${String(quarterStartMonth).padStart(2, '0')}-01`;
  const to = addDays(thisQuarter, -1);
  const startMonth = Math.floor((Number(to.slice(5, 7)) - 1) / 3) * 3 + 1;
  return periodOf(`${to.slice(0, 4)}-${String(startMonth).padStart(2, '0')}-01`, to);
}

/** The 90 whole days before today. */
export function last90Days(today: Day): Period {
  return periodOf(addDays(today, -90), addDays(today, -1));
}

/** The period of equal length that ends the day before `period` starts. */
export function previousPeriodOf(period: Period): Period {
  return periodOf(addDays(period.from, -period.days), addDays(period.from, -1));
}

/**
 * Reads a from/to pair: both absent gives the last full quarter; otherwise both must be dates, from
 * no later than to, to no later than today, and at most MAX_PERIOD_DAYS long. Problems come back by
 * field, so a form can show each next to its field.
 */
export function checkPeriod(input: { from?: string | undefined; to?: string | undefined }, today: Day): { period: Period } | { problems: PeriodProblems } {
  const from = input.from?.trim() || undefined;
  const to = input.to?.trim() || undefined;
  if (from === undefined && to === undefined) return { period: lastFullQuarter(today) };
  const problems: PeriodProblems = {};
  if (from !== undefined && !isValidDay(from)) problems.from = 'badDate';
  if (to !== undefined && !isValidDay(to)) problems.to = 'badDate';
  if (from === undefined) problems.from ??= 'bothOrNeither';
  if (to === undefined) problems.to ??= 'bothOrNeither';
  if (Object.keys(problems).length > 0) return { problems };
  if (from! > to!) return { problems: { to: 'toBeforeFrom' } };
  if (to! > today) return { problems: { to: 'future' } };
  if (daysInclusive(from!, to!) > MAX_PERIOD_DAYS) return { problems: { to: 'tooLong' } };
  return { period: periodOf(from!, to!) };
}

/** The problems in English, for the API's error message (the pages translate the codes). */
export function describeProblem(field: PeriodField, problem: PeriodProblem, context: { from?: string; today: Day; market?: string }): string {
  const messages: Record<PeriodProblem, string> = {
    badDate: 'must be a date (YYYY-MM-DD)',
    bothOrNeither: 'give both from and to, or neither for the last full quarter',
    toBeforeFrom: `must be on or after from (${context.from ?? ''})`,
    future: `must not be after today (${context.today})`,
    tooLong: `the period may be at most ${MAX_PERIOD_DAYS} days`,
    unknownMarket: `unknown market "${context.market ?? ''}"`,
  };
  return `${field}: ${messages[problem]}`;
}
