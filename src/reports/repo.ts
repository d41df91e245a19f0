import type { Db } from '../db/database.ts';
import type { Day } from '../time.ts';

/** Cases that count for a market: those in it, and those without markets (every market). */
const CASE_IN_MARKET = `($MARKET::int IS NULL
  OR NOT EXISTS (SELECT 1 FROM case_markets cm WHERE cm.case_id = c.id)
  OR EXISTS (SELECT 1 FROM case_markets cm WHERE cm.case_id = c.id AND cm.market_id = $MARKET::int))`;
const caseInMarket = (param: string) => CASE_IN_MARKET.replaceAll('$MARKET', param);

export type CaseEventKind = 'opened' | 'shipped' | 'resolved' | 'reopened';

export interface CaseEventRow {
  caseId: number;
  title: string;
  currentStatus: string;
  kind: CaseEventKind;
  /** The first day in the period the case had this event. */
  day: Day;
}

/**
 * Per case and kind, the first time in the period it was opened (created) or moved to fix_shipped,
 * resolved or reopened, read from the case history; days are calendar days in `timeZone`.
 */
export async function listCaseEvents(db: Db, input: { from: Day; to: Day; timeZone: string; marketId: number | null }): Promise<CaseEventRow[]> {
  const result = await db.query<CaseEventRow>(
    `WITH events AS (
       SELECT h.case_id,
              CASE WHEN h.field = 'created' THEN 'opened' WHEN h.after #>> '{}' = 'fix_shipped' THEN 'shipped' ELSE h.after #>> '{}' END AS kind,
              (h.at AT TIME ZONE $3)::date AS day
       FROM case_history h
       WHERE (h.field = 'created' OR (h.field = 'status' AND h.after #>> '{}' IN ('fix_shipped', 'resolved', 'reopened')))
         AND (h.at AT TIME ZONE $3)::date BETWEEN $1::date AND $2::date)
     SELECT c.id AS "caseId", c.title, c.status AS "currentStatus", e.kind, to_char(min(e.day), 'YYYY-MM-DD') AS day
     FROM events e JOIN cases c ON c.id = e.case_id
     WHERE ${caseInMarket('$4')}
     GROUP BY c.id, c.title, c.status, e.kind
     ORDER BY e.kind, min(e.day), c.id`,
    [input.from, input.to, input.timeZone, input.marketId],
  );
  return result.rows;
}

export interface LatestMeasurementRow {
  id: number;
  caseId: number;
  kind: 'scheduled' | 'manual';
  offsetDays: number | null;
  asOf: Day;
  verdict: string;
  figures: unknown;
  sentenceEn: string;
  sentenceNb: string;
}

/** Each case's latest measurement as of a day (by its as-of day, then the newest), if it has one. */
export async function listLatestMeasurements(db: Db, input: { caseIds: number[]; upTo: Day }): Promise<LatestMeasurementRow[]> {
  if (input.caseIds.length === 0) return [];
  const result = await db.query<LatestMeasurementRow>(
    `SELECT DISTINCT ON (m.case_id) m.id, m.case_id AS "caseId", m.kind, m.offset_days AS "offsetDays",
            to_char(m.as_of, 'YYYY-MM-DD') AS "asOf", m.verdict, m.figures, m.sentence_en AS "sentenceEn", m.sentence_nb AS "sentenceNb"
     FROM followup_measurements m
     WHERE m.case_id = ANY($1::int[]) AND m.as_of <= $2::date
     ORDER BY m.case_id, m.as_of DESC, m.id DESC`,
    [input.caseIds, input.upTo],
  );
  return result.rows;
}

export interface OpenCaseRow {
  caseId: number;
  title: string;
  /** The status the case had at the end of the period. */
  status: string;
  currentStatus: string;
  topics: string[];
  /** The case's topics with their sub-topics: the topics this case covers. */
  topicIds: number[];
  /** Its topics' inquiries in its markets (and the report's market) over the period. */
  count: number;
}

/**
 * Cases open at the end of the period (created by then, last status by then neither resolved nor
 * dropped), each with the period's inquiries about its topics (sub-topics included) in its markets.
 */
