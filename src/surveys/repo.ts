import type { Db } from '../db/database.ts';
import { retryStatement } from '../db/transaction.ts';
import type { Metric, Scale } from './scales.ts';

/** A validated answer with its keys resolved to ids, ready to store. */
export interface NewResponse {
  metric: Metric;
  scale: Scale;
  score: number;
  answeredAt: Date;
  topicId: number | null;
  marketId: number | null;
  phaseId: number | null;
  comment: string | null;
  source: string;
  externalId: string | null;
}

/**
 * Inserts a batch in one statement; rows whose (source, externalId) already exists are skipped, so
 * re-sending is idempotent. Returns how many were created and, when asked, their ids.
 */
export async function insertMany(db: Db, rows: NewResponse[], options: { loggedByTokenId: number | null; returnIds: boolean }): Promise<{ created: number; ids: number[] }> {
  if (rows.length === 0) return { created: 0, ids: [] };
  const result = await retryStatement(() =>
    db.query<{ id: number }>(
      `INSERT INTO survey_responses (metric, scale, score, answered_at, topic_id, market_id, phase_id, comment, source, external_id, logged_by_token_id)
       SELECT r.metric, r.scale, r.score, r.answered_at, r.topic_id, r.market_id, r.phase_id, r.comment, r.source, r.external_id, $11
       FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[], $5::int[], $6::int[], $7::int[], $8::text[], $9::text[], $10::text[])
            AS r(metric, scale, score, answered_at, topic_id, market_id, phase_id, comment, source, external_id)
       ON CONFLICT (source, external_id) DO NOTHING
       ${options.returnIds ? 'RETURNING id' : ''}`,
      [
        rows.map((r) => r.metric),
        rows.map((r) => r.scale),
        rows.map((r) => r.score),
        rows.map((r) => r.answeredAt),
        rows.map((r) => r.topicId),
        rows.map((r) => r.marketId),
        rows.map((r) => r.phaseId),
        rows.map((r) => r.comment),
        rows.map((r) => r.source),
        rows.map((r) => r.externalId),
        options.loggedByTokenId,
      ],
    ),
  );
  return { created: result.rowCount ?? 0, ids: result.rows.map((row) => Number(row.id)) };
}

export type GroupColumn = 'topic' | 'market' | 'phase' | 'week' | 'none';

export interface ScoreCountRow {
  /** The group: a topic, market or phase id as text, a week's Monday (YYYY-MM-DD), or null. */
  group: string | null;
  /** In the period asked for (true) or the period before it (false). */
  current: boolean;
  metric: Metric;
  scale: Scale;
  score: number;
  count: number;
}

export interface ScoreFilter {
  /** Effective topics (a merged topic counts as the one it went into). */
  topicIds?: number[];
  marketIds?: number[];
  phaseId?: number;
}

// A merged topic or market counts as the one it was merged into; an answer without a phase of its
// own sits where its topic is placed in the journey (the map comes from src/journey).
const groupExpressions: Record<GroupColumn, string> = {
  topic: 'a.topic_id::text',
  market: 'a.market_id::text',
  phase: 'a.phase_id::text',
  week: `to_char(date_trunc('week', a.day), 'YYYY-MM-DD')`,
  none: 'NULL::text',
};

/**
 * Answers counted by group, period, metric, scale and score, for the period [from, to] and the
 * period from previousFrom up to the day before `from`. Days are cut in `timeZone` as the answers are read.
 */
