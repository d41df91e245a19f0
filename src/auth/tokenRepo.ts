import type { Db } from '../db/database.ts';
import type { Role } from './roles.ts';

export interface TokenRow {
  id: number;
  name: string;
  role: Role;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const columns = `id, name, role, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;

export async function insert(db: Db, input: { name: string; role: Role; tokenHash: string }): Promise<TokenRow> {
  const result = await db.query<TokenRow>(
    `INSERT INTO api_tokens (name, role, token_hash) VALUES ($1, $2, $3) RETURNING ${columns}`,
    [input.name, input.role, input.tokenHash],
  );
  return result.rows[0]!;
}

export async function getActiveByHash(db: Db, tokenHash: string): Promise<TokenRow | undefined> {
  const result = await db.query<TokenRow>(
    `SELECT ${columns} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
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
  const result = await db.query<TokenRow>(`SELECT ${columns} FROM api_tokens ORDER BY id`);
  return result.rows;
}

export async function revoke(db: Db, id: number, at: Date): Promise<boolean> {
  const result = await db.query(`UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [id, at]);
  return (result.rowCount ?? 0) > 0;
}
