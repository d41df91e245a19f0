import type { Db } from '../db/database.ts';
import { retryStatement } from '../db/transaction.ts';
import type { Channel } from './schemas.ts';

/** A validated inquiry with its keys resolved to ids, ready to store. */
export interface NewInquiry {
  receivedAt: Date;
  topicId: number;
  marketId: number;
  channel: Channel;
  note: string | null;
  source: string;
  externalId: string | null;
}

/**
 * Inserts a batch in one statement. Rows whose (source, externalId) already exists are skipped,
 * which makes re-sending idempotent; the day bucket is cut in `timeZone` by the database.
 * Returns how many rows were created, and their ids when asked (RETURNING costs on bulk loads).
 */
export async function insertMany(
  db: Db,
  rows: NewInquiry[],
  options: { timeZone: string; loggedByTokenId: number | null; returnIds: boolean },
): Promise<{ created: number; ids: number[] }> {
  if (rows.length === 0) return { created: 0, ids: [] };
  // Concurrent batches that share an external id can deadlock on the unique index; the statement
  // is rolled back whole, so running it again is safe.
  const result = await retryStatement(() => db.query<{ id: number }>(
    `INSERT INTO inquiries (received_at, day, topic_id, market_id, channel, note, source, external_id, logged_by_token_id)
     SELECT r.received_at, (r.received_at AT TIME ZONE $8)::date, r.topic_id, r.market_id, r.channel, r.note,
            r.source, r.external_id, $9
     FROM unnest($1::timestamptz[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[])
          AS r(received_at, topic_id, market_id, channel, note, source, external_id)
     ON CONFLICT (source, external_id) DO NOTHING
     ${options.returnIds ? 'RETURNING id' : ''}`,
    [
      rows.map((r) => r.receivedAt),
      rows.map((r) => r.topicId),
      rows.map((r) => r.marketId),
      rows.map((r) => r.channel),
      rows.map((r) => r.note),
      rows.map((r) => r.source),
      rows.map((r) => r.externalId),
      options.timeZone,
      options.loggedByTokenId,
    ],
  ));
  return { created: result.rowCount ?? 0, ids: result.rows.map((row) => row.id) };
}


/**
 * Like insertMany, but a row whose (source, externalId) exists already takes the new topic, market,
 * channel and note (a help-desk ticket re-categorised); its time and day stay. The rollup triggers
 * move the counts in the same statement. Rows that would change nothing are left alone, so a replay
 * is neither created nor updated. Within one call the last row per (source, externalId) wins.
 */
export async function upsertMany(
  db: Db,
  rows: NewInquiry[],
  options: { timeZone: string; loggedByTokenId: number | null },
): Promise<{ created: number; updated: number; ids: number[] }> {
  const latest = new Map<string, NewInquiry>();
  const anonymous: NewInquiry[] = [];
  for (const row of rows) {
    if (row.externalId === null) anonymous.push(row);
    else latest.set(JSON.stringify([row.source, row.externalId]), row);
  }
  const unique = [...anonymous, ...latest.values()];
  if (unique.length === 0) return { created: 0, updated: 0, ids: [] };
  const result = await retryStatement(() => db.query<{ id: number; inserted: boolean }>(
    `INSERT INTO inquiries AS i (received_at, day, topic_id, market_id, channel, note, source, external_id, logged_by_token_id)
     SELECT r.received_at, (r.received_at AT TIME ZONE $8)::date, r.topic_id, r.market_id, r.channel, r.note,
            r.source, r.external_id, $9
     FROM unnest($1::timestamptz[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[])
          AS r(received_at, topic_id, market_id, channel, note, source, external_id)
     ORDER BY r.source, r.external_id
     ON CONFLICT (source, external_id) DO UPDATE
       SET topic_id = excluded.topic_id, market_id = excluded.market_id, channel = excluded.channel, note = excluded.note
       WHERE (i.topic_id, i.market_id, i.channel, i.note) IS DISTINCT FROM (excluded.topic_id, excluded.market_id, excluded.channel, excluded.note)
     RETURNING i.id, (i.xmax = 0) AS inserted`,
    [
      unique.map((r) => r.receivedAt),
      unique.map((r) => r.topicId),
      unique.map((r) => r.marketId),
      unique.map((r) => r.channel),
      unique.map((r) => r.note),
      unique.map((r) => r.source),
      unique.map((r) => r.externalId),
      options.timeZone,
      options.loggedByTokenId,
    ],
  ));
  const created = result.rows.filter((row) => row.inserted).length;
  return { created, updated: result.rows.length - created, ids: result.rows.filter((row) => row.inserted).map((row) => row.id) };
}

