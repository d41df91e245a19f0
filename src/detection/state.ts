import type { Db } from '../db/database.ts';
import type { Day } from '../time.ts';

/**
 * What the detection job has done and what it still owes, in app_meta: the last day it judged, and
 * the earliest past day whose inquiries changed since (an import or a deletion), which must be
 * judged again. Days are YYYY-MM-DD, so text order is date order.
 */
const LAST_DAY = 'detection.lastDay';
const DIRTY_FROM = 'detection.dirtyFrom';

export async function lastJudgedDay(db: Db): Promise<Day | undefined> {
  return meta(db, LAST_DAY);
}

export async function dirtyFrom(db: Db): Promise<Day | undefined> {
  return meta(db, DIRTY_FROM);
}

/**
 * Records that inquiries of `day` changed. Read first and written only when the day is earlier,
 * so concurrent import batches do not queue on the row lock of an upsert.
 */
export async function markDirty(db: Db, day: Day): Promise<void> {
  const current = await dirtyFrom(db);
  if (current !== undefined && current <= day) return;
  await db.query(
    `INSERT INTO app_meta (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = least(app_meta.value, excluded.value)`,
    [DIRTY_FROM, day],
  );
}

/**
 * Takes the dirty marker before a run reads any inquiry, so a change that lands while the run is
 * going marks its day again and is judged by the next run. Give it back with `markDirty` if the
 * run fails.
 */
export async function takeDirty(db: Db): Promise<Day | undefined> {
  const result = await db.query<{ value: string }>(`DELETE FROM app_meta WHERE key = $1 RETURNING value`, [DIRTY_FROM]);
  return result.rows[0]?.value;
}

/** Records that every day up to `day` has been judged (never moves backwards). */
export async function recordJudgedUpTo(db: Db, day: Day): Promise<void> {
  await db.query(
    `INSERT INTO app_meta (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = greatest(app_meta.value, excluded.value)`,
    [LAST_DAY, day],
  );
}

async function meta(db: Db, key: string): Promise<string | undefined> {
  const result = await db.query<{ value: string }>(`SELECT value FROM app_meta WHERE key = $1`, [key]);
  return result.rows[0]?.value;
}
