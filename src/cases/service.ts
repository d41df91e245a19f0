import type pg from 'pg';
import { actorName, type Principal } from '../auth/principal.ts';
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

export const actorOf = (principal: Principal) => ({ actor: actorName(principal), actorUserId: principal.userId });

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
  let topicIds: number[] | undefined;
  if (query.topic) {
    const [topicId] = await resolveKeys(db, 'topics', [query.topic]);
    topicIds = await taxonomy.subtreeIdsOf(db, topicId!);
  }
  const marketId = query.market ? (await resolveKeys(db, 'markets', [query.market]))[0] : undefined;
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

/**
 * Applies an edit made against `expectedVersion`. A stale version changes nothing and answers 412
 * with the current case; every changed field lands in the history with before and after.
 */
export async function updateCase(pool: pg.Pool, id: number, body: UpdateCaseBody, expectedVersion: number, call: CallContext): Promise<CaseView> {
  await withTransaction(pool, async (tx) => {
    const row = await mustGetCase(tx, id, { forUpdate: true });
    assertVersion(expectedVersion, row.version, 'case', await toView(tx, row));
    const { actor, actorUserId } = actorOf(call.principal);
    const history: Parameters<typeof repo.insertHistory>[1] = [];
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
    if (history.length === 0) return;
    await repo.update(tx, id, changes, call.asOf);
    await repo.insertHistory(tx, history);
    await requestTrackerUpdate(tx, id, { fields: history.map((entry) => entry.field), at: call.asOf });
  });
  return getCase(pool, id);
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
    const actions = await repo.listActions(tx, id);
    const problems = transitionProblems(
      row.status,
      input.status,
      { ...row, ownerId: row.ownerUserId, liveActions: liveActionCount(actions) },
      input.reason,
    );
    if (problems.length > 0) {
      throw new AppError('CONFLICT', `${caseKey(id)} cannot move from ${row.status} to ${input.status}: missing ${problems.join(', ')}`, { missing: problems });
    }
    const droppedReason = input.status === 'dropped' ? input.reason! : null;
    await repo.update(tx, id, { status: input.status, droppedReason }, call.asOf);
    const { actor, actorUserId } = actorOf(call.principal);
    await repo.insertHistory(tx, [
      { caseId: id, actionId: null, actor, actorUserId, at: call.asOf, field: 'status', before: row.status, after: input.status },
      ...(input.reason ? [{ caseId: id, actionId: null, actor, actorUserId, at: call.asOf, field: 'statusReason', before: null, after: input.reason }] : []),
    ]);
    // Service marketing: a resolved case gets its customer-facing "fixed" note drafted for a person to approve.
    if (input.status === 'resolved') await draftFixedNote(tx, id, { actor: DRAFT_ACTOR, at: call.asOf });
  });
  return getCase(pool, id);
}

export async function caseHistory(db: Db, id: number): Promise<repo.HistoryEntry[]> {
  await mustGetCase(db, id);
  return repo.listHistory(db, id);
}

/**
 * The cases among these that were ever handed to a tracker (their history says so), so a list of
 * many cases asks the tracker module only about those.
 */
export async function casesEverLinkedToTrackers(db: Db, caseIds: number[]): Promise<Set<number>> {
  return new Set(await repo.idsWithHistoryField(db, caseIds, 'tracker.linked'));
}
