import type { Db } from '../db/database.ts';

export interface PhaseRow {
  id: number;
  key: string;
  name: string;
  description: string | null;
  position: number;
  momentOfTruth: boolean;
}

export interface TouchPointRow {
  id: number;
  phaseId: number;
  key: string;
  name: string;
  position: number;
}

export interface OwnPlaceRow {
  topicId: number;
  phaseId: number;
  touchPointId: number | null;
}

export async function listPhases(db: Db): Promise<PhaseRow[]> {
  const result = await db.query<PhaseRow>(
    `SELECT id, key, name, description, position, moment_of_truth AS "momentOfTruth" FROM journey_phases ORDER BY position, id`,
  );
  return result.rows;
}

export async function listTouchPoints(db: Db): Promise<TouchPointRow[]> {
  const result = await db.query<TouchPointRow>(
    `SELECT id, phase_id AS "phaseId", key, name, position FROM journey_touch_points ORDER BY phase_id, position, id`,
  );
  return result.rows;
}

export async function listOwnPlaces(db: Db): Promise<OwnPlaceRow[]> {
  const result = await db.query<OwnPlaceRow>(
    `SELECT topic_id AS "topicId", phase_id AS "phaseId", touch_point_id AS "touchPointId" FROM topic_journey`,
  );
  return result.rows;
}

/** Every phase's id in journey order, locked, so concurrent edits of the order take turns. */
export async function lockPhaseOrder(db: Db): Promise<number[]> {
  const result = await db.query<{ id: number }>(`SELECT id FROM journey_phases ORDER BY position, id FOR UPDATE`);
  return result.rows.map((row) => row.id);
}

/** A phase's touch points in order, locked (the phase row too, so two inserts take turns). */
export async function lockTouchPointOrder(db: Db, phaseId: number): Promise<number[]> {
  await db.query(`SELECT 1 FROM journey_phases WHERE id = $1 FOR UPDATE`, [phaseId]);
  const result = await db.query<{ id: number }>(
    `SELECT id FROM journey_touch_points WHERE phase_id = $1 ORDER BY position, id FOR UPDATE`,
    [phaseId],
  );
  return result.rows.map((row) => row.id);
}

export async function insertPhase(db: Db, input: { key: string; name: string; description: string | null; momentOfTruth: boolean; position: number; at: Date }): Promise<number> {
  const result = await db.query<{ id: number }>(
    `INSERT INTO journey_phases (key, name, description, moment_of_truth, position, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
    [input.key, input.name, input.description, input.momentOfTruth, input.position, input.at],
  );
  return result.rows[0]!.id;
}

export async function updatePhase(db: Db, id: number, changes: { name?: string; description?: string | null; momentOfTruth?: boolean }, at: Date): Promise<void> {
  await db.query(
    `UPDATE journey_phases SET
       name = CASE WHEN $2::boolean THEN $3 ELSE name END,
       description = CASE WHEN $4::boolean THEN $5 ELSE description END,
       moment_of_truth = coalesce($6, moment_of_truth),
       updated_at = $7
     WHERE id = $1`,
    [id, changes.name !== undefined, changes.name ?? null, changes.description !== undefined, changes.description ?? null, changes.momentOfTruth ?? null, at],
  );
}

/** Writes positions 1…n in the given order. */
export async function setPhasePositions(db: Db, orderedIds: number[]): Promise<void> {
  await db.query(
    `UPDATE journey_phases p SET position = o.position
     FROM unnest($1::int[]) WITH ORDINALITY AS o(id, position) WHERE p.id = o.id AND p.position <> o.position`,
    [orderedIds],
  );
}

export async function deletePhase(db: Db, id: number): Promise<void> {
  await db.query(`DELETE FROM journey_phases WHERE id = $1`, [id]);
}

/** Topics placed in a phase by their own mapping (not counting those that inherit it). */
export async function topicsPlacedIn(db: Db, phaseId: number): Promise<number> {
  const result = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM topic_journey WHERE phase_id = $1`, [phaseId]);
  return result.rows[0]!.n;
}

export async function insertTouchPoint(db: Db, input: { phaseId: number; key: string; name: string; position: number; at: Date }): Promise<number> {
  const result = await db.query<{ id: number }>(
    `INSERT INTO journey_touch_points (phase_id, key, name, position, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
    [input.phaseId, input.key, input.name, input.position, input.at],
  );
  return result.rows[0]!.id;
}

export async function renameTouchPoint(db: Db, id: number, name: string, at: Date): Promise<void> {
  await db.query(`UPDATE journey_touch_points SET name = $2, updated_at = $3 WHERE id = $1`, [id, name, at]);
}

export async function setTouchPointPositions(db: Db, orderedIds: number[]): Promise<void> {
  await db.query(
    `UPDATE journey_touch_points t SET position = o.position
     FROM unnest($1::int[]) WITH ORDINALITY AS o(id, position) WHERE t.id = o.id AND t.position <> o.position`,
    [orderedIds],
  );
}

/** Deletes a touch point; returns how many topics were placed at it (they stay in its phase). */
export async function deleteTouchPoint(db: Db, id: number): Promise<number> {
  const placed = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM topic_journey WHERE touch_point_id = $1`, [id]);
  await db.query(`DELETE FROM journey_touch_points WHERE id = $1`, [id]);
  return placed.rows[0]!.n;
}

export async function upsertOwnPlace(db: Db, input: { topicId: number; phaseId: number; touchPointId: number | null; at: Date }): Promise<void> {
  await db.query(
    `INSERT INTO topic_journey (topic_id, phase_id, touch_point_id, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (topic_id) DO UPDATE SET phase_id = excluded.phase_id, touch_point_id = excluded.touch_point_id, updated_at = excluded.updated_at`,
    [input.topicId, input.phaseId, input.touchPointId, input.at],
  );
}

/** Removes a topic's own place (it inherits its parent's again); true when it had one. */
export async function deleteOwnPlace(db: Db, topicId: number): Promise<boolean> {
  const result = await db.query(`DELETE FROM topic_journey WHERE topic_id = $1`, [topicId]);
  return (result.rowCount ?? 0) > 0;
}
