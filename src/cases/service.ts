import type pg from 'pg';
import { actorOf, type Principal } from '../auth/principal.ts';
import type { Db } from '../db/database.ts';
import { withTransaction } from '../db/transaction.ts';
import { AppError } from '../http/errors.ts';
import { claimSpikeForCase, markSpikeLinked } from '../detection/service.ts';
import { collectEvidence } from '../inquiries/service.ts';
import * as taxonomy from '../taxonomy/service.ts';
import { dayOf } from '../time.ts';
import { requireActiveUser } from '../users/service.ts';
import { requestTrackerUpdate } from '../trackers/sync.ts';
import { assertVersion } from './concurrency.ts';
import * as repo from './repo.ts';
import type { CaseStatus, CreateCaseBody, ListCasesQuery, UpdateCaseBody } from './schemas.ts';
import { caseKey, liveActionCount, toView, toViews, type CaseView } from './view.ts';
import { transitionProblems } from './workflow.ts';
import { DRAFT_ACTOR, draftFixedNote } from '../fixes/draft.ts';

export interface CallContext {
  principal: Principal;
  asOf: Date;
  timeZone: string;
}


/** Resolves topic or market keys to ids; an unknown key is a 422 that names it. */
async function resolveKeys(db: Db, table: 'topics' | 'markets', keys: string[]): Promise<number[]> {
  const unique = [...new Set(keys)];
  const ids = await taxonomy.resolveKeys(db, table, unique);
  const unknown = unique.filter((key) => !ids.has(key));
  if (unknown.length > 0) {
    throw new AppError('UNPROCESSABLE', `${table}: unknown ${table === 'topics' ? 'topic' : 'market'} ${unknown.map((k) => `"${k}"`).join(', ')}`);
  }
  return [...new Set(unique.map((key) => ids.get(key)!))];
}

/** Parses a case reference: 12 or PP-12. */
export function parseCaseId(value: string): number {
  const match = /^(?:PP-)?(\d{1,9})$/i.exec(value.trim());
  if (!match) throw new AppError('INVALID_INPUT', `"${value}" is not a case id (12 or PP-12)`);
  return Number(match[1]);
}

export async function mustGetCase(db: Db, id: number, options: { forUpdate?: boolean } = {}): Promise<repo.CaseRow> {
  const row = await repo.getById(db, id, options);
  if (!row) throw new AppError('NOT_FOUND', `Case ${caseKey(id)} not found`);
  return row;
}

/**
 * Opens a case, from a blank page or from a spike (which pre-fills topic, market, title and the
 * expected level, and becomes `linked`). With topics it takes the evidence snapshot at once (8 weeks of daily counts, share,
 * peak, recent notes), which never changes afterwards. Cases always start as `new`.
 */
export async function createCase(pool: pg.Pool, body: CreateCaseBody, call: CallContext): Promise<CaseView> {
  const id = await withTransaction(pool, async (tx) => {
    const spike = body.spikeId === undefined ? undefined : await claimSpikeForCase(tx, body.spikeId);
    if (spike) {
      const other = await repo.openCaseForSpike(tx, spike.id);
      if (other !== undefined) {
        throw new AppError('CONFLICT', `Spike ${spike.id} already feeds the open case ${caseKey(other)}; add to that case instead`, {
          caseId: other,
          key: caseKey(other),
        });
      }
    }
    // A case from a spike starts with the spike's topic, market and a title saying what was seen.
    const topicKeys = body.topics ?? (spike ? [spike.topic] : []);
    const marketKeys = body.markets ?? (spike?.market ? [spike.market] : []);
    const title = body.title ?? `${spike!.topicName}${spike!.market ? ` (${spike!.market})` : ''}: ${spike!.kind.replace('_', ' ')} since ${spike!.firstDay}`;
    const topicIds = await resolveKeys(tx, 'topics', topicKeys);
    const marketIds = await resolveKeys(tx, 'markets', marketKeys);
    if (body.ownerId) await requireActiveUser(tx, body.ownerId, 'ownerId');
    const evidence =
      topicIds.length === 0
        ? null
        : await collectEvidence(tx, {
            topicIds,
            marketIds,
            topicKeys,
            marketKeys,
            asOf: dayOf(call.asOf, call.timeZone),
            expectedPerDay: spike?.expected ?? null,
          });
    const { actor, actorUserId } = actorOf(call.principal);
    const caseId = await repo.insert(tx, {
      title,
      currentState: body.currentState ?? '',
      evidence,
      rootCauses: (body.rootCauses ?? []).map((c) => ({ text: c.text, category: c.category ?? null })),
      desiredState: body.desiredState ?? '',
      target: body.target ?? null,
      ownerUserId: body.ownerId ?? null,
      team: body.team ?? null,
      priority: body.priority ?? 'medium',
      decision: body.decision ?? null,
      createdBy: actor,
      at: call.asOf,
    });
    await repo.setTopics(tx, caseId, topicIds);
    await repo.setMarkets(tx, caseId, marketIds);
    if (spike) {
      await repo.linkSpike(tx, caseId, spike.id, call.asOf);
      await markSpikeLinked(tx, spike.id, call.asOf);
    }
    await repo.insertHistory(tx, [{ caseId, actionId: null, actor, actorUserId, at: call.asOf, field: 'created', before: null, after: body }]);
    return caseId;
  });
  return getCase(pool, id);
}

