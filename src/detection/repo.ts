import type { Db } from '../db/database.ts';

export interface SeriesRow {
  topicId: number;
  marketId: number;
  day: string;
  count: number;
}

/** Daily counts per topic (its sub-topics rolled into it) and market, from the rollup. */
export async function topicMarketCounts(db: Db, from: string, to: string): Promise<SeriesRow[]> {
  const result = await db.query<SeriesRow>(
    `WITH RECURSIVE ancestry AS (
       SELECT id AS topic_id, id AS ancestor_id FROM topics
       UNION ALL
       SELECT a.topic_id, t.parent_id FROM ancestry a JOIN topics t ON t.id = a.ancestor_id WHERE t.parent_id IS NOT NULL)
     SELECT a.ancestor_id AS "topicId", d.market_id AS "marketId", to_char(d.day, 'YYYY-MM-DD') AS day, sum(d.count)::int AS count
     FROM inquiry_daily d JOIN ancestry a ON a.topic_id = d.topic_id
     WHERE d.day BETWEEN $1 AND $2
     GROUP BY 1, 2, 3`,
    [from, to],
  );
  return result.rows;
}

/** All inquiries per market and day (the share denominators). */
export async function marketTotals(db: Db, from: string, to: string): Promise<Array<{ marketId: number; day: string; count: number }>> {
  const result = await db.query(
    `SELECT market_id AS "marketId", to_char(day, 'YYYY-MM-DD') AS day, sum(count)::int AS count
     FROM inquiry_daily WHERE day BETWEEN $1 AND $2 GROUP BY 1, 2`,
    [from, to],
  );
  return result.rows;
}

/** Days already raised by a count test for each series, keyed "topicId:marketId|all". */
export async function flaggedDays(db: Db, from: string, to: string): Promise<Map<string, Set<string>>> {
  const result = await db.query<{ topicId: number; marketId: number | null; day: string }>(
    `SELECT s.topic_id AS "topicId", s.market_id AS "marketId", to_char(d.day, 'YYYY-MM-DD') AS day
     FROM spike_days d JOIN spikes s ON s.id = d.spike_id
     WHERE d.day BETWEEN $1 AND $2 AND d.raised_by_count`,
    [from, to],
  );
  const map = new Map<string, Set<string>>();
  for (const row of result.rows) {
    const key = seriesKey(row.topicId, row.marketId);
    if (!map.has(key)) map.set(key, new Set());
    map.get(key)!.add(row.day);
  }
  return map;
}

export const seriesKey = (topicId: number, marketId: number | null) => `${topicId}:${marketId ?? 'all'}`;

export interface SpikeRow {
  id: number;
  status: string;
  peakValue: number;
  score: number;
}

/** The episode a finding on `day` continues: same series, seen within `gapDays`, not ended. */
export async function findContinuing(db: Db, input: { topicId: number; marketId: number | null; day: string; gapDays: number }): Promise<SpikeRow | undefined> {
  const result = await db.query<SpikeRow>(
    `SELECT id, status, peak_value AS "peakValue", score FROM spikes
     WHERE topic_id = $1 AND market_id IS NOT DISTINCT FROM $2 AND status <> 'ended'
       AND last_day >= $3::date - $4::int AND first_day <= $3::date
     ORDER BY last_day DESC LIMIT 1`,
    [input.topicId, input.marketId, input.day, input.gapDays],
  );
  return result.rows[0];
}

/** The spike (any status) that already records `day` for this topic and market. */
export async function spikeHoldingDay(db: Db, input: { topicId: number; marketId: number | null; day: string }): Promise<SpikeRow | undefined> {
  const result = await db.query<SpikeRow>(
    `SELECT s.id, s.status, s.peak_value AS "peakValue", s.score FROM spikes s JOIN spike_days d ON d.spike_id = s.id
     WHERE s.topic_id = $1 AND s.market_id IS NOT DISTINCT FROM $2 AND d.day = $3`,
    [input.topicId, input.marketId, input.day],
  );
  return result.rows[0];
}

/**
 * Removes the findings of `day` for every series not raised on it any more, and deletes spikes left
 * with no day that nobody has acted on (`open` or `ended`). Spikes a person acknowledged, dismissed or
 * linked stay, so their history is not lost. Returns the spikes that lost the day and still exist:
 * their summary needs `refreshSpikeSummaries`.
 */
