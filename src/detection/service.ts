import type pg from 'pg';
import { withTransaction } from '../db/transaction.ts';
import { addDays, daysInclusive, type Day } from '../time.ts';
import { evaluateDay, expectationFor, type Series } from './detector.ts';
import { publicHolidays } from './holidays.ts';
import { defaultParams, HISTORY_DAYS, type DetectorParams } from './params.ts';
import * as repo from './repo.ts';

/** How spikes are kept: a finding within `gapDays` of an episode continues it; `quietDays` ends it. */
export interface EpisodeRules {
  gapDays: number;
  quietDays: number;
  /** A topic × market series is judged once it averages this many inquiries a day (8 weeks). */
  minMarketPerDay: number;
  /** A dismissed spike re-opens when a day's count reaches this many times its peak at dismissal. */
  reopenFactor: number;
}
export const defaultEpisodeRules: EpisodeRules = { gapDays: 7, quietDays: 7, minMarketPerDay: 1, reopenFactor: 1.5 };


interface SeriesEntry {
  topicId: number;
  marketId: number | null;
  series: Series;
  flagged: boolean[];
  /** Prefix sums of counts, for the volume rule. */
  prefix: number[];
}

/**
 * Judges every topic (all markets, and each market with enough volume) on each day from `from` to
 * `to`, in order, as if live: each day sees only data up to itself. Findings open or extend spikes;
 * re-running a day changes nothing.
 */
export async function runDetection(
  pool: pg.Pool,
  input: {
    from: Day;
    to: Day;
    country: string;
    now: Date;
    params?: DetectorParams;
    rules?: EpisodeRules;
    onDay?: (done: number, total: number) => void;
  },
): Promise<{ days: number; findings: number }> {
  const params = input.params ?? defaultParams;
  const rules = input.rules ?? defaultEpisodeRules;
  const loadFrom = addDays(input.from, -HISTORY_DAYS);
  const days = Array.from({ length: daysInclusive(loadFrom, input.to) }, (_, i) => addDays(loadFrom, i));
  const index = new Map(days.map((d, i) => [d, i]));
  const years = [...new Set(days.map((d) => Number(d.slice(0, 4))))];
  const holidays = publicHolidays(input.country, years);

  const entries = await loadSeries(pool, days, index, loadFrom, input.to);
  // Nothing is judged until the center has logged long enough to know its normal: the first weeks
  // after the first import would otherwise look like every topic rising from nothing.
  const centerTotals = entries[0]?.series.totals.map((_, i) => entries.reduce((n, e) => (e.marketId === null ? n + e.series.counts[i]! : n), 0)) ?? [];
  const firstLogged = centerTotals.findIndex((n) => n > 0);
  const judgeFrom = firstLogged < 0 ? days.length : firstLogged + params.guardDays + params.minBaselineDays;
  for (const entry of entries) entry.series.firstLogged = Math.max(0, firstLogged);
  const flaggedBefore = await repo.flaggedDays(pool, loadFrom, addDays(input.from, -1));
  for (const entry of entries) {
    for (const day of flaggedBefore.get(repo.seriesKey(entry.topicId, entry.marketId)) ?? []) entry.flagged[index.get(day)!] = true;
  }

  // Holding a large share is judged for a leaf topic across the whole center, as FINN saw image
  // upload at 30 % of all inquiries. A category is not raised for it (its children are), nor a topic
  // in one market: the mix differs by market (ad editing is a big part of the cars market every week),
  // so there only a rise above the topic's own share there counts.
  const parents = await repo.parentTopicIds(pool);
  const withoutLargeShare: DetectorParams = { ...params, shareThreshold: 1 };
  const paramsFor = (entry: SeriesEntry) => (parents.has(entry.topicId) || entry.marketId !== null ? withoutLargeShare : params);

  let findings = 0;
  for (let t = index.get(input.from)!; t < days.length; t++) {
    const day = days[t]!;
    const raised: Array<{ entry: SeriesEntry; row: repo.SpikeDayInput }> = [];
    for (const entry of t < judgeFrom ? [] : entries) {
      if (entry.marketId !== null && meanBefore(entry, t, 56) < rules.minMarketPerDay) continue;
      if (entry.prefix[t + 1]! === 0) continue;
      const found = evaluateDay(entry.series, t, holidays, entry.flagged, paramsFor(entry));
      if (found.length === 0) continue;
      const raisedByCount = found.some((f) => f.kind !== 'share');
      if (raisedByCount) entry.flagged[t] = true;
      const strongest = found[0]!;
      const expectation = expectationFor(entry.series, t, holidays, entry.flagged, params);
      raised.push({
        entry,
        row: {
          topicId: entry.topicId,
          marketId: entry.marketId,
          day,
          kind: strongest.kind,
          count: entry.series.counts[t]!,
          expectedCount: expectation.expected,
          observed: strongest.observed,
          expected: strongest.expected,
          upper: strongest.upper,
          score: strongest.score,
          raisedByCount,
        },
      });
    }
    findings += raised.length;
    await withTransaction(pool, async (tx) => {
      // A re-run replaces the day's findings: one no longer raised (back-filled data) is withdrawn.
      const changed = await repo.withdrawStaleDays(tx, day, raised.map(({ row }) => repo.seriesKey(row.topicId, row.marketId)));
      for (const { row } of raised) {
        // The spike that already holds this day keeps it, even after it has ended (re-runs).
        const holder = await repo.spikeHoldingDay(tx, { topicId: row.topicId, marketId: row.marketId, day });
        const continuing = holder ?? (await repo.findContinuing(tx, { topicId: row.topicId, marketId: row.marketId, day, gapDays: rules.gapDays }));
        const spikeId = continuing ? continuing.id : await repo.insertSpike(tx, row, input.now);
        if (continuing) await repo.extendSpike(tx, continuing.id, row, input.now, rules.reopenFactor);
        await repo.upsertSpikeDay(tx, spikeId, row);
        // A re-judged day may carry a lower count or score than before: extending only moves up.
        if (holder) changed.push(holder.id);
      }
      await repo.refreshSpikeSummaries(tx, [...new Set(changed)]);
      await repo.endQuiet(tx, day, rules.quietDays, input.now);
    });
    input.onDay?.(t - index.get(input.from)! + 1, daysInclusive(input.from, input.to));
  }
  return { days: daysInclusive(input.from, input.to), findings };
}

