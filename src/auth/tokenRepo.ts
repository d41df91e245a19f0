import type { Db } from '../db/database.ts';
import type { Role } from './roles.ts';

export interface TokenRow {
  id: number;
  name: string;
  role: Role;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  userId: number | null;
  /** The linked user's name, if any. */
  userName: string | null;
}

const columns = `k.id, k.name, k.role, k.created_at AS "createdAt", k.last_used_at AS "lastUsedAt", k.revoked_at AS "revokedAt",
  k.user_id AS "userId", (SELECT u.name FROM users u WHERE u.id = k.user_id) AS "userName"`;

export async function insert(db: Db, input: { name: string; role: Role; tokenHash: string; userId: number | null }): Promise<TokenRow> {
  const result = await db.query<TokenRow>(
    `INSERT INTO api_tokens AS k (name, role, token_hash, user_id) VALUES ($1, $2, $3, $4) RETURNING ${columns}`,
    [input.name, input.role, input.tokenHash, input.userId],
  );
  return result.rows[0]!;
}

export async function getActiveByHash(db: Db, tokenHash: string): Promise<TokenRow | undefined> {
  const result = await db.query<TokenRow>(
    `SELECT ${columns} FROM api_tokens k WHERE k.token_hash = $1 AND k.revoked_at IS NULL`,
    [tokenHash],
  );
  return result.rows[0];
}

export async function touchLastUsed(db: Db, id: number, at: Date): Promise<void> {
  // Only write when the stored value is stale, so busy tokens do not rewrite the row on every call.
  await db.query(
    `UPDATE api_tokens SET last_used_at = $2
     WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')`,
    [id, at],
  );
}

export async function listAll(db: Db): Promise<TokenRow[]> {
  const result = await db.query<TokenRow>(`SELECT ${columns} FROM api_tokens k ORDER BY k.id`);
  return result.rows;
}

export async function revoke(db: Db, id: number, at: Date): Promise<boolean> {
  const result = await db.query(`UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [id, at]);
  return (result.rowCount ?? 0) > 0;
}

/**
 * A signed-in person's page token (see users/accounts.ts) is how their page actions are recorded;
 * its value was discarded, so it is no bearer token and is left out of the API token lists.
 */
const notPageToken = `NOT EXISTS (SELECT 1 FROM web_accounts a WHERE a.token_id = k.id)`;

/** Real API tokens only, oldest first. */
export async function listApiTokens(db: Db): Promise<TokenRow[]> {
  const result = await db.query<TokenRow>(`SELECT ${columns} FROM api_tokens k WHERE ${notPageToken} ORDER BY k.id`);
  return result.rows;
}

/** Revokes an active API token; false when there is none with that id (or it is a page token). */
export async function revokeApiToken(db: Db, id: number, at: Date): Promise<boolean> {
  const result = await db.query(`UPDATE api_tokens k SET revoked_at = $2 WHERE k.id = $1 AND k.revoked_at IS NULL AND ${notPageToken}`, [id, at]);
  return (result.rowCount ?? 0) > 0;
}