export async function withdrawStaleDays(db: Db, day: string, raisedKeys: string[]): Promise<number[]> {
  const stale = await db.query<{ spikeId: number }>(
    `DELETE FROM spike_days d USING spikes s
     WHERE d.spike_id = s.id AND d.day = $1
       AND NOT (coalesce(s.topic_id::text || ':' || s.market_id::text, s.topic_id::text || ':all') = ANY($2::text[]))
     RETURNING d.spike_id AS "spikeId"`,
    [day, raisedKeys],
  );
  const ids = [...new Set(stale.rows.map((r) => r.spikeId))];
  if (ids.length === 0) return [];
  const gone = await db.query<{ id: number }>(
    `DELETE FROM spikes s WHERE s.id = ANY($1::int[]) AND s.status IN ('open', 'ended')
       AND NOT EXISTS (SELECT 1 FROM spike_days d WHERE d.spike_id = s.id)
       AND NOT EXISTS (SELECT 1 FROM case_spikes c WHERE c.spike_id = s.id)
     RETURNING s.id`,
    [ids],
  );
  const deleted = new Set(gone.rows.map((r) => r.id));
  return ids.filter((id) => !deleted.has(id));
}

/**
 * Recomputes the first and last day, peak, score and kind of spikes whose days changed under a re-run
 * (a day withdrawn, or re-judged on corrected counts), from the days they hold now. The peak comes from
 * the rollup, the topic's sub-topics included as detection counts them, so a corrected import never
 * leaves a peak that no longer exists.
 */
export async function refreshSpikeSummaries(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `WITH RECURSIVE subtree AS (
       SELECT id AS spike_id, topic_id FROM spikes WHERE id = ANY($1::int[])
       UNION ALL
       SELECT st.spike_id, t.id FROM subtree st JOIN topics t ON t.parent_id = st.topic_id),
     kept AS (
       SELECT spike_id, min(day) AS first_day, max(day) AS last_day, max(score) AS score,
              (array_agg(kind ORDER BY score DESC, day))[1] AS kind
       FROM spike_days WHERE spike_id = ANY($1::int[]) GROUP BY spike_id),
     daily AS (
       SELECT d.spike_id, d.day, coalesce(sum(c.count), 0)::int AS count
       FROM spike_days d JOIN spikes s ON s.id = d.spike_id
       JOIN subtree st ON st.spike_id = d.spike_id
       LEFT JOIN inquiry_daily c ON c.topic_id = st.topic_id AND c.day = d.day AND (s.market_id IS NULL OR c.market_id = s.market_id)
       WHERE d.spike_id = ANY($1::int[])
       GROUP BY d.spike_id, d.day),
     peak AS (SELECT DISTINCT ON (spike_id) spike_id, day, count FROM daily ORDER BY spike_id, count DESC, day)
     UPDATE spikes s SET first_day = k.first_day, last_day = k.last_day, score = k.score, kind = k.kind,
       peak_day = p.day, peak_value = p.count
     FROM kept k JOIN peak p ON p.spike_id = k.spike_id
     WHERE s.id = k.spike_id`,
    [ids],
  );
}

/** All inquiries per day in a set of markets (empty: all), every day from `from` to `to`. */
export async function dailyTotals(db: Db, input: { from: string; to: string; marketIds: number[] }): Promise<Array<{ day: string; count: number }>> {
  const result = await db.query<{ day: string; count: number }>(
    `WITH days AS (SELECT generate_series($1::date, $2::date, interval '1 day')::date AS day)
     SELECT to_char(days.day, 'YYYY-MM-DD') AS day, coalesce(sum(d.count), 0)::int AS count
     FROM days LEFT JOIN inquiry_daily d ON d.day = days.day AND (cardinality($3::int[]) = 0 OR d.market_id = ANY($3::int[]))
     GROUP BY days.day ORDER BY days.day`,
    [input.from, input.to, input.marketIds],
  );
  return result.rows;
}

export interface SpikeDayInput {
  topicId: number;
  marketId: number | null;
  day: string;
  kind: string;
  count: number;
  expectedCount: number;
  observed: number;
  expected: number;
  upper: number;
  score: number;
  /** A count test fired (not only the share test), so later baselines leave the day out. */
  raisedByCount: boolean;
}

export async function insertSpike(db: Db, input: SpikeDayInput, at: Date): Promise<number> {
  const result = await db.query<{ id: number }>(
    `INSERT INTO spikes (topic_id, market_id, kind, first_day, peak_day, peak_value, last_day, expected, score, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $4, $5, $4, $6, $7, $8, $8) RETURNING id`,
    [input.topicId, input.marketId, input.kind, input.day, input.count, input.expectedCount, input.score, at],
  );
  return result.rows[0]!.id;
}

/**
 * Extends an episode to `day`, moving its peak and score up (and its kind to the strongest day's) when this day is stronger. A dismissed
 * spike stays dismissed unless the day's count reaches `reopenFactor` × its peak when dismissed.
 */
export async function extendSpike(db: Db, spikeId: number, input: SpikeDayInput, at: Date, reopenFactor: number): Promise<void> {
  await db.query(
    `UPDATE spikes SET
       status = CASE WHEN status = 'dismissed' AND $3 >= $6 * dismissed_peak THEN 'open' ELSE status END,
       last_day = greatest(last_day, $2::date),
       peak_day = CASE WHEN $3 > peak_value THEN $2::date ELSE peak_day END,
       peak_value = greatest(peak_value, $3),
       score = greatest(score, $4),
       kind = CASE WHEN $4 > score THEN $7 ELSE kind END,
       updated_at = $5
     WHERE id = $1`,
    [spikeId, input.day, input.count, input.score, at, reopenFactor, input.kind],
  );
}

