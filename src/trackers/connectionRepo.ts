import type { Db } from '../db/database.ts';
import type { TrackerConnection } from './connection.ts';
import type { TrackerKind } from './tracker.ts';

export interface ConnectionRow {
  id: number;
  name: string;
  kind: TrackerKind;
  /** The validated connection as stored; parse it again before use (a later schema may differ). */
  config: TrackerConnection;
  team: string | null;
  market: string | null;
  marketId: number | null;
  active: boolean;
  reconciledUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const columns = `c.id, c.name, c.kind, c.config, c.team, m.key AS market, c.market_id AS "marketId", c.active,
  c.reconciled_until AS "reconciledUntil", c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;
const from = `tracker_connections c LEFT JOIN markets m ON m.id = c.market_id`;

export async function listConnections(db: Db, filter: { kind?: TrackerKind; activeOnly?: boolean } = {}): Promise<ConnectionRow[]> {
  const result = await db.query<ConnectionRow>(
    `SELECT ${columns} FROM ${from} WHERE ($1::text IS NULL OR c.kind = $1) AND (NOT $2 OR c.active) ORDER BY c.name`,
    [filter.kind ?? null, filter.activeOnly ?? false],
  );
  return result.rows;
}

export async function getConnection(db: Db, id: number): Promise<ConnectionRow | undefined> {
  return (await db.query<ConnectionRow>(`SELECT ${columns} FROM ${from} WHERE c.id = $1`, [id])).rows[0];
}

export async function getConnectionByName(db: Db, name: string): Promise<ConnectionRow | undefined> {
  return (await db.query<ConnectionRow>(`SELECT ${columns} FROM ${from} WHERE c.name = $1`, [name])).rows[0];
}

export interface ConnectionWrite {
  config: TrackerConnection;
  team: string | null;
  marketId: number | null;
  active: boolean;
}

/** Inserts a connection; undefined when the name is taken. */
export async function insertConnection(db: Db, input: ConnectionWrite, at: Date): Promise<number | undefined> {
  const result = await db.query<{ id: number }>(
    `INSERT INTO tracker_connections (name, kind, config, team, market_id, active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (name) DO NOTHING RETURNING id`,
    [input.config.name, input.config.kind, JSON.stringify(input.config), input.team, input.marketId, input.active, at],
  );
  return result.rows[0]?.id;
}

export async function updateConnection(db: Db, id: number, input: ConnectionWrite, at: Date): Promise<void> {
  await db.query(
    `UPDATE tracker_connections SET name = $2, config = $3, team = $4, market_id = $5, active = $6, updated_at = $7 WHERE id = $1`,
    [id, input.config.name, JSON.stringify(input.config), input.team, input.marketId, input.active, at],
  );
}

/** Moves the reconcile cursor: issues updated before `until` have been read. */
export async function setReconciledUntil(db: Db, id: number, until: Date): Promise<void> {
  await db.query(`UPDATE tracker_connections SET reconciled_until = $2 WHERE id = $1`, [id, until]);
}
