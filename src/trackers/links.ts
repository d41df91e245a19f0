import type pg from 'pg';
import { actorName, type Principal } from '../auth/principal.ts';
import { listActions } from '../cases/actions.ts';
import { recordCaseChanges } from '../cases/automation.ts';
import { mustGetCase } from '../cases/service.ts';
import type { CaseStatus } from '../cases/schemas.ts';
import { caseKey } from '../cases/view.ts';
import { withTransaction } from '../db/transaction.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { pickConnection } from './connectionPick.ts';
import * as connectionRepo from './connectionRepo.ts';
import * as linkRepo from './linkRepo.ts';
import * as outboxRepo from './outboxRepo.ts';
import type { CreateLinkBody } from './schemas.ts';

/** A case is handed to a tracker once the workshop is done: `ready` or any later status. */
const LINKABLE: readonly CaseStatus[] = ['ready', 'in_progress', 'fix_shipped', 'verifying', 'resolved', 'reopened'];

export interface LinkView {
  id: number;
  caseId: number;
  actionId: number | null;
  connection: { id: number; name: string; kind: string };
  remoteKey: string | null;
  url: string | null;
  remoteState: string | null;
  remoteStatus: string | null;
  resolvedAt: Date | null;
  syncState: linkRepo.SyncState;
  lastError: string | null;
  lastSyncedAt: Date | null;
  pendingWrites: number;
  createdBy: string;
  createdAt: Date;
}

function toView(row: linkRepo.LinkRow): LinkView {
  return {
    id: row.id,
    caseId: row.caseId,
    actionId: row.actionId,
    connection: { id: row.connectionId, name: row.connectionName, kind: row.connectionKind },
    remoteKey: row.remoteKey,
    url: row.remoteUrl,
    remoteState: row.remoteState,
    remoteStatus: row.remoteStatus,
    resolvedAt: row.resolvedAt,
    syncState: row.syncState,
    lastError: row.lastError,
    lastSyncedAt: row.lastSyncedAt,
    pendingWrites: row.pendingWrites,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

async function connectionFor(db: Db, ref: string | number): Promise<connectionRepo.ConnectionRow> {
  const row = typeof ref === 'number' ? await connectionRepo.getConnection(db, ref) : await connectionRepo.getConnectionByName(db, ref);
  if (!row) throw new AppError('UNPROCESSABLE', `connection: no tracker connection "${ref}"`);
  if (!row.active) throw new AppError('UNPROCESSABLE', `connection: tracker connection "${row.name}" is inactive`);
  return row;
}

/**
 * The connection a link goes to when the caller names none: the one the case page preselects (an
 * active connection placed in one of the case's markets, else one for every market). With none,
 * the refusal says what to do rather than guessing another market's tracker.
 */
async function defaultConnectionFor(db: Db, caseMarkets: string[]): Promise<connectionRepo.ConnectionRow> {
  const picked = pickConnection(await connectionRepo.listConnections(db, { activeOnly: true }), caseMarkets);
  if (picked) return picked;
  const where = caseMarkets.length > 0 ? `the case's market${caseMarkets.length > 1 ? 's' : ''} (${caseMarkets.join(', ')})` : 'a case without a market';
  throw new AppError('UNPROCESSABLE', `connection: no active tracker connection serves ${where}; name one with "connection"`);
}

/**
 * Hands a case (or one of its actions) to a tracker: the link and its create request are written
 * in one transaction, and the outbox job makes the issue. A second open link of the same case or
 * action to the same connection is refused, naming the first.
 */
export async function createLink(pool: pg.Pool, caseId: number, body: CreateLinkBody, call: { principal: Principal; asOf: Date }): Promise<LinkView> {
  const id = await withTransaction(pool, async (tx) => {
    const row = await mustGetCase(tx, caseId, { forUpdate: true });
    const connection = body.connection === undefined ? await defaultConnectionFor(tx, row.markets.map((m) => m.key)) : await connectionFor(tx, body.connection);
    if (body.provider && body.provider !== connection.kind) {
      throw new AppError('UNPROCESSABLE', `provider: connection "${connection.name}" is ${connection.kind}, not ${body.provider}`);
    }
    if (!LINKABLE.includes(row.status)) {
      throw new AppError('CONFLICT', `${caseKey(caseId)} is ${row.status}: a case goes to a tracker once it is ready`, { status: row.status });
    }
    const actionId = body.actionId ?? null;
    if (actionId !== null) {
      if (!(await listActions(tx, caseId)).some((action) => action.id === actionId)) throw new AppError('UNPROCESSABLE', `actionId: ${caseKey(caseId)} has no action ${actionId}`);
    }
    const open = await linkRepo.findOpenLink(tx, { caseId, actionId, connectionId: connection.id });
    if (open) {
      throw new AppError('CONFLICT', `${caseKey(caseId)}${actionId ? ` action ${actionId}` : ''} already has an open link to "${connection.name}" (link ${open.id}${open.remoteKey ? `, issue ${open.remoteKey}` : ''})`, {
        linkId: open.id,
      });
    }
    const actor = actorName(call.principal);
    const linkId = await linkRepo.insertLink(tx, { caseId, actionId, connectionId: connection.id, createdBy: actor, at: call.asOf });
    await outboxRepo.insertCreate(tx, linkId, call.asOf);
    await recordCaseChanges(tx, caseId, [{ field: 'tracker.linked', before: null, after: { linkId, connection: connection.name, actionId } }], {
      actor,
      actorUserId: call.principal.userId,
      at: call.asOf,
    });
    return linkId;
  });
  return toView((await linkRepo.getLink(pool, id))!);
}

export async function listLinks(db: Db, caseId: number): Promise<LinkView[]> {
  await mustGetCase(db, caseId);
  return (await linkRepo.listLinksOfCase(db, caseId)).map(toView);
}

/**
 * The links of these cases by case id, in one query; a case without links maps to an empty list.
 * Unlike `listLinks` it does not check that each case exists: the caller has just listed them.
 */
export async function listLinksOfCases(db: Db, caseIds: readonly number[]): Promise<Map<number, LinkView[]>> {
  const byCase = new Map<number, LinkView[]>(caseIds.map((id) => [id, []]));
  for (const row of await linkRepo.listLinksOfCases(db, caseIds)) byCase.get(row.caseId)?.push(toView(row));
  return byCase;
}

/**
 * Tries a link again: its failed writes go back in the queue with fresh attempts; a link without
 * an issue and no create pending gets one; a synced link is re-written from the case.
 */
export async function retryLink(pool: pg.Pool, caseId: number, linkId: number, asOf: Date): Promise<LinkView> {
  await withTransaction(pool, async (tx) => {
    const link = await linkRepo.getLink(tx, linkId, { forUpdate: true });
    if (!link || link.caseId !== caseId) throw new AppError('NOT_FOUND', `Link ${linkId} not found on ${caseKey(caseId)}`);
    const requeued = await outboxRepo.requeueFailed(tx, linkId, asOf);
    if (!link.remoteKey && !(await outboxRepo.hasPendingCreate(tx, linkId))) await outboxRepo.insertCreate(tx, linkId, asOf);
    else if (link.remoteKey && requeued === 0) await outboxRepo.upsertUpdates(tx, [linkId], asOf);
    await linkRepo.markPending(tx, linkId, asOf);
  });
  return toView((await linkRepo.getLink(pool, linkId))!);
}
