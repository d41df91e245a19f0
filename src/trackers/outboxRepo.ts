import type { Db } from '../db/database.ts';
import type { TrackerConnection } from './connection.ts';

export type OutboxKind = 'create' | 'update' | 'comment' | 'followup_comment';

/** Queues the creation for a new link. */
export async function insertCreate(db: Db, linkId: number, at: Date): Promise<void> {
  await db.query(`INSERT INTO tracker_outbox (link_id, kind, next_attempt_at, created_at) VALUES ($1, 'create', $2, $2)`, [linkId, at]);
}

/**
 * Queues an update of the issue for each link, or — when one is already pending — bumps its
 * revision, so many edits become one write and a write in flight knows it is stale.
 */
export async function upsertUpdates(db: Db, linkIds: number[], at: Date): Promise<void> {
  if (linkIds.length === 0) return;
  await db.query(
    `INSERT INTO tracker_outbox (link_id, kind, next_attempt_at, created_at)
     SELECT unnest($1::int[]), 'update', $2, $2
     ON CONFLICT (link_id) WHERE kind = 'update' AND status = 'pending'
     DO UPDATE SET revision = tracker_outbox.revision + 1, next_attempt_at = LEAST(tracker_outbox.next_attempt_at, EXCLUDED.next_attempt_at)`,
    [[...new Set(linkIds)].sort((a, b) => a - b), at],
  );
}

export async function insertComment(db: Db, input: { linkId: number; kind: 'comment' | 'followup_comment'; payload: unknown; at: Date }): Promise<void> {
  await db.query(`INSERT INTO tracker_outbox (link_id, kind, payload, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $4)`, [
    input.linkId,
    input.kind,
    JSON.stringify(input.payload),
    input.at,
  ]);
}

export interface ClaimedWrite {
  id: number;
  linkId: number;
  kind: OutboxKind;
  payload: unknown;
  revision: number;
  /** Attempts including this one. */
  attempts: number;
  connectionId: number;
  connectionActive: boolean;
  config: TrackerConnection;
}

/**
 * Takes the most overdue pending write and moves its next attempt to `leaseUntil` (counting the
 * attempt) before anything is sent. A process that dies mid-send leaves the write due again when
 * the lease runs out, with an attempt count that says it may already have reached the tracker.
 */
export async function claimNextDue(db: Db, input: { asOf: Date; leaseUntil: Date }): Promise<ClaimedWrite | undefined> {
  const result = await db.query<ClaimedWrite>(
    `WITH due AS (
       SELECT id FROM tracker_outbox WHERE status = 'pending' AND next_attempt_at <= $1
       ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED),
     claimed AS (
       UPDATE tracker_outbox o SET next_attempt_at = $2, attempts = o.attempts + 1 FROM due WHERE o.id = due.id
       RETURNING o.id, o.link_id, o.kind, o.payload, o.revision, o.attempts)
     SELECT cl.id::int, cl.link_id AS "linkId", cl.kind, cl.payload, cl.revision, cl.attempts, c.id AS "connectionId",
            c.active AS "connectionActive", c.config
     FROM claimed cl JOIN tracker_links l ON l.id = cl.link_id JOIN tracker_connections c ON c.id = l.connection_id`,
    [input.asOf, input.leaseUntil],
  );
  return result.rows[0];
}

/**
 * Marks a write done unless the row was bumped since it was claimed; a bumped update stays
 * pending and due at once, so the newer content is written too. True when marked done.
 */
export async function markDone(db: Db, id: number, input: { revision: number; at: Date }): Promise<boolean> {
  const done = await db.query(`UPDATE tracker_outbox SET status = 'done', done_at = $3, last_error = NULL WHERE id = $1 AND revision = $2`, [id, input.revision, input.at]);
  if ((done.rowCount ?? 0) > 0) return true;
  await db.query(`UPDATE tracker_outbox SET next_attempt_at = $2, attempts = 0 WHERE id = $1 AND status = 'pending'`, [id, input.at]);
  return false;
}

export async function markRetry(db: Db, id: number, input: { nextAttemptAt: Date; error: string }): Promise<void> {
  await db.query(`UPDATE tracker_outbox SET next_attempt_at = $2, last_error = $3 WHERE id = $1 AND status = 'pending'`, [id, input.nextAttemptAt, input.error]);
}

export async function markFailed(db: Db, id: number, error: string): Promise<void> {
  await db.query(`UPDATE tracker_outbox SET status = 'failed', last_error = $2 WHERE id = $1 AND status = 'pending'`, [id, error]);
}

/** Puts a link's failed writes back in the queue, due now, with fresh attempts; returns how many. */
export async function requeueFailed(db: Db, linkId: number, at: Date): Promise<number> {
  // A failed update may come back while another update is pending: the pending one covers it.
  await db.query(
    `UPDATE tracker_outbox SET status = 'done', done_at = $2 WHERE link_id = $1 AND status = 'failed' AND kind = 'update'
       AND EXISTS (SELECT 1 FROM tracker_outbox p WHERE p.link_id = $1 AND p.status = 'pending' AND p.kind = 'update')`,
    [linkId, at],
  );
  const result = await db.query(
    `UPDATE tracker_outbox o SET status = 'pending', attempts = 0, next_attempt_at = $2, last_error = NULL
     WHERE o.id IN (SELECT id FROM tracker_outbox WHERE link_id = $1 AND status = 'failed' ORDER BY id)
       AND NOT (o.kind = 'update' AND o.id <> (SELECT max(id) FROM tracker_outbox WHERE link_id = $1 AND status = 'failed' AND kind = 'update'))`,
    [linkId, at],
  );
  // Older failed updates are covered by the newest one.
  await db.query(`UPDATE tracker_outbox SET status = 'done', done_at = $2 WHERE link_id = $1 AND status = 'failed' AND kind = 'update'`, [linkId, at]);
  return result.rowCount ?? 0;
}

export async function hasPendingCreate(db: Db, linkId: number): Promise<boolean> {
  const result = await db.query(`SELECT 1 FROM tracker_outbox WHERE link_id = $1 AND kind = 'create' AND status = 'pending'`, [linkId]);
  return (result.rowCount ?? 0) > 0;
}
