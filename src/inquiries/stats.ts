import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { filterScope } from '../taxonomy/service.ts';
import { addDays, dayOf, daysInclusive, isValidDay, parseInstant, type Day } from '../time.ts';
import type { VolumeQuery } from './schemas.ts';
import * as statsRepo from './statsRepo.ts';

export interface VolumeGroup {
  key: string;
  name: string;
  count: number;
  /** Fraction of all inquiries in the period (within the market/channel filter). */
  share: number;
  previousCount: number;
  previousShare: number;
  /** (count − previousCount) / previousCount; null when there was nothing before. */
  change: number | null;
}

export interface VolumeReport {
  period: { from: Day; to: Day; days: number };
  previousPeriod: { from: Day; to: Day };
  groupBy: VolumeQuery['groupBy'];
  filters: { market: string | null; topic: string | null; channel: string | null };
  /** Inquiries matching every filter, topic included. */
  total: number;
  previousTotal: number;
  change: number | null;
  /** All inquiries in the market/channel filter: the denominator of `share`. */
  allInquiries: number;
  previousAllInquiries: number;
  groups: VolumeGroup[];
}

const MAX_DAYS = 3660;

export const relativeChange = (current: number, previous: number): number | null =>
  previous === 0 ? null : (current - previous) / previous;

const share = (count: number, total: number) => (total === 0 ? 0 : count / total);

/** Resolves from/to against `asOf` in the organisation's zone: by default the 30 days up to today. */
export function resolvePeriod(query: Pick<VolumeQuery, 'from' | 'to' | 'asOf'>, timeZone: string, now: Date) {
  let asOf = now;
  if (query.asOf !== undefined) {
    const parsed = parseInstant(query.asOf, timeZone);
    if (!parsed) throw new AppError('INVALID_INPUT', `asOf: "${query.asOf}" is not a date (YYYY-MM-DD) or ISO date-time`);
    asOf = parsed;
  }
  for (const [name, value] of [['from', query.from], ['to', query.to]] as const) {
    if (value !== undefined && !isValidDay(value)) throw new AppError('INVALID_INPUT', `${name}: "${value}" is not a date (YYYY-MM-DD)`);
  }
  const to = query.to ?? dayOf(asOf, timeZone);
  const from = query.from ?? addDays(to, -29);
  if (from > to) throw new AppError('INVALID_INPUT', `from (${from}) is after to (${to})`);
  const days = daysInclusive(from, to);
  if (days > MAX_DAYS) throw new AppError('INVALID_INPUT', `The period is ${days} days; at most ${MAX_DAYS}`);
  return { from, to, days, previousFrom: addDays(from, -days), previousTo: addDays(from, -1) };
}

/**
 * Inquiry volume for a period with each group's share of all inquiries and its change against the
 * previous period of equal length. A topic filter includes the topic's sub-topics.
 */
export async function volume(db: Db, query: VolumeQuery, options: { timeZone: string; now: Date }): Promise<VolumeReport> {
  const period = resolvePeriod(query, options.timeZone, options.now);
  const { topicIds, marketId } = await filterScope(db, query);
  const scope: statsRepo.VolumeFilter = { ...(query.channel ? { channel: query.channel } : {}), ...(marketId !== undefined ? { marketId } : {}) };
  const filter: statsRepo.VolumeFilter = { ...scope, ...(topicIds ? { topicIds } : {}) };

  const all = await statsRepo.totals(db, period, scope);
  const matching = query.topic ? await statsRepo.totals(db, period, filter) : all;
  const rows =
    query.groupBy === 'day'
      ? await statsRepo.volumeByDay(db, { from: period.from, to: period.to, lengthDays: period.days }, filter)
      : await statsRepo.volumeByGroup(db, query.groupBy, period, filter);

  return {
    period: { from: period.from, to: period.to, days: period.days },
    previousPeriod: { from: period.previousFrom, to: period.previousTo },
    groupBy: query.groupBy,
    filters: { market: query.market ?? null, topic: query.topic ?? null, channel: query.channel ?? null },
    total: matching.count,
    previousTotal: matching.previousCount,
    change: relativeChange(matching.count, matching.previousCount),
    allInquiries: all.count,
    previousAllInquiries: all.previousCount,
    groups: rows.map((row) => ({
      key: row.key,
      name: row.name,
      count: row.count,
      share: share(row.count, all.count),
      previousCount: row.previousCount,
      previousShare: share(row.previousCount, all.previousCount),
      change: relativeChange(row.count, row.previousCount),
    })),
  };
}