export async function getCase(db: Db, id: number): Promise<CaseView> {
  return toView(db, await mustGetCase(db, id));
}

/** The case with today's figures beside its frozen evidence snapshot. */
export async function getCaseWithLiveEvidence(db: Db, id: number, call: Omit<CallContext, 'principal'>): Promise<CaseView & { liveEvidence: unknown }> {
  const row = await mustGetCase(db, id);
  const liveEvidence =
    row.topics.length === 0
      ? null
      : await collectEvidence(db, {
          topicIds: row.topics.map((t) => t.id),
          marketIds: row.markets.map((m) => m.id),
          topicKeys: row.topics.map((t) => t.key),
          marketKeys: row.markets.map((m) => m.key),
          asOf: dayOf(call.asOf, call.timeZone),
        });
  return { ...(await toView(db, row)), liveEvidence };
}

export async function listCases(db: Db, query: ListCasesQuery, principal: Principal): Promise<CaseView[]> {
  // The same topic (with sub-topics) and market scope, and the same 404 for an unknown key, as every list.
  const { topicIds, marketId } = await taxonomy.filterScope(db, query);
  let ownerUserId: number | undefined;
  if (query.owner === 'me') {
    if (!principal.userId) throw new AppError('INVALID_INPUT', 'owner=me needs a token that belongs to a user');
    ownerUserId = principal.userId;
  } else if (query.owner !== undefined) ownerUserId = query.owner;
  const rows = await repo.list(db, {
    limit: query.limit,
    ...(query.status ? { statuses: query.status } : {}),
    ...(ownerUserId !== undefined ? { ownerUserId } : {}),
    ...(topicIds ? { topicIds } : {}),
    ...(marketId !== undefined ? { marketId } : {}),
    ...(query.q ? { q: query.q } : {}),
  });
  return toViews(db, rows);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

type HistoryRows = Parameters<typeof repo.insertHistory>[1];

/** What one edit or move will write: the columns that change and a history row for each. */
interface PendingChange {
  changes: Partial<Record<repo.CaseField, unknown>>;
  history: HistoryRows;
}

/**
 * Works out an edit of a locked case row: checks it, writes its topics and markets (their own
 * tables), and returns the column changes and history rows still to be written.
 */
async function planUpdate(tx: Db, row: repo.CaseRow, body: UpdateCaseBody, call: CallContext): Promise<PendingChange> {
  const id = row.id;
  const { actor, actorUserId } = actorOf(call.principal);
  const history: HistoryRows = [];
  const record = (field: string, before: unknown, after: unknown) =>
    history.push({ caseId: id, actionId: null, actor, actorUserId, at: call.asOf, field, before, after });

  for (const table of ['topics', 'markets'] as const) {
    const keys = body[table];
    if (keys === undefined) continue;
    const ids = await resolveKeys(tx, table, keys);
    const before = row[table].map((t) => t.key).sort();
    const after = [...new Set(keys)].sort();
    if (same(before, after)) continue;
    await (table === 'topics' ? repo.setTopics(tx, id, ids) : repo.setMarkets(tx, id, ids));
    record(table, before, after);
  }
  if (body.ownerId === null && row.status !== 'new' && row.status !== 'dropped') {
    throw new AppError('CONFLICT', `A case past new is never ownerless; give ${caseKey(id)} another owner instead`);
  }
  if (body.ownerId) await requireActiveUser(tx, body.ownerId, 'ownerId');

  const { topics: _t, markets: _m, ownerId, rootCauses, ...plain } = body;
  const changes: Partial<Record<repo.CaseField, unknown>> = {};
  const candidates: Array<[repo.CaseField, unknown, unknown]> = [
    ...(Object.entries(plain) as Array<[repo.CaseField, unknown]>).map(([field, value]): [repo.CaseField, unknown, unknown] => [field, row[field as keyof repo.CaseRow], value]),
  ];
  if (ownerId !== undefined) candidates.push(['ownerUserId', row.ownerUserId, ownerId]);
  if (rootCauses !== undefined) {
    candidates.push(['rootCauses', row.rootCauses, rootCauses.map((c) => ({ text: c.text, category: c.category ?? null }))]);
  }
  for (const [field, before, after] of candidates) {
    if (same(before, after)) continue;
    changes[field] = after;
    record(field === 'ownerUserId' ? 'ownerId' : field, before, after);
  }
  return { changes, history };
}

/** Writes an edit planned by planUpdate (one version bump) and queues the tracker update it calls for. */
async function writeUpdate(tx: Db, id: number, pending: PendingChange, at: Date): Promise<void> {
  if (pending.history.length === 0) return;
  await repo.update(tx, id, pending.changes, at);
  await repo.insertHistory(tx, pending.history);
  await requestTrackerUpdate(tx, id, { fields: pending.history.map((entry) => entry.field), at });
}

/**
 * Applies an edit made against `expectedVersion`. A stale version changes nothing and answers 412
 * with the current case; every changed field lands in the history with before and after.
 */
export async function updateCase(pool: pg.Pool, id: number, body: UpdateCaseBody, expectedVersion: number, call: CallContext): Promise<CaseView> {
  await withTransaction(pool, async (tx) => {
    const row = await mustGetCase(tx, id, { forUpdate: true });
    assertVersion(expectedVersion, row.version, 'case', await toView(tx, row));
    await writeUpdate(tx, id, await planUpdate(tx, row, body, call), call.asOf);
  });
  return getCase(pool, id);
}

interface StatusMove {
  status: CaseStatus;
  reason?: string | undefined;
}

/** Checks a move of a locked case row (as it will be after `pending` edits) and returns what it writes. */
async function planMove(tx: Db, row: repo.CaseRow, pending: Partial<Record<repo.CaseField, unknown>>, input: StatusMove, call: CallContext): Promise<PendingChange> {
  const id = row.id;
  const actions = await repo.listActions(tx, id);
  const facts = { ...row, ...pending } as repo.CaseRow;
  const problems = transitionProblems(
    row.status,
    input.status,
    { ...facts, ownerId: facts.ownerUserId, liveActions: liveActionCount(actions) },
    input.reason,
  );
  if (problems.length > 0) {
    throw new AppError('CONFLICT', `${caseKey(id)} cannot move from ${row.status} to ${input.status}: missing ${problems.join(', ')}`, { missing: problems });
  }
  const { actor, actorUserId } = actorOf(call.principal);
  return {
    changes: { status: input.status, droppedReason: input.status === 'dropped' ? input.reason! : null },
    history: [
      { caseId: id, actionId: null, actor, actorUserId, at: call.asOf, field: 'status', before: row.status, after: input.status },
      ...(input.reason ? [{ caseId: id, actionId: null, actor, actorUserId, at: call.asOf, field: 'statusReason', before: null, after: input.reason }] : []),
    ],
  };
}

/** Writes a move planned by planMove, and what a move to resolved sets off. */
async function writeMove(tx: Db, id: number, move: PendingChange, status: CaseStatus, at: Date): Promise<void> {
  await repo.update(tx, id, move.changes, at);
  await repo.insertHistory(tx, move.history);
  // Service marketing: a resolved case gets its customer-facing "fixed" note drafted for a person to approve.
  if (status === 'resolved') await draftFixedNote(tx, id, { actor: DRAFT_ACTOR, at });
}

/** Moves a case along the workflow; a move the method does not allow is a 409 naming what is missing. */
export async function changeStatus(
  pool: pg.Pool,
  id: number,
  input: { status: CaseStatus; reason?: string | undefined; expectedVersion?: number | undefined },
  call: CallContext,
): Promise<CaseView> {
  await withTransaction(pool, async (tx) => {
    const row = await mustGetCase(tx, id, { forUpdate: true });
    assertVersion(input.expectedVersion, row.version, 'case', await toView(tx, row));
    await writeMove(tx, id, await planMove(tx, row, {}, input, call), input.status, call.asOf);
  });
  return getCase(pool, id);
}

/**
 * Edits a case and moves it in one transaction, e.g. the triage decision settled with the move to
 * ready: both land or neither does, with one version bump and both in the history. The move is
 * judged on the case as edited; a refused move leaves the edit unsaved.
 */
export async function updateAndChangeStatus(
  pool: pg.Pool,
  id: number,
  input: StatusMove & { update: UpdateCaseBody; expectedVersion: number },
  call: CallContext,
): Promise<CaseView> {
  await withTransaction(pool, async (tx) => {
    const row = await mustGetCase(tx, id, { forUpdate: true });
    assertVersion(input.expectedVersion, row.version, 'case', await toView(tx, row));
    const edit = await planUpdate(tx, row, input.update, call);
    const move = await planMove(tx, row, edit.changes, input, call);
    await writeMove(tx, id, { changes: { ...edit.changes, ...move.changes }, history: [...edit.history, ...move.history] }, input.status, call.asOf);
    if (edit.history.length > 0) await requestTrackerUpdate(tx, id, { fields: edit.history.map((entry) => entry.field), at: call.asOf });
  });
  return getCase(pool, id);
}

export async function caseHistory(db: Db, id: number): Promise<repo.HistoryEntry[]> {
  await mustGetCase(db, id);
  return repo.listHistory(db, id);
}
