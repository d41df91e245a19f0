import type { Db } from '../db/database.ts';
import type { UserRole } from './schemas.ts';

/** A user as the web pages see them: who they are, their password hash and what the pages remember. */
export interface Account {
  userId: number;
  email: string;
  name: string;
  role: UserRole;
  disabledAt: Date | null;
  passwordHash: string | null;
  passwordSetAt: Date | null;
  tokenId: number | null;
  locale: 'en' | 'nb' | null;
  lastMarketId: number | null;
  lastChannel: string | null;
}

const columns = `u.id AS "userId", u.email, u.name, u.role, u.disabled_at AS "disabledAt",
  a.password_hash AS "passwordHash", a.password_set_at AS "passwordSetAt", a.token_id AS "tokenId",
  a.locale, a.last_market_id AS "lastMarketId", a.last_channel AS "lastChannel"`;

export async function getByEmail(db: Db, email: string): Promise<Account | undefined> {
  const result = await db.query<Account>(
    `SELECT ${columns} FROM users u LEFT JOIN web_accounts a ON a.user_id = u.id WHERE lower(u.email) = lower($1)`,
    [email],
  );
  return result.rows[0];
}

export async function getByUserId(db: Db, userId: number): Promise<Account | undefined> {
  const result = await db.query<Account>(`SELECT ${columns} FROM users u LEFT JOIN web_accounts a ON a.user_id = u.id WHERE u.id = $1`, [userId]);
  return result.rows[0];
}

export async function setPassword(db: Db, input: { userId: number; passwordHash: string; at: Date }): Promise<void> {
  await db.query(
    `INSERT INTO web_accounts (user_id, password_hash, password_set_at, updated_at) VALUES ($1, $2, $3, $3)
     ON CONFLICT (user_id) DO UPDATE SET password_hash = $2, password_set_at = $3, updated_at = $3`,
    [input.userId, input.passwordHash, input.at],
  );
}

export async function setToken(db: Db, userId: number, tokenId: number): Promise<void> {
  await db.query(
    `INSERT INTO web_accounts (user_id, token_id) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET token_id = $2, updated_at = now()`,
    [userId, tokenId],
  );
}

export async function setLocale(db: Db, userId: number, locale: 'en' | 'nb'): Promise<void> {
  await db.query(
    `INSERT INTO web_accounts (user_id, locale) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET locale = $2, updated_at = now()`,
    [userId, locale],
  );
}

export async function setLogChoices(db: Db, userId: number, choices: { marketId: number; channel: string }): Promise<void> {
  await db.query(
    `INSERT INTO web_accounts (user_id, last_market_id, last_channel) VALUES ($1, $2, $3)
     ON CONFLICT (user_id) DO UPDATE SET last_market_id = $2, last_channel = $3
     WHERE web_accounts.last_market_id IS DISTINCT FROM $2 OR web_accounts.last_channel IS DISTINCT FROM $3`,
    [userId, choices.marketId, choices.channel],
  );
}

/** Active users who have a password, i.e. who can sign in. */
export async function countWhoCanSignIn(db: Db): Promise<number> {
  const result = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM web_accounts a JOIN users u ON u.id = a.user_id
     WHERE a.password_hash IS NOT NULL AND u.disabled_at IS NULL`,
  );
  return result.rows[0]!.n;
}

/** Every user with whether they can sign in (for the admin's list). */
export async function listWithSignIn(db: Db): Promise<Array<{ id: number; email: string; name: string; role: UserRole; team: string | null; disabledAt: Date | null; canSignIn: boolean }>> {
  const result = await db.query(
    `SELECT u.id, u.email, u.name, u.role, u.team, u.disabled_at AS "disabledAt", (a.password_hash IS NOT NULL) AS "canSignIn"
     FROM users u LEFT JOIN web_accounts a ON a.user_id = u.id ORDER BY u.name, u.id`,
  );
  return result.rows;
}
