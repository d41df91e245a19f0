import type pg from 'pg';
import type { Db } from '../db/database.ts';
import * as taxonomy from '../taxonomy/service.ts';
import { markDirty } from '../detection/state.ts';
import { dayOf } from '../time.ts';
import { checkEvent } from './eventTime.ts';
import * as repo from './repo.ts';
import { inquiryInput, type InquiryInput } from './schemas.ts';

export interface IngestOptions {
  timeZone: string;
  /** Source used for items that do not name one. */
  defaultSource: string;
  loggedByTokenId: number | null;
  /** Create topics and markets whose keys are unknown instead of rejecting the item. */
  createMissing: boolean;
  /** "Now" for the future-date check; items more than a day after it are rejected. */
  asOf: Date;
  /** Return the new rows' ids (the single-inquiry API answers with its id). */
  returnIds?: boolean;
  /**
   * When an item's (source, externalId) is stored already: `skip` it as a duplicate (the default), or
   * `update` the stored inquiry's topic, market, channel and note (help-desk feeds, whose tickets change).
   */
  onExisting?: 'skip' | 'update';
}

export interface Rejection {
  index: number;
  errors: string[];
}

export interface IngestResult {
  created: number;
  duplicates: number;
  rejected: Rejection[];
  ids: number[];
  /** Stored inquiries that took new values (only with `onExisting: 'update'`). */
  updated?: number;
}

/** Validates one raw item; returns the typed input plus its instant, or the reasons it is bad. */
export function validateItem(raw: unknown, options: Pick<IngestOptions, 'timeZone' | 'asOf'>):
  | { ok: true; input: InquiryInput; receivedAt: Date }
  | { ok: false; errors: string[] } {
  const checked = checkEvent(inquiryInput, 'receivedAt', raw, options);
  return checked.ok ? { ok: true, input: checked.input, receivedAt: checked.at } : checked;
}

/**
 * Stores every good item of a batch and reports each bad one by index, so one typo never costs the
 * rest of the batch. Unknown topic or market keys are rejected by name (or created on request).
 */
export async function ingest(pool: pg.Pool, items: unknown[], options: IngestOptions): Promise<IngestResult> {
  const rejected: Rejection[] = [];
  const valid: ValidItem[] = [];
  items.forEach((raw, index) => {
    const result = validateItem(raw, options);
    if (result.ok) valid.push({ index, input: result.input, receivedAt: result.receivedAt });
    else rejected.push({ index, errors: result.errors });
  });
  return storeValid(pool, valid, rejected, options);
}

export interface ValidItem {
  /** Position in the caller's batch, for reporting rejections. */
  index: number;
  input: InquiryInput;
  receivedAt: Date;
}

/** Resolves keys and stores items that already passed validateItem; adds key errors to `rejected`. */
export async function storeValid(pool: Db, valid: ValidItem[], rejected: Rejection[], options: IngestOptions): Promise<IngestResult> {

  const topicKeys = [...new Set(valid.map((v) => v.input.topic))];
  const marketKeys = [...new Set(valid.map((v) => v.input.market))];
  if (options.createMissing) {
    await taxonomy.insertMissing(pool, 'topics', topicKeys);
    await taxonomy.insertMissing(pool, 'markets', marketKeys);
  }
  const topicIds = await taxonomy.resolveKeys(pool, 'topics', topicKeys);
  const marketIds = await taxonomy.resolveKeys(pool, 'markets', marketKeys);

  const rows: repo.NewInquiry[] = [];
  for (const item of valid) {
    const topicId = topicIds.get(item.input.topic);
    const marketId = marketIds.get(item.input.market);
    const errors: string[] = [];
    if (topicId === undefined) errors.push(`topic: unknown topic "${item.input.topic}"`);
    if (marketId === undefined) errors.push(`market: unknown market "${item.input.market}"`);
    if (errors.length > 0 || topicId === undefined || marketId === undefined) {
      rejected.push({ index: item.index, errors });
      continue;
    }
    rows.push({
      receivedAt: item.receivedAt,
      topicId,
      marketId,
      channel: item.input.channel,
      note: item.input.note ?? null,
      source: item.input.source ?? options.defaultSource,
      externalId: item.input.externalId ?? null,
    });
  }
  rejected.sort((a, b) => a.index - b.index);
  if (options.onExisting === 'update') {
    const { created, updated, ids } = await repo.upsertMany(pool, rows, { timeZone: options.timeZone, loggedByTokenId: options.loggedByTokenId });
    if (created + updated > 0) await markPastDaysDirty(pool, rows, options);
    return { created, updated, duplicates: rows.length - created - updated, rejected, ids: options.returnIds ? ids : [] };
  }
  const { created, ids } = await repo.insertMany(pool, rows, {
    timeZone: options.timeZone,
    loggedByTokenId: options.loggedByTokenId,
    returnIds: options.returnIds ?? false,
  });
  if (created > 0) await markPastDaysDirty(pool, rows, options);
  return { created, duplicates: rows.length - created, rejected, ids };
}

/** Inquiries for days detection has already judged make it judge them again (see detection/state). */
async function markPastDaysDirty(pool: Db, rows: repo.NewInquiry[], options: IngestOptions): Promise<void> {
  const today = dayOf(options.asOf, options.timeZone);
  let earliest: Date | undefined;
  for (const row of rows) if (!earliest || row.receivedAt < earliest) earliest = row.receivedAt;
  const day = earliest && dayOf(earliest, options.timeZone);
  if (day !== undefined && day < today) await markDirty(pool, day);
}
