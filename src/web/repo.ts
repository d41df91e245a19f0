import type { Db } from '../db/database.ts';

/**
 * Read queries only the pages need (the agent's usual topics, sparkline series, notes in a period),
 * and the web secret. Everything that changes data goes through the modules' services.
 */

const SECRET_KEY = 'web_secret';

/** The random secret that signs cookies and CSRF tokens, made once and shared by every web process. */
export async function getOrCreateSecret(db: Db, candidate: string): Promise<string> {
  await db.query(`INSERT INTO app_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [SECRET_KEY, candidate]);
  const result = await db.query<{ value: string }>(`SELECT value FROM app_meta WHERE key = $1`, [SECRET_KEY]);
  return result.rows[0]!.value;
}

/** The topics a token logged most since a moment, most used first (served by the partial logged-by index). */
export async function topTopicsLoggedBy(db: Db, input: { tokenId: number; since: Date; limit: number }): Promise<Array<{ topicId: number; count: number }>> {
  const result = await db.query<{ topicId: number; count: number }>(
    `SELECT topic_id AS "topicId", count(*)::int AS count FROM inquiries
     WHERE logged_by_token_id = $1 AND created_at >= $2
     GROUP BY topic_id ORDER BY count DESC, topic_id LIMIT $3`,
    [input.tokenId, input.since, input.limit],
  );
  return result.rows;
}

/** Daily counts per topic (each topic on its own, as the volume ranking counts them) from the rollup. */
export async function dailyCountsByTopic(
  db: Db,
  input: { from: string; to: string; topicKeys: string[]; marketId: number | null },
): Promise<Array<{ topic: string; day: string; count: number }>> {
  if (input.topicKeys.length === 0) return [];
  const result = await db.query<{ topic: string; day: string; count: number }>(
    `SELECT t.key AS topic, to_char(d.day, 'YYYY-MM-DD') AS day, sum(d.count)::int AS count
     FROM inquiry_daily d JOIN topics t ON t.id = d.topic_id
     WHERE d.day BETWEEN $1 AND $2 AND t.key = ANY($3::text[]) AND ($4::int IS NULL OR d.market_id = $4)
     GROUP BY 1, 2`,
    [input.from, input.to, input.topicKeys, input.marketId],
  );
  return result.rows;
}

/** The newest notes on a topic (sub-topics included) within a period and market. */
export async function notesInPeriod(
  db: Db,
  input: { from: string; to: string; topicKey: string; marketKey: string | null; limit: number },
): Promise<Array<{ receivedAt: Date; topic: string; topicName: string; market: string; note: string }>> {
  const result = await db.query<{ receivedAt: Date; topic: string; topicName: string; market: string; note: string }>(
    `WITH RECURSIVE root AS (SELECT coalesce(merged_into_id, id) AS id FROM topics WHERE key = $3),
     tree AS (SELECT id FROM root UNION SELECT t.id FROM topics t JOIN tree ON t.parent_id = tree.id)
     SELECT i.received_at AS "receivedAt", t.key AS topic, t.name AS "topicName", m.name AS market, i.note
     FROM inquiries i JOIN topics t ON t.id = i.topic_id JOIN markets m ON m.id = i.market_id
     WHERE i.note IS NOT NULL AND i.day BETWEEN $1 AND $2 AND i.topic_id IN (SELECT id FROM tree)
       AND ($4::text IS NULL OR m.key = $4)
     ORDER BY i.received_at DESC LIMIT $5`,
    [input.from, input.to, input.topicKey, input.marketKey, input.limit],
  );
  return result.rows;
}
