import type { Db } from '../db/database.ts';
import type { UserRole } from './schemas.ts';

export type SetupPurpose = 'first_admin' | 'invite' | 'reset';

export interface SetupLink {
  id: number;
  purpose: SetupPurpose;
  userId: number | null;
  role: UserRole | null;
  expiresAt: Date;
  usedAt: Date | null;
  /** The user's e-mail and name, for links to an existing user. */
  email: string | null;
  name: string | null;
}

export async function insert(
  db: Db,
  input: { tokenHash: string; purpose: SetupPurpose; userId: number | null; role: UserRole | null; expiresAt: Date; at: Date },
): Promise<number> {
  const result = await db.query<{ id: number }>(
    `INSERT INTO setup_links (token_hash, purpose, user_id, role, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [input.tokenHash, input.purpose, input.userId, input.role, input.expiresAt, input.at],
  );
  return result.rows[0]!.id;
}

export async function getByHash(db: Db, tokenHash: string, options: { forUpdate?: boolean } = {}): Promise<SetupLink | undefined> {
  const result = await db.query<SetupLink>(
    `SELECT l.id, l.purpose, l.user_id AS "userId", l.role, l.expires_at AS "expiresAt", l.used_at AS "usedAt", u.email, u.name
     FROM setup_links l LEFT JOIN users u ON u.id = l.user_id
     WHERE l.token_hash = $1 ${options.forUpdate ? 'FOR UPDATE OF l' : ''}`,
    [tokenHash],
  );
  return result.rows[0];
}

export async function markUsed(db: Db, id: number, at: Date): Promise<void> {
  await db.query(`UPDATE setup_links SET used_at = $2 WHERE id = $1`, [id, at]);
}

/** Ends the unused links of a kind (a user's, or every first-admin link): a newer link or a sign-in replaces them. */
export async function expireUnused(db: Db, input: { purpose: 'first_admin' } | { userId: number }, at: Date): Promise<void> {
  if ('userId' in input) {
    await db.query(`UPDATE setup_links SET expires_at = $2 WHERE user_id = $1 AND used_at IS NULL AND expires_at > $2`, [input.userId, at]);
  } else {
    await db.query(`UPDATE setup_links SET expires_at = $1 WHERE purpose = 'first_admin' AND used_at IS NULL AND expires_at > $1`, [at]);
  }
}
