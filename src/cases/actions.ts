import type pg from 'pg';
import { actorOf } from '../auth/principal.ts';
import { can } from '../auth/roles.ts';
import type { Db } from '../db/database.ts';
import { withTransaction } from '../db/transaction.ts';
import { AppError } from '../http/errors.ts';
import { requireActiveUser } from '../users/service.ts';
import { requestTrackerUpdate } from '../trackers/sync.ts';
import { assertVersion } from './concurrency.ts';
import * as repo from './repo.ts';
import type { ActionStatus, CreateActionBody, UpdateActionBody } from './schemas.ts';
import { mustGetCase, type CallContext } from './service.ts';
import { caseKey, toView, type ActionView } from './view.ts';

async function actionView(db: Db, caseId: number, actionId: number): Promise<ActionView> {
  const view = await toView(db, await mustGetCase(db, caseId));
  const action = view.actions.find((a) => a.id === actionId);
  if (!action) throw new AppError('NOT_FOUND', `Action ${actionId} not found on ${caseKey(caseId)}`);
  return action;
}

export async function listActions(db: Db, caseId: number): Promise<ActionView[]> {
  return (await toView(db, await mustGetCase(db, caseId))).actions;
}

/** Adds a concrete action to a case (analysts and admins). */
export async function createAction(pool: pg.Pool, caseId: number, body: CreateActionBody, call: CallContext): Promise<ActionView> {
  const actionId = await withTransaction(pool, async (tx) => {
    await mustGetCase(tx, caseId, { forUpdate: true });
    if (body.ownerId) await requireActiveUser(tx, body.ownerId, 'ownerId');
    const id = await repo.insertAction(tx, {
      caseId,
      title: body.title,
      ownerUserId: body.ownerId ?? null,
      dueDate: body.dueDate ?? null,
      status: body.status ?? 'todo',
      at: call.asOf,
    });
    const { actor, actorUserId } = actorOf(call.principal);
    await repo.insertHistory(tx, [{ caseId, actionId: id, actor, actorUserId, at: call.asOf, field: 'action.created', before: null, after: body }]);
    await requestTrackerUpdate(tx, caseId, { fields: ['action.created'], at: call.asOf });
    return id;
  });
  return actionView(pool, caseId, actionId);
}

/**
 * Edits an action against the version the caller saw. Analysts and admins may change anything;
 * the action's owner may move its status and nothing else.
 */
export async function updateAction(
  pool: pg.Pool,
  caseId: number,
  actionId: number,
  body: UpdateActionBody,
  expectedVersion: number,
  call: CallContext,
): Promise<ActionView> {
  await withTransaction(pool, async (tx) => {
    const action = await repo.getAction(tx, caseId, actionId, { forUpdate: true });
    if (!action) throw new AppError('NOT_FOUND', `Action ${actionId} not found on ${caseKey(caseId)}`);
    const mayEdit = can(call.principal.role, 'editCases');
    const isOwner = call.principal.userId !== null && call.principal.userId === action.ownerUserId;
    if (!mayEdit) {
      if (!isOwner) throw new AppError('FORBIDDEN', `Only analysts, admins and the action's owner may change action ${actionId}`);
      const others = Object.keys(body).filter((k) => k !== 'status');
      if (others.length > 0) throw new AppError('FORBIDDEN', `As the action's owner you may change its status only, not ${others.join(', ')}`);
    }
    assertVersion(expectedVersion, action.version, 'action', await actionView(tx, caseId, actionId));
    if (body.ownerId) await requireActiveUser(tx, body.ownerId, 'ownerId');

    const { actor, actorUserId } = actorOf(call.principal);
    const changes: Partial<Record<repo.ActionField, unknown>> = {};
    const history: Parameters<typeof repo.insertHistory>[1] = [];
    const fields: Array<[repo.ActionField, string, unknown, unknown]> = [];
    if (body.title !== undefined) fields.push(['title', 'title', action.title, body.title]);
    if (body.ownerId !== undefined) fields.push(['ownerUserId', 'ownerId', action.ownerUserId, body.ownerId]);
    if (body.dueDate !== undefined) fields.push(['dueDate', 'dueDate', action.dueDate, body.dueDate]);
    if (body.status !== undefined) fields.push(['status', 'status', action.status, body.status]);
    for (const [column, name, before, after] of fields) {
      if (before === after) continue;
      changes[column] = after;
      history.push({ caseId, actionId, actor, actorUserId, at: call.asOf, field: `action.${name}`, before, after });
    }
    if (history.length === 0) return;
    await repo.updateAction(tx, actionId, changes, call.asOf);
    await repo.insertHistory(tx, history);
    await requestTrackerUpdate(tx, caseId, { fields: history.map((entry) => entry.field), at: call.asOf });
  });
  return actionView(pool, caseId, actionId);
}

/**
 * Sets an action's status on behalf of an outside system (a tracker issue was closed or reopened),
 * inside the caller's transaction, with the history naming that system. False when nothing changed.
 */
export async function setActionStatusFromOutside(tx: Db, caseId: number, actionId: number, input: { status: ActionStatus; actor: string; at: Date }): Promise<boolean> {
  const action = await repo.getAction(tx, caseId, actionId, { forUpdate: true });
  if (!action || action.status === input.status) return false;
  await repo.updateAction(tx, actionId, { status: input.status }, input.at);
  await repo.insertHistory(tx, [{ caseId, actionId, actor: input.actor, actorUserId: null, at: input.at, field: 'action.status', before: action.status, after: input.status }]);
  return true;
}
