import type { Db } from '../db/database.ts';

export type TargetKind = 'slack' | 'email';

export interface TargetRow {
  id: number;
  name: string;
  kind: TargetKind;
  address: string;
  /** The topic as stored and the topic it resolves to (a merged topic lives on in the one it was merged into). */
  topicId: number | null;
  topic: string | null;
  topicName: string | null;
  scopeTopicId: number | null;
  marketId: number | null;
  market: string | null;
  marketName: string | null;
  scopeMarketId: number | null;
  spikes: boolean;
  digest: boolean;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface TargetFields {
  name: string;
  kind: TargetKind;
  address: string;
  topicId: number | null;
  marketId: number | null;
  spikes: boolean;
  digest: boolean;
  active: boolean;
}

const columns = `n.id, n.name, n.kind, n.address,
  n.topic_id AS "topicId", t.key AS topic, t.name AS "topicName", coalesce(t.merged_into_id, t.id) AS "scopeTopicId",
  n.market_id AS "marketId", m.key AS market, m.name AS "marketName", coalesce(m.merged_into_id, m.id) AS "scopeMarketId",
  n.spikes, n.digest, n.active, n.created_at AS "createdAt", n.updated_at AS "updatedAt"`;
const from = `notification_targets n LEFT JOIN topics t ON t.id = n.topic_id LEFT JOIN markets m ON m.id = n.market_id`;

export async function listTargets(db: Db): Promise<TargetRow[]> {
  const result = await db.query<TargetRow>(`SELECT ${columns} FROM ${from} ORDER BY n.id`);
  return result.rows;
}

/** Active targets that receive spike messages, or the digest. */
export async function listActiveReceiving(db: Db, what: 'spikes' | 'digest'): Promise<TargetRow[]> {
  const result = await db.query<TargetRow>(`SELECT ${columns} FROM ${from} WHERE n.active AND n.${what === 'spikes' ? 'spikes' : 'digest'} ORDER BY n.id`);
  return result.rows;
}

export async function getTarget(db: Db, id: number, options: { forUpdate?: boolean } = {}): Promise<TargetRow | undefined> {
  if (options.forUpdate) await db.query('SELECT 1 FROM notification_targets WHERE id = $1 FOR UPDATE', [id]);
  const result = await db.query<TargetRow>(`SELECT ${columns} FROM ${from} WHERE n.id = $1`, [id]);
  return result.rows[0];
}

export async function insertTarget(db: Db, fields: TargetFields, at: Date): Promise<number> {
  const result = await db.query<{ id: number }>(
    `INSERT INTO notification_targets (name, kind, address, topic_id, market_id, spikes, digest, active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
    [fields.name, fields.kind, fields.address, fields.topicId, fields.marketId, fields.spikes, fields.digest, fields.active, at],
  );
  return result.rows[0]!.id;
}

export async function updateTarget(db: Db, id: number, fields: TargetFields, at: Date): Promise<void> {
  await db.query(
    `UPDATE notification_targets SET name = $2, kind = $3, address = $4, topic_id = $5, market_id = $6, spikes = $7, digest = $8,
       active = $9, updated_at = $10
     WHERE id = $1`,
    [id, fields.name, fields.kind, fields.address, fields.topicId, fields.marketId, fields.spikes, fields.digest, fields.active, at],
  );
}
