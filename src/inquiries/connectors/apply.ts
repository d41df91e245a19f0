import type { Db } from '../../db/database.ts';
import { markDirty } from '../../detection/state.ts';
import * as taxonomy from '../../taxonomy/service.ts';
import { dayOf } from '../../time.ts';
import { storeValid, validateItem, type ValidItem } from '../ingest.ts';
import * as inquiriesRepo from '../repo.ts';
import { latestPerTicket, type FeedTicket } from './feedTicket.ts';
import * as repo from './repo.ts';
import { resolveMapping, type MappingSource } from './rules.ts';

/** What a connector's tickets are turned into inquiries with. */
export interface Feed extends MappingSource {
  connectorId: number;
  /** The inquiries' source: `zendesk:<name>` or `webhook:<name>`. */
  source: string;
}

export interface ApplyOptions {
  asOf: Date;
  timeZone: string;
  /** A new sighting of the tickets (sync, webhook), not a re-application of rules to stored ones. */
  seen: boolean;
  /**
   * Tickets whose own data is wrong (a time in the future, an unknown channel): kept in the unmapped
   * list with the reason (a help desk's ticket is never dropped), or only reported (a generic hook
   * answers 422 and its sender fixes the payload).
   */
  keepRejected: boolean;
}

export interface ApplyResult {
  created: number;
  updated: number;
  unchanged: number;
  unmapped: number;
  /** Inquiries removed because their ticket was deleted or lost its mapping. */
  removed: number;
  rejected: Array<{ externalId: string; errors: string[] }>;
}

// Keys that pass the key format, so an unmapped ticket's other fields are still checked.
const PLACEHOLDER_KEY = 'unmapped';

interface Candidate {
  ticket: FeedTicket;
  item: ValidItem;
}

/**
 * Turns tickets into inquiries inside the caller's transaction: mapped tickets are created or
 * updated (one inquiry per ticket), unmapped ones are listed with the reason, deleted ones are
 * removed. Either all of it is stored or, when the transaction rolls back, none of it.
 */
export async function applyTickets(tx: Db, feed: Feed, tickets: FeedTicket[], options: ApplyOptions): Promise<ApplyResult> {
  const result: ApplyResult = { created: 0, updated: 0, unchanged: 0, unmapped: 0, removed: 0, rejected: [] };
  const unmapped: repo.UnmappedWrite[] = [];
  const candidates: Candidate[] = [];
  const deleted: string[] = [];
  const latest = latestPerTicket(tickets);
  latest.forEach((ticket, index) => {
    if (ticket.deleted) {
      deleted.push(ticket.externalId);
      return;
    }
    const checked = checkTicket(ticket, feed, options, index);
    if (checked.kind === 'rejected') result.rejected.push({ externalId: ticket.externalId, errors: checked.errors });
    else if (checked.kind === 'unmapped') unmapped.push({ ticket, reason: checked.reason });
    else candidates.push({ ticket, item: checked.item });
  });

  const known = await knownKeys(tx, candidates);
  const valid: ValidItem[] = [];
  for (const candidate of candidates) {
    const missing = [
      known.topics.has(candidate.item.input.topic) ? undefined : `unknown topic "${candidate.item.input.topic}"`,
      known.markets.has(candidate.item.input.market) ? undefined : `unknown market "${candidate.item.input.market}"`,
    ].filter((reason) => reason !== undefined);
    if (missing.length > 0) unmapped.push({ ticket: candidate.ticket, reason: missing.join('; ') });
    else valid.push(candidate.item);
  }

  const stored = await storeValid(tx, valid, [], {
    timeZone: options.timeZone,
    defaultSource: feed.source,
    loggedByTokenId: null,
    createMissing: false,
    asOf: options.asOf,
    onExisting: 'update',
  });
  result.created = stored.created;
  result.updated = stored.updated ?? 0;
  result.unchanged = stored.duplicates;

  if (options.keepRejected) {
    for (const rejection of result.rejected) {
      const ticket = latest.find((t) => t.externalId === rejection.externalId)!;
      unmapped.push({ ticket, reason: rejection.errors.join('; ') });
    }
  }
  await repo.deleteUnmapped(tx, feed.connectorId, [...valid.map((item) => item.input.externalId!), ...deleted]);
  await repo.upsertUnmapped(tx, feed.connectorId, unmapped, { at: options.asOf, seen: options.seen });
  result.unmapped = unmapped.length;
  // A ticket that lost its mapping (a field cleared) waits in the unmapped list instead of counting
  // under a topic it no longer has.
  result.removed = await removeInquiries(tx, feed.source, [...deleted, ...unmapped.map((u) => u.ticket.externalId)], options);
  return result;
}

type Checked = { kind: 'rejected'; errors: string[] } | { kind: 'unmapped'; reason: string } | { kind: 'mapped'; item: ValidItem };

/** Maps one ticket and checks its fields the way every inquiry is checked (ingest's validateItem). */
function checkTicket(ticket: FeedTicket, feed: Feed, options: ApplyOptions, index: number): Checked {
  const mapping = resolveMapping(ticket, feed);
  const validated = validateItem(
    {
      receivedAt: ticket.receivedAt,
      topic: mapping.topic ?? PLACEHOLDER_KEY,
      market: mapping.market ?? PLACEHOLDER_KEY,
      channel: ticket.channel,
      note: ticket.note,
      source: feed.source,
      externalId: ticket.externalId,
    },
    options,
  );
  if (!validated.ok) {
    const isKeyError = (error: string) => error.startsWith('topic:') || error.startsWith('market:');
    const dataErrors = validated.errors.filter((error) => !isKeyError(error));
    if (dataErrors.length > 0) return { kind: 'rejected', errors: dataErrors };
    return { kind: 'unmapped', reason: keyReasons(mapping, validated.errors.filter(isKeyError)) };
  }
  if (mapping.topic === undefined || mapping.market === undefined) return { kind: 'unmapped', reason: keyReasons(mapping, []) };
  return { kind: 'mapped', item: { index, input: validated.input, receivedAt: validated.receivedAt } };
}

function keyReasons(mapping: { topic?: string | undefined; market?: string | undefined }, keyErrors: string[]): string {
  const reasons: string[] = [];
  if (mapping.topic === undefined) reasons.push('no rule gives a topic');
  if (mapping.market === undefined) reasons.push('no rule gives a market and the connector has no default market');
  for (const error of keyErrors) {
    const field = error.startsWith('topic:') ? 'topic' : 'market';
    if (mapping[field] !== undefined) reasons.push(`${field} "${mapping[field]}" is not a ${field} key`);
  }
  return reasons.join('; ');
}

async function knownKeys(tx: Db, candidates: Candidate[]): Promise<{ topics: Set<string>; markets: Set<string> }> {
  const topics = await taxonomy.resolveKeys(tx, 'topics', [...new Set(candidates.map((c) => c.item.input.topic))]);
  const markets = await taxonomy.resolveKeys(tx, 'markets', [...new Set(candidates.map((c) => c.item.input.market))]);
  return { topics: new Set(topics.keys()), markets: new Set(markets.keys()) };
}

/** Removes inquiries of these tickets; detection re-judges the earliest past day they were on. */
async function removeInquiries(tx: Db, source: string, externalIds: string[], options: ApplyOptions): Promise<number> {
  const days = await inquiriesRepo.deleteBySourceExternalIds(tx, source, externalIds);
  const earliest = days.sort()[0];
  if (earliest !== undefined && earliest < dayOf(options.asOf, options.timeZone)) await markDirty(tx, earliest);
  return days.length;
}
