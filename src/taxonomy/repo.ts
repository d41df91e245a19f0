import type { Db } from '../db/database.ts';

export type TaxonomyTable = 'markets' | 'topics';

export interface Market {
  id: number;
  key: string;
  name: string;
  archivedAt: Date | null;
  mergedInto: string | null;
}

export interface Topic extends Market {
  parentId: number | null;
  parentKey: string | null;
}

const marketColumns = `m.id, m.key, m.name, m.archived_at AS "archivedAt", into_m.key AS "mergedInto"`;

/** Markets by name; `key` narrows the list to that one market (archived or not, as asked). */
export async function listMarkets(db: Db, { includeArchived, key }: { includeArchived: boolean; key?: string }): Promise<Market[]> {
  const result = await db.query<Market>(
    `SELECT ${marketColumns} FROM markets m LEFT JOIN markets into_m ON into_m.id = m.merged_into_id
     WHERE ($1 OR m.archived_at IS NULL) AND ($2::text IS NULL OR m.key = $2) ORDER BY m.name, m.key`,
    [includeArchived, key ?? null],
  );
  return result.rows;
}

/** Topics by name with their parents; `key` narrows the list to that one topic. */
export async function listTopics(db: Db, { includeArchived, key }: { includeArchived: boolean; key?: string }): Promise<Topic[]> {
  const result = await db.query<Topic>(
    `SELECT t.id, t.key, t.name, t.archived_at AS "archivedAt", into_t.key AS "mergedInto",
            t.parent_id AS "parentId", p.key AS "parentKey"
     FROM topics t
     LEFT JOIN topics p ON p.id = t.parent_id
     LEFT JOIN topics into_t ON into_t.id = t.merged_into_id
     WHERE ($1 OR t.archived_at IS NULL) AND ($2::text IS NULL OR t.key = $2) ORDER BY t.name, t.key`,
    [includeArchived, key ?? null],
  );
  return result.rows;
}

export async function getByKey(db: Db, table: TaxonomyTable, key: string) {
  const result = await db.query<{ id: number; key: string; name: string; archivedAt: Date | null; mergedIntoId: number | null; parentId: number | null }>(
    `SELECT id, key, name, archived_at AS "archivedAt", merged_into_id AS "mergedIntoId",
            ${table === 'topics' ? 'parent_id' : 'NULL::int'} AS "parentId"
     FROM ${table} WHERE key = $1`,
    [key],
  );
  return result.rows[0];
}

export async function insertMarket(db: Db, input: { key: string; name: string }): Promise<number> {
  const result = await db.query<{ id: number }>(`INSERT INTO markets (key, name) VALUES ($1, $2) RETURNING id`, [input.key, input.name]);
  return result.rows[0]!.id;
}

export async function insertTopic(db: Db, input: { key: string; name: string; parentId: number | null }): Promise<number> {
  const result = await db.query<{ id: number }>(
    `INSERT INTO topics (key, name, parent_id) VALUES ($1, $2, $3) RETURNING id`,
    [input.key, input.name, input.parentId],
  );
  return result.rows[0]!.id;
}

/** Creates each key that does not exist yet (name = key); returns how many were created. */
export async function insertMissing(db: Db, table: TaxonomyTable, keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const result = await db.query(
    `INSERT INTO ${table} (key, name) SELECT k, k FROM unnest($1::text[]) AS k ON CONFLICT (key) DO NOTHING`,
    [keys],
  );
  return result.rowCount ?? 0;
}

export async function rename(db: Db, table: TaxonomyTable, id: number, name: string): Promise<void> {
  await db.query(`UPDATE ${table} SET name = $2 WHERE id = $1`, [id, name]);
}

export async function setArchived(db: Db, table: TaxonomyTable, id: number, archivedAt: Date | null): Promise<void> {
  await db.query(`UPDATE ${table} SET archived_at = $2 WHERE id = $1`, [id, archivedAt]);
}

export async function setParent(db: Db, id: number, parentId: number | null): Promise<void> {
  await db.query(`UPDATE topics SET parent_id = $2 WHERE id = $1`, [id, parentId]);
}

/** Ids of the topic and everything below it. */
export async function subtreeIds(db: Db, rootId: number): Promise<number[]> {
  const result = await db.query<{ id: number }>(
    `WITH RECURSIVE tree AS (SELECT id FROM topics WHERE id = $1
       UNION SELECT t.id FROM topics t JOIN tree ON t.parent_id = tree.id)
     SELECT id FROM tree`,
    [rootId],
  );
  return result.rows.map((row) => row.id);
}

/**
 * Re-points every inquiry (the rollup follows through its trigger), every child and every earlier
 * merge from `fromId` to `intoId`, then retires `fromId` as archived and merged.
 */
export async function merge(db: Db, table: TaxonomyTable, input: { fromId: number; intoId: number; at: Date }): Promise<number> {
  const column = table === 'topics' ? 'topic_id' : 'market_id';
  const moved = await db.query(`UPDATE inquiries SET ${column} = $2 WHERE ${column} = $1`, [input.fromId, input.intoId]);
  if (table === 'topics') {
    await db.query(`UPDATE topics SET parent_id = $2 WHERE parent_id = $1`, [input.fromId, input.intoId]);
  }
  await db.query(`UPDATE ${table} SET merged_into_id = $2 WHERE merged_into_id = $1`, [input.fromId, input.intoId]);
  await db.query(
    `UPDATE ${table} SET merged_into_id = $2, archived_at = coalesce(archived_at, $3) WHERE id = $1`,
    [input.fromId, input.intoId, input.at],
  );
  return moved.rowCount ?? 0;
}

/** Maps keys to the ids inquiries should use: a merged key resolves to the key it was merged into. */
export async function resolveKeys(db: Db, table: TaxonomyTable, keys: string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const result = await db.query<{ key: string; id: number }>(
    `SELECT key, coalesce(merged_into_id, id) AS id FROM ${table} WHERE key = ANY($1::text[])`,
    [keys],
  );
  return new Map(result.rows.map((row) => [row.key, row.id]));
}

/** How many inquiries are filed directly under a market or topic (a merge moves exactly these). */
export async function countInquiries(db: Db, table: TaxonomyTable, id: number): Promise<number> {
  const column = table === 'topics' ? 'topic_id' : 'market_id';
  const result = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM inquiries WHERE ${column} = $1`, [id]);
  return result.rows[0]!.n;
}

/** How many topics sit directly below a topic (a merge moves them under the topic merged into). */
export async function countChildren(db: Db, id: number): Promise<number> {
  const result = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM topics WHERE parent_id = $1`, [id]);
  return result.rows[0]!.n;
}
