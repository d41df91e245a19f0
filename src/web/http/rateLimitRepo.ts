import type { Db } from '../../db/database.ts';

/** Counts one hit in the key's current window (a new window once the old one has ended). */
export async function increment(db: Db, input: { key: string; windowMs: number; now: Date }): Promise<{ hits: number; resetAt: Date }> {
  const result = await db.query<{ hits: number; resetAt: Date }>(
    `INSERT INTO rate_limit_hits AS r (key, hits, reset_at) VALUES ($1, 1, $2::timestamptz + $3 * interval '1 millisecond')
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN r.reset_at <= $2 THEN 1 ELSE r.hits + 1 END,
       reset_at = CASE WHEN r.reset_at <= $2 THEN excluded.reset_at ELSE r.reset_at END
     RETURNING hits, reset_at AS "resetAt"`,
    [input.key, input.now, input.windowMs],
  );
  return result.rows[0]!;
}

export async function decrement(db: Db, key: string): Promise<void> {
  await db.query(`UPDATE rate_limit_hits SET hits = greatest(hits - 1, 0) WHERE key = $1`, [key]);
}

export async function reset(db: Db, key: string): Promise<void> {
  await db.query(`DELETE FROM rate_limit_hits WHERE key = $1`, [key]);
}

export async function get(db: Db, key: string, now: Date): Promise<{ hits: number; resetAt: Date } | undefined> {
  const result = await db.query<{ hits: number; resetAt: Date }>(
    `SELECT hits, reset_at AS "resetAt" FROM rate_limit_hits WHERE key = $1 AND reset_at > $2`,
    [key, now],
  );
  return result.rows[0];
}

/** Forgets windows that ended a while ago, so the table holds only live counters. */
export async function pruneEnded(db: Db, before: Date): Promise<void> {
  await db.query(`DELETE FROM rate_limit_hits WHERE reset_at < $1`, [before]);
}