function meanBefore(entry: SeriesEntry, t: number, window: number): number {
  const from = Math.max(0, t - window);
  return t > from ? (entry.prefix[t]! - entry.prefix[from]!) / (t - from) : 0;
}

async function loadSeries(pool: pg.Pool, days: Day[], index: Map<Day, number>, from: Day, to: Day): Promise<SeriesEntry[]> {
  const rows = await repo.topicMarketCounts(pool, from, to);
  const totalsRows = await repo.marketTotals(pool, from, to);
  const zeros = () => new Array<number>(days.length).fill(0);
  const totalsByMarket = new Map<number | null, number[]>([[null, zeros()]]);
  for (const row of totalsRows) {
    if (!totalsByMarket.has(row.marketId)) totalsByMarket.set(row.marketId, zeros());
    const i = index.get(row.day)!;
    totalsByMarket.get(row.marketId)![i]! += row.count;
    totalsByMarket.get(null)![i]! += row.count;
  }
  const counts = new Map<string, { topicId: number; marketId: number | null; counts: number[] }>();
  const add = (topicId: number, marketId: number | null, day: Day, n: number) => {
    const key = repo.seriesKey(topicId, marketId);
    if (!counts.has(key)) counts.set(key, { topicId, marketId, counts: zeros() });
    counts.get(key)!.counts[index.get(day)!]! += n;
  };
  for (const row of rows) {
    add(row.topicId, row.marketId, row.day, row.count);
    add(row.topicId, null, row.day, row.count);
  }
  return [...counts.values()].map(({ topicId, marketId, counts: c }) => {
    const prefix = [0];
    for (const n of c) prefix.push(prefix[prefix.length - 1]! + n);
    return {
      topicId,
      marketId,
      series: { days, counts: c, totals: totalsByMarket.get(marketId) ?? zeros() },
      flagged: new Array<boolean>(days.length).fill(false),
      prefix,
    };
  });
}

export const listSpikes = repo.listSpikes;
export { acknowledgeSpike, claimSpikeForCase, dismissSpike, getSpikeDetail, findSpikes, markSpikeLinked } from './spikes.ts';