export async function upsertSpikeDay(db: Db, spikeId: number, input: SpikeDayInput): Promise<void> {
  await db.query(
    `INSERT INTO spike_days (spike_id, day, kind, observed, expected, upper, score, raised_by_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (spike_id, day) DO UPDATE SET kind = excluded.kind, observed = excluded.observed, expected = excluded.expected,
       upper = excluded.upper, score = excluded.score, raised_by_count = excluded.raised_by_count`,
    [spikeId, input.day, input.kind, input.observed, input.expected, input.upper, input.score, input.raisedByCount],
  );
}

/** Ends open and acknowledged spikes with no anomalous day in the last `quietDays` before `day`. */
export async function endQuiet(db: Db, day: string, quietDays: number, at: Date): Promise<number> {
  const result = await db.query(
    `UPDATE spikes SET status = 'ended', updated_at = $3
     WHERE status IN ('open', 'acknowledged') AND last_day < $1::date - $2::int`,
    [day, quietDays, at],
  );
  return result.rowCount ?? 0;
}

export interface SpikeView {
  id: number;
  topic: string;
  topicName: string;
  market: string | null;
  kind: string;
  status: string;
  firstDay: string;
  peakDay: string;
  peakValue: number;
  lastDay: string;
  expected: number;
  score: number;
  dismissedReason: string | null;
}

const spikeColumns = `s.id, t.key AS topic, t.name AS "topicName", m.key AS market, s.kind, s.status,
  to_char(s.first_day, 'YYYY-MM-DD') AS "firstDay", to_char(s.peak_day, 'YYYY-MM-DD') AS "peakDay", s.peak_value AS "peakValue",
  to_char(s.last_day, 'YYYY-MM-DD') AS "lastDay", s.expected, s.score, s.dismissed_reason AS "dismissedReason"`;

export async function listSpikes(
  db: Db,
  filter: { from?: string; to?: string; statuses?: string[]; topicIds?: number[]; marketId?: number } = {},
): Promise<SpikeView[]> {
  const result = await db.query<SpikeView>(
    `SELECT ${spikeColumns}
     FROM spikes s JOIN topics t ON t.id = s.topic_id LEFT JOIN markets m ON m.id = s.market_id
     WHERE ($1::date IS NULL OR s.last_day >= $1) AND ($2::date IS NULL OR s.first_day <= $2)
       AND ($3::text[] IS NULL OR s.status = ANY($3)) AND ($4::int[] IS NULL OR s.topic_id = ANY($4))
       AND ($5::int IS NULL OR s.market_id = $5)
     ORDER BY s.first_day, s.id`,
    [filter.from ?? null, filter.to ?? null, filter.statuses ?? null, filter.topicIds ?? null, filter.marketId ?? null],
  );
  return result.rows;
}

export async function getSpike(db: Db, id: number, options: { forUpdate?: boolean } = {}): Promise<SpikeView | undefined> {
  if (options.forUpdate) await db.query('SELECT 1 FROM spikes WHERE id = $1 FOR UPDATE', [id]);
  const result = await db.query<SpikeView>(
    `SELECT ${spikeColumns} FROM spikes s JOIN topics t ON t.id = s.topic_id LEFT JOIN markets m ON m.id = s.market_id WHERE s.id = $1`,
    [id],
  );
  return result.rows[0];
}

export async function spikeDaysOf(db: Db, id: number): Promise<Array<{ day: string; kind: string; observed: number; expected: number; upper: number; score: number }>> {
  const result = await db.query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, observed, expected, upper, score FROM spike_days WHERE spike_id = $1 ORDER BY day`,
    [id],
  );
  return result.rows;
}

export async function setStatus(db: Db, id: number, input: { status: string; reason?: string | null; at: Date }): Promise<void> {
  await db.query(
    `UPDATE spikes SET status = $2, updated_at = $4,
       dismissed_reason = CASE WHEN $2 = 'dismissed' THEN $3 ELSE dismissed_reason END,
       dismissed_peak = CASE WHEN $2 = 'dismissed' THEN peak_value ELSE dismissed_peak END
     WHERE id = $1`,
    [id, input.status, input.reason ?? null, input.at],
  );
}

/** Topics that have sub-topics: categories, whose share of all inquiries is naturally large. */
export async function parentTopicIds(db: Db): Promise<Set<number>> {
  const result = await db.query<{ id: number }>(`SELECT DISTINCT parent_id AS id FROM topics WHERE parent_id IS NOT NULL`);
  return new Set(result.rows.map((r) => r.id));
}
