import type pg from 'pg';
import type { Db } from '../db/database.ts';
import { withTransaction } from '../db/transaction.ts';
import { AppError } from '../http/errors.ts';
import * as repo from './repo.ts';
import type { CreateMarketBody, CreateTopicBody, SeedBody, UpdateMarketBody, UpdateTopicBody } from './schemas.ts';

export type { Market, Topic } from './repo.ts';

const label = { markets: 'market', topics: 'topic' } as const;

export const listMarkets = repo.listMarkets;
export const listTopics = repo.listTopics;
export const resolveKeys = repo.resolveKeys;
export const insertMissing = repo.insertMissing;

async function mustGet(db: Db, table: repo.TaxonomyTable, key: string) {
  const row = await repo.getByKey(db, table, key);
  if (!row) throw new AppError('NOT_FOUND', `Unknown ${label[table]} "${key}"`);
  return row;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

export async function createMarket(db: Db, input: CreateMarketBody): Promise<repo.Market> {
  try {
    await repo.insertMarket(db, input);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', `Market "${input.key}" already exists`);
    throw error;
  }
  return getMarket(db, input.key);
}

export async function createTopic(db: Db, input: CreateTopicBody): Promise<repo.Topic> {
  const parentId = input.parent ? (await mustGet(db, 'topics', input.parent)).id : null;
  try {
    await repo.insertTopic(db, { key: input.key, name: input.name, parentId });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', `Topic "${input.key}" already exists`);
    throw error;
  }
  return getTopic(db, input.key);
}

export async function getMarket(db: Db, key: string): Promise<repo.Market> {
  const [market] = await repo.listMarkets(db, { includeArchived: true, key });
  if (!market) throw new AppError('NOT_FOUND', `Unknown market "${key}"`);
  return market;
}

export async function getTopic(db: Db, key: string): Promise<repo.Topic> {
  const [topic] = await repo.listTopics(db, { includeArchived: true, key });
  if (!topic) throw new AppError('NOT_FOUND', `Unknown topic "${key}"`);
  return topic;
}

export async function updateMarket(pool: pg.Pool, key: string, input: UpdateMarketBody, asOf: Date): Promise<repo.Market> {
  await withTransaction(pool, async (tx) => {
    const market = await mustGet(tx, 'markets', key);
    if (input.name !== undefined) await repo.rename(tx, 'markets', market.id, input.name);
    if (input.archived !== undefined) await unarchiveGuard(market, input.archived, 'market', async (at) => repo.setArchived(tx, 'markets', market.id, at), asOf);
  });
  return getMarket(pool, key);
}

export async function updateTopic(pool: pg.Pool, key: string, input: UpdateTopicBody, asOf: Date): Promise<repo.Topic> {
  await withTransaction(pool, async (tx) => {
    const topic = await mustGet(tx, 'topics', key);
    if (input.name !== undefined) await repo.rename(tx, 'topics', topic.id, input.name);
    if (input.parent !== undefined) {
      const parentId = input.parent === null ? null : (await mustGet(tx, 'topics', input.parent)).id;
      if (parentId !== null && (await repo.subtreeIds(tx, topic.id)).includes(parentId)) {
        throw new AppError('CONFLICT', `Topic "${input.parent}" is "${key}" or below it; a topic cannot be its own ancestor`);
      }
      await repo.setParent(tx, topic.id, parentId);
    }
    if (input.archived !== undefined) await unarchiveGuard(topic, input.archived, 'topic', (at) => repo.setArchived(tx, 'topics', topic.id, at), asOf);
  });
  return getTopic(pool, key);
}

async function unarchiveGuard(
  row: { key: string; mergedIntoId: number | null },
  archived: boolean,
  what: string,
  apply: (at: Date | null) => Promise<void>,
  asOf: Date,
): Promise<void> {
  if (!archived && row.mergedIntoId !== null) {
    throw new AppError('CONFLICT', `The ${what} "${row.key}" was merged into another and cannot be restored`);
  }
  await apply(archived ? asOf : null);
}

/** The two ends of a merge, refused by name when the merge may not happen. Shared by merge and its preview. */
async function mergePair(db: Db, table: repo.TaxonomyTable, input: { from: string; into: string }) {
  if (input.from === input.into) throw new AppError('INVALID_INPUT', `Cannot merge "${input.from}" into itself`);
  const from = await mustGet(db, table, input.from);
  const into = await mustGet(db, table, input.into);
  if (from.mergedIntoId !== null) throw new AppError('CONFLICT', `The ${label[table]} "${from.key}" is already merged`);
  if (into.mergedIntoId !== null) throw new AppError('CONFLICT', `The ${label[table]} "${into.key}" is merged; merge into the one it was merged into`);
  if (table === 'topics' && (await repo.subtreeIds(db, from.id)).includes(into.id)) {
    throw new AppError('CONFLICT', `Topic "${into.key}" is below "${from.key}"; move it out before merging`);
  }
  return { from, into };
}

/**
 * Merges one market or topic into another: its whole history moves, nothing is deleted, and the
 * old key keeps working for ingest (it resolves to the new one).
 */
export async function merge(
  pool: pg.Pool,
  table: repo.TaxonomyTable,
  input: { from: string; into: string; asOf: Date },
): Promise<{ from: string; into: string; inquiriesMoved: number }> {
  return withTransaction(pool, async (tx) => {
    const { from, into } = await mergePair(tx, table, input);
    const inquiriesMoved = await repo.merge(tx, table, { fromId: from.id, intoId: into.id, at: input.asOf });
    return { from: from.key, into: into.key, inquiriesMoved };
  });
}

/** Creates what is missing and renames what exists, in one transaction; parents may come later in the list. */
export async function seed(pool: pg.Pool, input: SeedBody): Promise<{ created: number; updated: number }> {
  return withTransaction(pool, async (tx) => {
    let created = 0;
    let updated = 0;
    for (const market of input.markets) {
      const existing = await repo.getByKey(tx, 'markets', market.key);
      if (!existing) {
        await repo.insertMarket(tx, market);
        created++;
      } else if (existing.name !== market.name) {
        await repo.rename(tx, 'markets', existing.id, market.name);
        updated++;
      }
    }
    // First make every topic exist, then wire parents, so the file's order does not matter.
    for (const topic of input.topics) {
      const existing = await repo.getByKey(tx, 'topics', topic.key);
      if (!existing) {
        await repo.insertTopic(tx, { key: topic.key, name: topic.name, parentId: null });
        created++;
      } else if (existing.name !== topic.name) {
        await repo.rename(tx, 'topics', existing.id, topic.name);
        updated++;
      }
    }
    for (const topic of input.topics) {
      if (topic.parent === undefined) continue;
      const row = (await repo.getByKey(tx, 'topics', topic.key))!;
      const parentId = topic.parent === null ? null : (await mustGet(tx, 'topics', topic.parent)).id;
      if (parentId !== null && (await repo.subtreeIds(tx, row.id)).includes(parentId)) {
        throw new AppError('INVALID_INPUT', `Topic "${topic.key}" cannot have "${topic.parent}" as parent: that makes a cycle`);
      }
      if (row.parentId !== parentId) await repo.setParent(tx, row.id, parentId);
    }
    return { created, updated };
  });
}

/** Ids of a topic and every topic below it. */
export const subtreeIdsOf = repo.subtreeIds;

export interface FilterScope {
  /** The topic and every topic below it. */
  topicIds?: number[];
  marketId?: number;
}

/**
 * The topic (its sub-topics included) and market a list or report is filtered by, from their keys; a
 * merged key follows its merge. An unknown key is a 404 that names it, the same for every list.
 */
export async function filterScope(db: Db, query: { topic?: string | undefined; market?: string | undefined }): Promise<FilterScope> {
  const scope: FilterScope = {};
  if (query.topic) {
    const id = (await repo.resolveKeys(db, 'topics', [query.topic])).get(query.topic);
    if (id === undefined) throw new AppError('NOT_FOUND', `Unknown topic "${query.topic}"`);
    scope.topicIds = await repo.subtreeIds(db, id);
  }
  if (query.market) {
    const id = (await repo.resolveKeys(db, 'markets', [query.market])).get(query.market);
    if (id === undefined) throw new AppError('NOT_FOUND', `Unknown market "${query.market}"`);
    scope.marketId = id;
  }
  return scope;
}

export interface MergePreview {
  from: { key: string; name: string };
  into: { key: string; name: string };
  /** Inquiries that will move to `into`. */
  inquiries: number;
  /** Sub-topics that will move below `into` (always 0 for markets). */
  children: number;
}

/**
 * What a merge would do, checked by the same rules as `merge` but changing nothing, so a person
 * can confirm it knowing how many inquiries move.
 */
export async function previewMerge(db: Db, table: repo.TaxonomyTable, input: { from: string; into: string }): Promise<MergePreview> {
  const { from, into } = await mergePair(db, table, input);
  return {
    from: { key: from.key, name: from.name },
    into: { key: into.key, name: into.name },
    inquiries: await repo.countInquiries(db, table, from.id),
    children: table === 'topics' ? await repo.countChildren(db, from.id) : 0,
  };
}
