import type { Db } from '../db/database.ts';
import type { TargetKind } from './targetRepo.ts';

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export type DeliveryKind = 'spike_opened' | 'spike_grew' | 'digest' | 'case_followup';

export interface NewDelivery {
  targetId: number;
  kind: DeliveryKind;
  spikeId: number | null;
  day: string;
  peakValue: number | null;
  subject: string;
  body: string;
  html: string | null;
}

/**
 * Queues a message unless the target already has one for this spike (or its digest) on this day.
 * The partial unique indexes decide, so two scans racing each other still queue one message.
 * Returns the new id, or undefined when the day's message already exists.
 */
export async function insertIfFirstToday(db: Db, delivery: NewDelivery, at: Date): Promise<number | undefined> {
  const conflict =
    delivery.spikeId === null
      ? `(target_id, day) WHERE kind = 'digest'`
      : `(target_id, spike_id, day) WHERE spike_id IS NOT NULL`;
  const result = await db.query<{ id: number }>(
    `INSERT INTO notification_deliveries (target_id, kind, spike_id, day, peak_value, subject, body, html, next_attempt_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
     ON CONFLICT ${conflict} DO NOTHING RETURNING id`,
    [delivery.targetId, delivery.kind, delivery.spikeId, delivery.day, delivery.peakValue, delivery.subject, delivery.body, delivery.html, at],
  );
  return result.rows[0]?.id;
}

/** For each target × spike, the newest message's day and the peak it announced. */
export async function lastSpikeNotices(db: Db, spikeIds: number[]): Promise<Map<string, { day: string; peakValue: number }>> {
  const result = await db.query<{ targetId: number; spikeId: number; day: string; peakValue: number }>(
    `SELECT DISTINCT ON (target_id, spike_id) target_id AS "targetId", spike_id AS "spikeId", to_char(day, 'YYYY-MM-DD') AS day,
            peak_value AS "peakValue"
     FROM notification_deliveries WHERE spike_id = ANY($1::int[])
     ORDER BY target_id, spike_id, day DESC`,
    [spikeIds],
  );
  return new Map(result.rows.map((row) => [noticeKey(row.targetId, row.spikeId), { day: row.day, peakValue: row.peakValue }]));
}

export const noticeKey = (targetId: number, spikeId: number) => `${targetId}:${spikeId}`;

export async function hasDigest(db: Db, targetId: number, day: string): Promise<boolean> {
  const result = await db.query(`SELECT 1 FROM notification_deliveries WHERE target_id = $1 AND day = $2 AND kind = 'digest'`, [targetId, day]);
  return (result.rowCount ?? 0) > 0;
}

export interface ClaimedDelivery {
  id: number;
  /** Null for a message to one person, sent by e-mail to its own address. */
  targetId: number | null;
  targetKind: TargetKind;
  address: string;
  targetActive: boolean;
  kind: DeliveryKind;
  subject: string;
  body: string;
  html: string | null;
  attempts: number;
}

/**
 * Takes the most overdue pending delivery and moves its next attempt to `leaseUntil` before anything
 * is sent. If the process dies mid-send, the delivery simply becomes due again when the lease runs
 * out: it may be sent twice, never lost. SKIP LOCKED lets several workers share the queue.
 */
export async function claimNextDue(db: Db, input: { asOf: Date; leaseUntil: Date }): Promise<ClaimedDelivery | undefined> {
  const result = await db.query<ClaimedDelivery>(
    `WITH due AS (
       SELECT id FROM notification_deliveries
       WHERE status = 'pending' AND next_attempt_at <= $1
       ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED),
     claimed AS (
       UPDATE notification_deliveries d SET next_attempt_at = $2 FROM due WHERE d.id = due.id
       RETURNING d.id, d.target_id, d.address, d.kind, d.subject, d.body, d.html, d.attempts)
     SELECT c.id, c.target_id AS "targetId", coalesce(t.kind, 'email') AS "targetKind", coalesce(t.address, c.address) AS address,
            coalesce(t.active, true) AS "targetActive", c.kind, c.subject, c.body, c.html, c.attempts
     FROM claimed c LEFT JOIN notification_targets t ON t.id = c.target_id`,
    [input.asOf, input.leaseUntil],
  );
  return result.rows[0];
}

