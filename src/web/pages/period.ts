import type { Request } from 'express';
import { addDays, daysInclusive, isValidDay, type Day } from '../../time.ts';
import type { MessageKey } from '../i18n/index.ts';
import { textOf } from '../http/forms.ts';

export const PERIODS = ['7', '30', '90', 'custom'] as const;
export type PeriodName = (typeof PERIODS)[number];
const MAX_DAYS = 3660;

export interface PeriodChoice {
  period: PeriodName;
  from: Day;
  to: Day;
  days: number;
  /** Problems with a custom period, by field; the page then shows the default 30 days. */
  errors: Partial<Record<'from' | 'to', MessageKey>>;
}


/**
 * The period a page shows: the last 7, 30 or 90 complete days (up to yesterday), or custom dates.
 * Today is left out because it is not over: counted, it would make every period look quieter than
 * the one before it. A bad custom period is reported by field and the page falls back to the last
 * 30 days.
 */
export function readPeriod(req: Request, today: Day): PeriodChoice {
  const asked = textOf(req.query.period);
  const period: PeriodName = (PERIODS as readonly string[]).includes(asked) ? (asked as PeriodName) : '30';
  const yesterday = addDays(today, -1);
  if (period !== 'custom') {
    const days = Number(period);
    return { period, from: addDays(yesterday, -(days - 1)), to: yesterday, days, errors: {} };
  }
  const from = textOf(req.query.from);
  const to = textOf(req.query.to);
  const errors: PeriodChoice['errors'] = {};
  if (!isValidDay(from)) errors.from = 'period.badDate';
  if (!isValidDay(to)) errors.to = 'period.badDate';
  if (!errors.from && !errors.to) {
    if (from > to) errors.to = 'period.toBeforeFrom';
    else if (daysInclusive(from, to) > MAX_DAYS) errors.to = 'period.tooLong';
  }
  if (errors.from || errors.to) return { period, from: addDays(yesterday, -29), to: yesterday, days: 30, errors };
  return { period, from, to, days: daysInclusive(from, to), errors };
}

/** The query string that keeps a period and market when moving between pages. */
export function periodQuery(choice: PeriodChoice, market: string | null): string {
  const params = new URLSearchParams({ period: choice.period });
  if (choice.period === 'custom') {
    params.set('from', choice.from);
    params.set('to', choice.to);
  }
  if (market) params.set('market', market);
  return params.toString();
}