export async function listOpenCasesWithVolume(db: Db, input: { from: Day; to: Day; timeZone: string; marketId: number | null }): Promise<OpenCaseRow[]> {
  const result = await db.query<OpenCaseRow>(
    `WITH RECURSIVE at_end AS (
       SELECT c.id, c.title, c.status AS current_status,
              coalesce((SELECT h.after #>> '{}' FROM case_history h
                        WHERE h.case_id = c.id AND h.field = 'status' AND (h.at AT TIME ZONE $3)::date <= $2::date
                        ORDER BY h.at DESC, h.id DESC LIMIT 1), 'new') AS status
       FROM cases c
       WHERE (c.created_at AT TIME ZONE $3)::date <= $2::date AND ${caseInMarket('$4')}),
     open_cases AS (SELECT * FROM at_end WHERE status NOT IN ('resolved', 'dropped')),
     tree AS (
       SELECT ct.case_id, ct.topic_id AS topic_id FROM case_topics ct JOIN open_cases o ON o.id = ct.case_id
       UNION SELECT tree.case_id, t.id FROM topics t JOIN tree ON t.parent_id = tree.topic_id)
     SELECT o.id AS "caseId", o.title, o.status, o.current_status AS "currentStatus",
            coalesce((SELECT array_agg(t.name ORDER BY t.name) FROM case_topics ct JOIN topics t ON t.id = ct.topic_id WHERE ct.case_id = o.id), '{}') AS topics,
            coalesce((SELECT array_agg(tree.topic_id ORDER BY tree.topic_id) FROM tree WHERE tree.case_id = o.id), '{}') AS "topicIds",
            coalesce((SELECT sum(d.count) FROM inquiry_daily d
                      WHERE d.day BETWEEN $1::date AND $2::date
                        AND d.topic_id IN (SELECT tree.topic_id FROM tree WHERE tree.case_id = o.id)
                        AND (NOT EXISTS (SELECT 1 FROM case_markets cm WHERE cm.case_id = o.id)
                             OR d.market_id IN (SELECT cm.market_id FROM case_markets cm WHERE cm.case_id = o.id))
                        AND ($4::int IS NULL OR d.market_id = $4::int)), 0)::int AS count
     FROM open_cases o
     ORDER BY count DESC, o.id`,
    [input.from, input.to, input.timeZone, input.marketId],
  );
  return result.rows;
}

export interface TopicVolumeRow {
  topicId: number;
  key: string;
  name: string;
  count: number;
}

/** Inquiries logged on each topic itself (not its sub-topics) over the period, busiest first. */
export async function listTopicVolumes(db: Db, input: { from: Day; to: Day; marketId: number | null }): Promise<TopicVolumeRow[]> {
  const result = await db.query<TopicVolumeRow>(
    `SELECT t.id AS "topicId", t.key, t.name, sum(d.count)::int AS count
     FROM inquiry_daily d JOIN topics t ON t.id = d.topic_id
     WHERE d.day BETWEEN $1::date AND $2::date AND ($3::int IS NULL OR d.market_id = $3::int)
     GROUP BY t.id, t.key, t.name
     HAVING sum(d.count) > 0
     ORDER BY count DESC, t.key`,
    [input.from, input.to, input.marketId],
  );
  return result.rows;
}

/** All inquiries on each day from `from` to `to` (zero-filled), in one market or all. */
export async function listDailyTotals(db: Db, input: { from: Day; to: Day; marketId: number | null }): Promise<Array<{ day: Day; count: number }>> {
  const result = await db.query<{ day: Day; count: number }>(
    `WITH days AS (SELECT generate_series($1::date, $2::date, interval '1 day')::date AS day)
     SELECT to_char(days.day, 'YYYY-MM-DD') AS day, coalesce(sum(d.count), 0)::int AS count
     FROM days LEFT JOIN inquiry_daily d ON d.day = days.day AND ($3::int IS NULL OR d.market_id = $3::int)
     GROUP BY days.day ORDER BY days.day`,
    [input.from, input.to, input.marketId],
  );
  return result.rows;
}

/** The first day anything was logged (in one market or all), or null when nothing was. */
export async function firstLoggedDay(db: Db, input: { marketId: number | null }): Promise<Day | null> {
  const result = await db.query<{ day: Day | null }>(
    `SELECT to_char(min(d.day), 'YYYY-MM-DD') AS day FROM inquiry_daily d WHERE d.count > 0 AND ($1::int IS NULL OR d.market_id = $1::int)`,
    [input.marketId],
  );
  return result.rows[0]?.day ?? null;
}
