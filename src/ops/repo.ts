import type { Db } from '../db/database.ts';

export async function recordHeartbeat(db: Db, input: { worker: string; at: Date }): Promise<void> {
  await db.query(`INSERT INTO heartbeats (worker, beat_at) VALUES ($1, $2)`, [input.worker, input.at]);
  await db.query(`DELETE FROM heartbeats WHERE id <= (SELECT max(id) - 100 FROM heartbeats)`);
}

export async function lastHeartbeat(db: Db): Promise<{ worker: string; beatAt: Date } | undefined> {
  const result = await db.query<{ worker: string; beatAt: Date }>(
    `SELECT worker, beat_at AS "beatAt" FROM heartbeats ORDER BY id DESC LIMIT 1`,
  );
  return result.rows[0];
}

export async function ping(db: Db): Promise<void> {
  await db.query('SELECT 1');
}

export async function getMeta(db: Db, key: string): Promise<string | undefined> {
  const result = await db.query<{ value: string }>(`SELECT value FROM app_meta WHERE key = $1`, [key]);
  return result.rows[0]?.value;
}

export async function setMeta(db: Db, key: string, value: string): Promise<void> {
  await db.query(
    `INSERT INTO app_meta (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
    [key, value],
  );
}
