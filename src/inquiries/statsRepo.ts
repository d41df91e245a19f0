import type { Db } from '../db/database.ts';

export type GroupBy = 'topic' | 'market' | 'day' | 'channel';

export interface VolumeFilter {
  marketId?: number;
  topicIds?: number[];
  channel?: string;
}

export interface VolumeRow {
  key: string;
  name: string;
  count: number;
  previousCount: number;
}

const groupColumns: Record<Exclude<GroupBy, 'day'>, { key: string; name: string; join: string }> = {
  topic: { key: 't.key', name: 't.name', join: 'JOIN topics t ON t.id = d.topic_id' },
  market: { key: 'm.key', name: 'm.name', join: 'JOIN markets m ON m.id = d.market_id' },
  channel: { key: 'd.channel', name: 'd.channel', join: '' },
};

/**
 * Counts from the daily rollup for a period and the period of equal length before it, grouped by
 * topic, market or channel. Only groups with inquiries in either period are returned.
 */
export async function volumeByGroup(
  db: Db,
  groupBy: Exclude<GroupBy, 'day'>,
  period: { from: string; to: string; previousFrom: string; previousTo: string },
  filter: VolumeFilter,
): Promise<VolumeRow[]> {
  const g = groupColumns[groupBy];
  const result = await db.query<VolumeRow>(
    `SELECT ${g.key} AS key, ${g.name} AS name,
            coalesce(sum(d.count) FILTER (WHERE d.day BETWEEN $1 AND $2), 0)::int AS count,
            coalesce(sum(d.count) FILTER (WHERE d.day BETWEEN $3 AND $4), 0)::int AS "previousCount"
     FROM inquiry_daily d ${g.join}
     WHERE d.day BETWEEN $3 AND $2
       AND ($5::int IS NULL OR d.market_id = $5)
       AND ($6::int[] IS NULL OR d.topic_id = ANY($6))
       AND ($7::text IS NULL OR d.channel = $7)
     GROUP BY 1, 2
     ORDER BY count DESC, key`,
    [period.from, period.to, period.previousFrom, period.previousTo, filter.marketId ?? null, filter.topicIds ?? null, filter.channel ?? null],
  );
  return result.rows;
}

/** One row per day of the period (zero-filled), with the count of the matching day one period earlier. */
export async function volumeByDay(
  db: Db,
  period: { from: string; to: string; lengthDays: number },
  filter: VolumeFilter,
): Promise<VolumeRow[]> {
  const result = await db.query<VolumeRow>(
    `WITH days AS (SELECT generate_series($1::date, $2::date, interval '1 day')::date AS day),
          counts AS (
            SELECT d.day, sum(d.count)::int AS n FROM inquiry_daily d
            WHERE d.day BETWEEN ($1::date - $3::int) AND $2
              AND ($4::int IS NULL OR d.market_id = $4)
              AND ($5::int[] IS NULL OR d.topic_id = ANY($5))
              AND ($6::text IS NULL OR d.channel = $6)
            GROUP BY d.day)
     SELECT to_char(days.day, 'YYYY-MM-DD') AS key, to_char(days.day, 'Dy DD Mon') AS name,
            coalesce(cur.n, 0) AS count, coalesce(prev.n, 0) AS "previousCount"
     FROM days
     LEFT JOIN counts cur ON cur.day = days.day
     LEFT JOIN counts prev ON prev.day = days.day - $3::int
     ORDER BY days.day`,
    [period.from, period.to, period.lengthDays, filter.marketId ?? null, filter.topicIds ?? null, filter.channel ?? null],
  );
  return result.rows;
}

/** Total inquiries in each period, the denominator of every share. */
export async function totals(
  db: Db,
  period: { from: string; to: string; previousFrom: string; previousTo: string },
  filter: VolumeFilter,
): Promise<{ count: number; previousCount: number }> {
  const result = await db.query<{ count: number; previousCount: number }>(
    `SELECT coalesce(sum(count) FILTER (WHERE day BETWEEN $1 AND $2), 0)::int AS count,
            coalesce(sum(count) FILTER (WHERE day BETWEEN $3 AND $4), 0)::int AS "previousCount"
     FROM inquiry_daily
     WHERE day BETWEEN $3 AND $2
       AND ($5::int IS NULL OR market_id = $5)
       AND ($6::int[] IS NULL OR topic_id = ANY($6))
       AND ($7::text IS NULL OR channel = $7)`,
    [period.from, period.to, period.previousFrom, period.previousTo, filter.marketId ?? null, filter.topicIds ?? null, filter.channel ?? null],
  );
  return result.rows[0]!;
}

/** Daily counts (zero-filled) for a set of topics and markets; markets empty means all. */
export async function dailySeries(db: Db, input: { from: string; to: string; topicIds: number[]; marketIds: number[] }): Promise<Array<{ day: string; count: number }>> {
  const result = await db.query<{ day: string; count: number }>(
    `WITH days AS (SELECT generate_series($1::date, $2::date, interval '1 day')::date AS day)
     SELECT to_char(days.day, 'YYYY-MM-DD') AS day, coalesce(sum(d.count), 0)::int AS count
     FROM days LEFT JOIN inquiry_daily d
       ON d.day = days.day AND d.topic_id = ANY($3::int[]) AND (cardinality($4::int[]) = 0 OR d.market_id = ANY($4::int[]))
     GROUP BY days.day ORDER BY days.day`,
    [input.from, input.to, input.topicIds, input.marketIds],
  );
  return result.rows;
}

/** All inquiries in a period within a set of markets (empty: all): the denominator of a share. */
export async function totalInMarkets(db: Db, input: { from: string; to: string; marketIds: number[] }): Promise<number> {
  const result = await db.query<{ n: number }>(
    `SELECT coalesce(sum(count), 0)::int AS n FROM inquiry_daily
     WHERE day BETWEEN $1 AND $2 AND (cardinality($3::int[]) = 0 OR market_id = ANY($3::int[]))`,
    [input.from, input.to, input.marketIds],
  );
  return result.rows[0]!.n;
}

/** The newest notes logged on these topics and markets up to a day. */
export async function recentNotes(
  db: Db,
  input: { to: string; topicIds: number[]; marketIds: number[]; limit: number },
): Promise<Array<{ receivedAt: Date; topic: string; market: string; note: string }>> {
  const result = await db.query(
    `SELECT i.received_at AS "receivedAt", t.key AS topic, m.key AS market, i.note
     FROM inquiries i JOIN topics t ON t.id = i.topic_id JOIN markets m ON m.id = i.market_id
     WHERE i.note IS NOT NULL AND i.day <= $1 AND i.topic_id = ANY($2::int[])
       AND (cardinality($3::int[]) = 0 OR i.market_id = ANY($3::int[]))
     ORDER BY i.received_at DESC LIMIT $4`,
    [input.to, input.topicIds, input.marketIds, input.limit],
  );
  return result.rows;
}