export async function scoreCounts(
  db: Db,
  input: {
    from: string;
    to: string;
    previousFrom: string;
    timeZone: string;
    groupBy: GroupColumn;
    phaseByTopic: ReadonlyMap<number, number>;
    filter: ScoreFilter;
  },
): Promise<ScoreCountRow[]> {
  const result = await db.query<ScoreCountRow>(
    `WITH placed AS (SELECT * FROM unnest($5::int[], $6::int[]) AS p(topic_id, phase_id)),
     answers AS (
       SELECT r.metric, r.scale, r.score, (r.answered_at AT TIME ZONE $4)::date AS day,
              coalesce(t.merged_into_id, t.id) AS topic_id, coalesce(m.merged_into_id, m.id) AS market_id,
              coalesce(r.phase_id, placed.phase_id) AS phase_id
       FROM survey_responses r
       LEFT JOIN topics t ON t.id = r.topic_id
       LEFT JOIN markets m ON m.id = r.market_id
       LEFT JOIN placed ON placed.topic_id = r.topic_id
       WHERE r.answered_at >= ($3::date)::timestamp AT TIME ZONE $4
         AND r.answered_at < ($2::date + 1)::timestamp AT TIME ZONE $4)
     SELECT ${groupExpressions[input.groupBy]} AS "group", a.day >= $1::date AS current, a.metric, a.scale, a.score, count(*)::int AS count
     FROM answers a
     WHERE ($7::int[] IS NULL OR a.topic_id = ANY($7))
       AND ($8::int[] IS NULL OR a.market_id = ANY($8))
       AND ($9::int IS NULL OR a.phase_id = $9)
     GROUP BY 1, 2, 3, 4, 5`,
    [
      input.from,
      input.to,
      input.previousFrom,
      input.timeZone,
      [...input.phaseByTopic.keys()],
      [...input.phaseByTopic.values()],
      input.filter.topicIds ?? null,
      input.filter.marketIds ?? null,
      input.filter.phaseId ?? null,
    ],
  );
  return result.rows;
}

export interface ResponseView {
  id: number;
  answeredAt: Date;
  metric: Metric;
  scale: Scale;
  score: number;
  topic: string | null;
  market: string | null;
  phase: string | null;
  comment: string | null;
  source: string;
  externalId: string | null;
}

/** Answers newest first, for a period of days in `timeZone`; `beforeId` pages. */
export async function list(
  db: Db,
  filter: { from: string; to: string; timeZone: string; metric?: Metric; topicIds?: number[]; marketId?: number; beforeId?: number; limit: number },
): Promise<ResponseView[]> {
  const result = await db.query<ResponseView>(
    `SELECT r.id::int AS id, r.answered_at AS "answeredAt", r.metric, r.scale, r.score, t.key AS topic, m.key AS market, p.key AS phase,
            r.comment, r.source, r.external_id AS "externalId"
     FROM survey_responses r
     LEFT JOIN topics t ON t.id = r.topic_id
     LEFT JOIN markets m ON m.id = r.market_id
     LEFT JOIN journey_phases p ON p.id = r.phase_id
     WHERE r.answered_at >= ($1::date)::timestamp AT TIME ZONE $3
       AND r.answered_at < ($2::date + 1)::timestamp AT TIME ZONE $3
       AND ($4::text IS NULL OR r.metric = $4)
       AND ($5::int[] IS NULL OR coalesce(t.merged_into_id, t.id) = ANY($5))
       AND ($6::int IS NULL OR coalesce(m.merged_into_id, m.id) = $6)
       AND ($7::bigint IS NULL OR r.id < $7)
     ORDER BY r.id DESC LIMIT $8`,
    [filter.from, filter.to, filter.timeZone, filter.metric ?? null, filter.topicIds ?? null, filter.marketId ?? null, filter.beforeId ?? null, filter.limit],
  );
  return result.rows;
}

/** Answers by metric, scale and score on the days [from, to] in `timeZone`, for topics (effective ids) and markets (empty: all). */
export async function windowScoreCounts(
  db: Db,
  input: { from: string; to: string; timeZone: string; topicIds: number[]; marketIds: number[] },
): Promise<Array<Omit<ScoreCountRow, 'group' | 'current'>>> {
  const result = await db.query<Omit<ScoreCountRow, 'group' | 'current'>>(
    `SELECT r.metric, r.scale, r.score, count(*)::int AS count
     FROM survey_responses r
     JOIN topics t ON t.id = r.topic_id
     LEFT JOIN markets m ON m.id = r.market_id
     WHERE r.answered_at >= ($1::date)::timestamp AT TIME ZONE $3
       AND r.answered_at < ($2::date + 1)::timestamp AT TIME ZONE $3
       AND (r.topic_id = ANY($4::int[]) OR coalesce(t.merged_into_id, t.id) = ANY($4::int[]))
       AND (cardinality($5::int[]) = 0 OR coalesce(m.merged_into_id, m.id) = ANY($5::int[]))
     GROUP BY 1, 2, 3`,
    [input.from, input.to, input.timeZone, input.topicIds, input.marketIds],
  );
  return result.rows;
}

/** The zone the database's day buckets were cut in, as the server recorded it at start. */
export async function storedTimeZone(db: Db): Promise<string | undefined> {
  const result = await db.query<{ value: string }>(`SELECT value FROM app_meta WHERE key = 'tz_name'`);
  return result.rows[0]?.value;
}