export async function markSent(db: Db, id: number, input: { attempts: number; at: Date }): Promise<void> {
  await db.query(
    `UPDATE notification_deliveries SET status = 'sent', attempts = $2, sent_at = $3, last_error = NULL WHERE id = $1`,
    [id, input.attempts, input.at],
  );
}

export async function markRetry(db: Db, id: number, input: { attempts: number; nextAttemptAt: Date; error: string }): Promise<void> {
  await db.query(
    `UPDATE notification_deliveries SET attempts = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1 AND status = 'pending'`,
    [id, input.attempts, input.nextAttemptAt, input.error],
  );
}

export async function markFailed(db: Db, id: number, input: { attempts: number; error: string }): Promise<void> {
  await db.query(
    `UPDATE notification_deliveries SET status = 'failed', attempts = $2, last_error = $3 WHERE id = $1 AND status = 'pending'`,
    [id, input.attempts, input.error],
  );
}

/** Puts a delivery back in the queue, due at once, with a fresh set of attempts. */
export async function requeue(db: Db, id: number, at: Date): Promise<void> {
  await db.query(`UPDATE notification_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $2 WHERE id = $1`, [id, at]);
}

export interface DeliveryView {
  id: number;
  /** Null for a message to one person (see `caseId`). */
  target: { id: number; name: string; kind: TargetKind } | null;
  caseId: number | null;
  kind: DeliveryKind;
  spikeId: number | null;
  day: string;
  subject: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

const viewColumns = `d.id, CASE WHEN t.id IS NOT NULL THEN json_build_object('id', t.id, 'name', t.name, 'kind', t.kind) END AS target,
  d.case_id AS "caseId", d.kind, d.spike_id AS "spikeId",
  to_char(d.day, 'YYYY-MM-DD') AS day, d.subject, d.body, d.status, d.attempts,
  CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS "nextAttemptAt", d.last_error AS "lastError", d.sent_at AS "sentAt",
  d.created_at AS "createdAt"`;

export async function listDeliveries(db: Db, filter: { statuses?: string[]; targetId?: number; limit: number }): Promise<DeliveryView[]> {
  const result = await db.query<DeliveryView>(
    `SELECT ${viewColumns} FROM notification_deliveries d LEFT JOIN notification_targets t ON t.id = d.target_id
     WHERE ($1::text[] IS NULL OR d.status = ANY($1)) AND ($2::int IS NULL OR d.target_id = $2)
     ORDER BY d.id DESC LIMIT $3`,
    [filter.statuses ?? null, filter.targetId ?? null, filter.limit],
  );
  return result.rows;
}

export async function getDelivery(db: Db, id: number, options: { forUpdate?: boolean } = {}): Promise<(DeliveryView & { targetActive: boolean }) | undefined> {
  const result = await db.query<DeliveryView & { targetActive: boolean }>(
    `SELECT ${viewColumns}, coalesce(t.active, true) AS "targetActive" FROM notification_deliveries d LEFT JOIN notification_targets t ON t.id = d.target_id
     WHERE d.id = $1 ${options.forUpdate ? 'FOR UPDATE OF d' : ''}`,
    [id],
  );
  return result.rows[0];
}

/**
 * Queues a message to one person about a case (e.g. a follow-up result for its owner), sent by
 * e-mail to `address` through the same delivery job, retries and backoff as every other message.
 * One per case, address and day: returns undefined when that message already exists.
 */
export async function insertCaseNotice(
  db: Db,
  notice: { caseId: number; address: string; day: string; subject: string; body: string; html: string | null },
  at: Date,
): Promise<number | undefined> {
  const result = await db.query<{ id: number }>(
    `INSERT INTO notification_deliveries (address, case_id, kind, day, subject, body, html, next_attempt_at, created_at)
     VALUES ($1, $2, 'case_followup', $3, $4, $5, $6, $7, $7)
     ON CONFLICT (case_id, address, day) WHERE kind = 'case_followup' DO NOTHING RETURNING id`,
    [notice.address, notice.caseId, notice.day, notice.subject, notice.body, notice.html, at],
  );
  return result.rows[0]?.id;
}
