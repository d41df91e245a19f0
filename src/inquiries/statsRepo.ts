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