/** Deletes the inquiries of one source with these external ids; returns the calendar days they were on. */
export async function deleteBySourceExternalIds(db: Db, source: string, externalIds: string[]): Promise<string[]> {
  if (externalIds.length === 0) return [];
  const result = await db.query<{ day: string }>(
    `DELETE FROM inquiries WHERE source = $1 AND external_id = ANY($2::text[]) RETURNING to_char(day, 'YYYY-MM-DD') AS day`,
    [source, externalIds],
  );
  return result.rows.map((row) => row.day);
}

export interface InquiryView {
  id: number;
  receivedAt: Date;
  day: string;
  topic: string;
  topicName: string;
  market: string;
  marketName: string;
  channel: Channel;
  note: string | null;
  source: string;
  externalId: string | null;
  loggedBy: string | null;
}

export async function list(
  db: Db,
  filter: { from: string; to: string; topicIds?: number[]; marketId?: number; loggedByTokenId?: number; beforeId?: number; limit: number },
): Promise<InquiryView[]> {
  const result = await db.query<InquiryView>(
    `SELECT i.id, i.received_at AS "receivedAt", i.day, t.key AS topic, t.name AS "topicName", m.key AS market,
            m.name AS "marketName", i.channel, i.note, i.source, i.external_id AS "externalId", k.name AS "loggedBy"
     FROM inquiries i
     JOIN topics t ON t.id = i.topic_id
     JOIN markets m ON m.id = i.market_id
     LEFT JOIN api_tokens k ON k.id = i.logged_by_token_id
     WHERE i.day BETWEEN $1 AND $2
       AND ($3::int[] IS NULL OR i.topic_id = ANY($3))
       AND ($4::int IS NULL OR i.market_id = $4)
       AND ($5::int IS NULL OR i.logged_by_token_id = $5)
       AND ($6::bigint IS NULL OR i.id < $6)
     ORDER BY i.id DESC LIMIT $7`,
    [filter.from, filter.to, filter.topicIds ?? null, filter.marketId ?? null, filter.loggedByTokenId ?? null, filter.beforeId ?? null, filter.limit],
  );
  return result.rows;
}

export async function getOwner(db: Db, id: number): Promise<{ loggedByTokenId: number | null } | undefined> {
  const result = await db.query<{ loggedByTokenId: number | null }>(
    `SELECT logged_by_token_id AS "loggedByTokenId" FROM inquiries WHERE id = $1`,
    [id],
  );
  return result.rows[0];
}

/** Deletes one inquiry; returns its calendar day, or undefined when there was none. */
export async function deleteById(db: Db, id: number): Promise<string | undefined> {
  const result = await db.query<{ day: string }>(`DELETE FROM inquiries WHERE id = $1 RETURNING to_char(day, 'YYYY-MM-DD') AS day`, [id]);
  return result.rows[0]?.day;
}

/** Rows where the rollup disagrees with a fresh GROUP BY over the raw rows (empty when consistent). */
export async function rollupMismatches(db: Db): Promise<Array<{ day: string; topicId: number; marketId: number; channel: string; raw: number; rollup: number }>> {
  const result = await db.query(
    `WITH raw AS (SELECT day, topic_id, market_id, channel, count(*)::int AS n FROM inquiries GROUP BY 1, 2, 3, 4)
     SELECT coalesce(raw.day, d.day) AS day, coalesce(raw.topic_id, d.topic_id) AS "topicId",
            coalesce(raw.market_id, d.market_id) AS "marketId", coalesce(raw.channel, d.channel) AS channel,
            coalesce(raw.n, 0) AS raw, coalesce(d.count, 0) AS rollup
     FROM raw FULL JOIN inquiry_daily d
       ON d.day = raw.day AND d.topic_id = raw.topic_id AND d.market_id = raw.market_id AND d.channel = raw.channel
     WHERE coalesce(raw.n, 0) <> coalesce(d.count, 0)`,
  );
  return result.rows;
}

/** Re-cuts every inquiry's day in `timeZone` and rebuilds the rollup from the raw rows. */
export async function rebuildDays(db: Db, timeZone: string): Promise<void> {
  await db.query(`UPDATE inquiries SET day = (received_at AT TIME ZONE $1)::date WHERE day <> (received_at AT TIME ZONE $1)::date`, [timeZone]);
  await db.query(`DELETE FROM inquiry_daily`);
  await db.query(
    `INSERT INTO inquiry_daily (day, topic_id, market_id, channel, count)
     SELECT day, topic_id, market_id, channel, count(*)::int FROM inquiries GROUP BY 1, 2, 3, 4`,
  );
}
