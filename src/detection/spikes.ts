import type pg from 'pg';
import type { Db } from '../db/database.ts';
import { withTransaction } from '../db/transaction.ts';
import { AppError } from '../http/errors.ts';
import { dailySeries } from '../inquiries/service.ts';
import * as taxonomy from '../taxonomy/service.ts';
import { addDays, type Day } from '../time.ts';
import * as repo from './repo.ts';
import { expectationFor, type Series } from './detector.ts';
import { publicHolidays } from './holidays.ts';
import { HISTORY_DAYS } from './params.ts';

export const SPIKE_STATUSES = ['open', 'acknowledged', 'dismissed', 'linked', 'ended'] as const;

async function mustGet(db: Db, id: number, forUpdate = false): Promise<repo.SpikeView> {
  const spike = await repo.getSpike(db, id, { forUpdate });
  if (!spike) throw new AppError('NOT_FOUND', `Spike ${id} not found`);
  return spike;
}

/** Spikes filtered by status, topic (sub-topics included), market and the days they cover. */
export async function findSpikes(db: Db, query: { status?: string[]; topic?: string; market?: string; from?: string; to?: string }): Promise<repo.SpikeView[]> {
  return repo.listSpikes(db, {
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.status ? { statuses: query.status } : {}),
    ...(await taxonomy.filterScope(db, query)),
  });
}

/**
 * A spike with what a chart needs: for every day from four weeks before it began to a week after it
 * was last seen (never past `today`), the count with the expected level and upper bound the detector
 * would have used that day (from data up to that day only), plus each raised day's test figures.
 */
export async function getSpikeDetail(db: Db, id: number, input: { today: Day; country: string }) {
  const spike = await mustGet(db, id);
  const topicId = (await taxonomy.resolveKeys(db, 'topics', [spike.topic])).get(spike.topic)!;
  const topicIds = await taxonomy.subtreeIdsOf(db, topicId);
  const marketId = spike.market ? (await taxonomy.resolveKeys(db, 'markets', [spike.market])).get(spike.market)! : null;
  const marketIds = marketId === null ? [] : [marketId];
  const chartFrom = addDays(spike.firstDay, -28);
  const to = addDays(spike.lastDay, 7) < input.today ? addDays(spike.lastDay, 7) : input.today;
  const historyFrom = addDays(chartFrom, -HISTORY_DAYS);
  const counts = await dailySeries(db, { from: historyFrom, to, topicIds, marketIds });
  const totals = await repo.dailyTotals(db, { from: historyFrom, to, marketIds });
  const days = counts.map((d) => d.day);
  const series: Series = { days, counts: counts.map((d) => d.count), totals: totals.map((d) => d.count) };
  const firstLogged = series.totals.findIndex((n) => n > 0);
  if (firstLogged > 0) series.firstLogged = firstLogged;
  const flaggedDays = (await repo.flaggedDays(db, historyFrom, to)).get(repo.seriesKey(topicId, marketId)) ?? new Set<string>();
  const flagged = days.map((d) => flaggedDays.has(d));
  const holidays = publicHolidays(input.country, [...new Set(days.map((d) => Number(d.slice(0, 4))))]);
  const daily = days.slice(HISTORY_DAYS).map((day, k) => {
    const t = HISTORY_DAYS + k;
    const { expected, upper } = expectationFor(series, t, holidays, flagged);
    return { day, count: series.counts[t]!, expected, upper, holiday: holidays.has(day), raised: flagged[t]! };
  });
  return { ...spike, daily, raisedDays: await repo.spikeDaysOf(db, id) };
}

export async function acknowledgeSpike(pool: pg.Pool, id: number, at: Date): Promise<repo.SpikeView> {
  return withTransaction(pool, async (tx) => {
    const spike = await mustGet(tx, id, true);
    if (spike.status !== 'open') throw new AppError('CONFLICT', `Spike ${id} is ${spike.status}; only an open spike can be acknowledged`);
    await repo.setStatus(tx, id, { status: 'acknowledged', at });
    return mustGet(tx, id);
  });
}

/** Dismissing needs a reason; the spike stays dismissed unless it grows materially. */
export async function dismissSpike(pool: pg.Pool, id: number, reason: string, at: Date): Promise<repo.SpikeView> {
  return withTransaction(pool, async (tx) => {
    const spike = await mustGet(tx, id, true);
    if (!['open', 'acknowledged'].includes(spike.status)) {
      throw new AppError('CONFLICT', `Spike ${id} is ${spike.status}; only an open or acknowledged spike can be dismissed`);
    }
    await repo.setStatus(tx, id, { status: 'dismissed', reason, at });
    return mustGet(tx, id);
  });
}

/** A spike for a case to start from, locked so two cases cannot claim it at once; 422 when unknown. */
export async function claimSpikeForCase(db: Db, id: number): Promise<repo.SpikeView> {
  const spike = await repo.getSpike(db, id, { forUpdate: true });
  if (!spike) throw new AppError('UNPROCESSABLE', `spikeId: unknown spike ${id}`);
  return spike;
}

export async function markSpikeLinked(db: Db, id: number, at: Date): Promise<void> {
  await repo.setStatus(db, id, { status: 'linked', at });
}
