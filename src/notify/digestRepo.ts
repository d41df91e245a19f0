import type { Db } from '../db/database.ts';

/** When the target's newest digest before `day` was queued; undefined when it never had one. */
export async function previousDigestAt(db: Db, targetId: number, day: string): Promise<Date | undefined> {
  const result = await db.query<{ createdAt: Date }>(
    `SELECT created_at AS "createdAt" FROM notification_deliveries
     WHERE target_id = $1 AND kind = 'digest' AND day < $2 ORDER BY day DESC LIMIT 1`,
    [targetId, day],
  );
  return result.rows[0]?.createdAt;
}
