import type { Db } from '../db/database.ts';
import type { IssueState, TrackerKind } from './tracker.ts';

export type SyncState = 'pending' | 'synced' | 'error';

export interface LinkRow {
  id: number;
  caseId: number;
  actionId: number | null;
  connectionId: number;
  connectionName: string;
  connectionKind: TrackerKind;
  remoteKey: string | null;
  remoteUrl: string | null;
  remoteState: IssueState | null;
  remoteStatus: string | null;
  resolvedAt: Date | null;
  syncState: SyncState;
  lastError: string | null;
  lastWriteHash: string | null;
  lastSyncedAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  /** Writes still owed to the tracker for this link. */
  pendingWrites: number;
}

const columns = `l.id, l.case_id AS "caseId", l.action_id AS "actionId", l.connection_id AS "connectionId",
  c.name AS "connectionName", c.kind AS "connectionKind", l.remote_key AS "remoteKey", l.remote_url AS "remoteUrl",
  l.remote_state AS "remoteState", l.remote_status AS "remoteStatus", l.resolved_at AS "resolvedAt", l.sync_state AS "syncState",
  l.last_error AS "lastError", l.last_write_hash AS "lastWriteHash", l.last_synced_at AS "lastSyncedAt", l.created_by AS "createdBy",
  l.created_at AS "createdAt", l.updated_at AS "updatedAt",
  (SELECT count(*)::int FROM tracker_outbox o WHERE o.link_id = l.id AND o.status = 'pending') AS "pendingWrites"`;
const from = `tracker_links l JOIN tracker_connections c ON c.id = l.connection_id`;

export async function listLinksOfCase(db: Db, caseId: number): Promise<LinkRow[]> {
  return (await db.query<LinkRow>(`SELECT ${columns} FROM ${from} WHERE l.case_id = $1 ORDER BY l.id`, [caseId])).rows;
}

/** The links of many cases in one query (a board asks once, not once per case), by case then link. */
export async function listLinksOfCases(db: Db, caseIds: readonly number[]): Promise<LinkRow[]> {
  if (caseIds.length === 0) return [];
  return (await db.query<LinkRow>(`SELECT ${columns} FROM ${from} WHERE l.case_id = ANY($1::int[]) ORDER BY l.case_id, l.id`, [caseIds])).rows;
}

export async function getLink(db: Db, id: number, options: { forUpdate?: boolean } = {}): Promise<LinkRow | undefined> {
  if (options.forUpdate) await db.query('SELECT 1 FROM tracker_links WHERE id = $1 FOR UPDATE', [id]);
  return (await db.query<LinkRow>(`SELECT ${columns} FROM ${from} WHERE l.id = $1`, [id])).rows[0];
}

export async function getLinkByRemoteKey(db: Db, connectionId: number, remoteKey: string, options: { forUpdate?: boolean } = {}): Promise<LinkRow | undefined> {
  const lock = options.forUpdate ? ' FOR UPDATE OF l' : '';
  return (await db.query<LinkRow>(`SELECT ${columns} FROM ${from} WHERE l.connection_id = $1 AND l.remote_key = $2${lock}`, [connectionId, remoteKey])).rows[0];
}

/** Links of one connection that have an issue, by issue key (what reconcile compares against). */
export async function listLinkedIssues(db: Db, connectionId: number): Promise<LinkRow[]> {
  return (await db.query<LinkRow>(`SELECT ${columns} FROM ${from} WHERE l.connection_id = $1 AND l.remote_key IS NOT NULL ORDER BY l.id`, [connectionId])).rows;
}

/** Links to this connection for the same case and action whose issue is not closed. */
export async function findOpenLink(db: Db, input: { caseId: number; actionId: number | null; connectionId: number }): Promise<LinkRow | undefined> {
  const result = await db.query<LinkRow>(
    `SELECT ${columns} FROM ${from}
     WHERE l.case_id = $1 AND l.action_id IS NOT DISTINCT FROM $2 AND l.connection_id = $3 AND coalesce(l.remote_state, 'open') = 'open'
     ORDER BY l.id LIMIT 1`,
    [input.caseId, input.actionId, input.connectionId],
  );
  return result.rows[0];
}

export async function insertLink(db: Db, input: { caseId: number; actionId: number | null; connectionId: number; createdBy: string; at: Date }): Promise<number> {
  const result = await db.query<{ id: number }>(
    `INSERT INTO tracker_links (case_id, action_id, connection_id, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
    [input.caseId, input.actionId, input.connectionId, input.createdBy, input.at],
  );
  return result.rows[0]!.id;
}

/** The issue a create made (or found): the link is synced from here on. */
export async function markCreated(db: Db, id: number, input: { key: string; url: string; writeHash: string; at: Date }): Promise<void> {
  await db.query(
    `UPDATE tracker_links SET remote_key = $2, remote_url = $3, remote_state = coalesce(remote_state, 'open'), sync_state = 'synced',
       last_error = NULL, last_write_hash = $4, last_synced_at = $5, updated_at = $5 WHERE id = $1`,
    [id, input.key, input.url, input.writeHash, input.at],
  );
}

export async function markSynced(db: Db, id: number, input: { writeHash: string | null; at: Date }): Promise<void> {
  await db.query(
    `UPDATE tracker_links SET sync_state = 'synced', last_error = NULL, last_write_hash = coalesce($2, last_write_hash), last_synced_at = $3, updated_at = $3
     WHERE id = $1`,
    [id, input.writeHash, input.at],
  );
}

/** Records why the last write failed; `final` marks the link `error` until someone retries. */
export async function markFailure(db: Db, id: number, input: { error: string; final: boolean; at: Date }): Promise<void> {
  await db.query(
    `UPDATE tracker_links SET last_error = $2, sync_state = CASE WHEN $3 THEN 'error' ELSE sync_state END, updated_at = $4 WHERE id = $1`,
    [id, input.error, input.final, input.at],
  );
}

export async function markPending(db: Db, id: number, at: Date): Promise<void> {
  await db.query(`UPDATE tracker_links SET sync_state = 'pending', last_error = NULL, updated_at = $2 WHERE id = $1`, [id, at]);
}

export async function setRemoteState(db: Db, id: number, input: { state: IssueState; statusName: string; resolvedAt: Date | null; at: Date }): Promise<void> {
  await db.query(
    `UPDATE tracker_links SET remote_state = $2, remote_status = $3, resolved_at = $4, updated_at = $5 WHERE id = $1`,
    [id, input.state, input.statusName, input.state === 'open' ? null : input.resolvedAt, input.at],
  );
}
