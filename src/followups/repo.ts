import type { Db } from '../db/database.ts';
import type { Day } from '../time.ts';

export interface FixRow {
  caseId: number;
  shippedAt: Date;
  fixDay: Day;
  offsetsDays: number[];
  setBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const fixColumns = `f.case_id AS "caseId", f.shipped_at AS "shippedAt", f.fix_day AS "fixDay", f.offsets_days AS "offsetsDays",
  f.set_by AS "setBy", f.created_at AS "createdAt", f.updated_at AS "updatedAt"`;

export async function getFix(db: Db, caseId: number): Promise<FixRow | undefined> {
  return (await db.query<FixRow>(`SELECT ${fixColumns} FROM case_fixes f WHERE f.case_id = $1`, [caseId])).rows[0];
}

export async function upsertFix(db: Db, fix: { caseId: number; shippedAt: Date; fixDay: Day; offsetsDays: number[]; setBy: string; at: Date }): Promise<void> {
  await db.query(
    `INSERT INTO case_fixes (case_id, shipped_at, fix_day, offsets_days, set_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6)
     ON CONFLICT (case_id) DO UPDATE SET shipped_at = $2, fix_day = $3, offsets_days = $4, set_by = $5, updated_at = $6`,
    [fix.caseId, fix.shippedAt, fix.fixDay, fix.offsetsDays, fix.setBy, fix.at],
  );
}

/** Fixes of cases still waiting for follow-ups (fix shipped or verifying). */
export async function listAwaitingFixes(db: Db): Promise<FixRow[]> {
  const result = await db.query<FixRow>(
    `SELECT ${fixColumns} FROM case_fixes f JOIN cases c ON c.id = f.case_id
     WHERE c.status IN ('fix_shipped', 'verifying') ORDER BY f.case_id`,
  );
  return result.rows;
}

export interface CaseSpike {
  id: number;
  firstDay: Day;
  peakDay: Day;
  peakValue: number;
  lastDay: Day;
}

/** The spikes a case was opened from or gathered; the earliest first day is when the problem began. */
export async function listCaseSpikes(db: Db, caseId: number): Promise<CaseSpike[]> {
  const result = await db.query<CaseSpike>(
    `SELECT s.id, s.first_day AS "firstDay", s.peak_day AS "peakDay", s.peak_value AS "peakValue", s.last_day AS "lastDay"
     FROM case_spikes cs JOIN spikes s ON s.id = cs.spike_id WHERE cs.case_id = $1 ORDER BY s.first_day, s.id`,
    [caseId],
  );
  return result.rows;
}

export interface Scope {
  /** The case's topics with their sub-topics. */
  topicIds: number[];
  /** Empty: every market. */
  marketIds: number[];
}

/** The case's inquiries and all inquiries in its markets over a window, from the daily rollup. */
export async function windowTally(db: Db, input: Scope & { from: Day; to: Day }): Promise<{ count: number; total: number }> {
  const result = await db.query<{ count: number; total: number }>(
    `SELECT coalesce(sum(count) FILTER (WHERE topic_id = ANY($3::int[])), 0)::int AS count, coalesce(sum(count), 0)::int AS total
     FROM inquiry_daily
     WHERE day BETWEEN $1 AND $2 AND (cardinality($4::int[]) = 0 OR market_id = ANY($4::int[]))`,
    [input.from, input.to, input.topicIds, input.marketIds],
  );
  return result.rows[0]!;
}

/** Every day from `from` to `to` (zero-filled): the case's inquiries and all inquiries in its markets. */
export async function dailyCounts(db: Db, input: Scope & { from: Day; to: Day }): Promise<Array<{ day: Day; count: number; total: number }>> {
  const result = await db.query<{ day: Day; count: number; total: number }>(
    `WITH days AS (SELECT generate_series($1::date, $2::date, interval '1 day')::date AS day)
     SELECT to_char(days.day, 'YYYY-MM-DD') AS day,
            coalesce(sum(d.count) FILTER (WHERE d.topic_id = ANY($3::int[])), 0)::int AS count,
            coalesce(sum(d.count), 0)::int AS total
     FROM days LEFT JOIN inquiry_daily d
       ON d.day = days.day AND (cardinality($4::int[]) = 0 OR d.market_id = ANY($4::int[]))
     GROUP BY days.day ORDER BY days.day`,
    [input.from, input.to, input.topicIds, input.marketIds],
  );
  return result.rows;
}

export interface NewMeasurement {
  caseId: number;
  kind: 'scheduled' | 'manual';
  offsetDays: number | null;
  asOf: Day;
  fixDay: Day;
  windows: unknown;
  counts: unknown;
  figures: unknown;
  verdict: string;
  judgement: unknown;
  sentenceEn: string;
  sentenceNb: string;
  createdBy: string;
  at: Date;
}

export interface MeasurementRow extends Omit<NewMeasurement, 'at'> {
  id: number;
  caseStatus: string | null;
  createdAt: Date;
}

const measurementColumns = `id, case_id AS "caseId", kind, offset_days AS "offsetDays", as_of AS "asOf", fix_day AS "fixDay", windows, counts,
  figures, verdict, judgement, sentence_en AS "sentenceEn", sentence_nb AS "sentenceNb", case_status AS "caseStatus",
  created_by AS "createdBy", created_at AS "createdAt"`;

/**
 * Stores a measurement. A scheduled one that already exists for its case, offset and day is not
 * stored again: undefined tells the caller another run got there first.
 */
export async function insertMeasurement(db: Db, m: NewMeasurement): Promise<number | undefined> {
  const result = await db.query<{ id: number }>(
    `INSERT INTO followup_measurements (case_id, kind, offset_days, as_of, fix_day, windows, counts, figures, verdict, judgement,
                                        sentence_en, sentence_nb, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (case_id, offset_days, as_of) WHERE kind = 'scheduled' DO NOTHING
     RETURNING id`,
    [
      m.caseId,
      m.kind,
      m.offsetDays,
      m.asOf,
      m.fixDay,
      JSON.stringify(m.windows),
      JSON.stringify(m.counts),
      JSON.stringify(m.figures),
      m.verdict,
      JSON.stringify(m.judgement),
      m.sentenceEn,
      m.sentenceNb,
      m.createdBy,
      m.at,
    ],
  );
  return result.rows[0]?.id;
}

export async function setMeasurementCaseStatus(db: Db, id: number, status: string): Promise<void> {
  await db.query(`UPDATE followup_measurements SET case_status = $2 WHERE id = $1`, [id, status]);
}

export async function getMeasurement(db: Db, id: number): Promise<MeasurementRow | undefined> {
  return (await db.query<MeasurementRow>(`SELECT ${measurementColumns} FROM followup_measurements WHERE id = $1`, [id])).rows[0];
}

/** A case's measurements, oldest day first. */
export async function listMeasurements(db: Db, caseId: number): Promise<MeasurementRow[]> {
  return (await db.query<MeasurementRow>(`SELECT ${measurementColumns} FROM followup_measurements WHERE case_id = $1 ORDER BY as_of, id`, [caseId])).rows;
}

/** `offset:asOf` of every scheduled follow-up already measured for a case. */
export async function measuredFollowups(db: Db, caseId: number): Promise<Set<string>> {
  const result = await db.query<{ key: string }>(
    `SELECT offset_days || ':' || to_char(as_of, 'YYYY-MM-DD') AS key FROM followup_measurements WHERE case_id = $1 AND kind = 'scheduled'`,
    [caseId],
  );
  return new Set(result.rows.map((r) => r.key));
}

export const followupKey = (offsetDays: number, asOf: Day) => `${offsetDays}:${asOf}`;
