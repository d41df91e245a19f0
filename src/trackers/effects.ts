import { setActionStatusFromOutside } from '../cases/actions.ts';
import { moveCaseStatus, recordCaseChanges } from '../cases/automation.ts';
import { mustGetCase } from '../cases/service.ts';
import type { CaseStatus } from '../cases/schemas.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/database.ts';
import { withTransaction } from '../db/transaction.ts';
import { AppError } from '../http/errors.ts';
import { markFixShipped } from '../followups/service.ts';
import * as linkRepo from './linkRepo.ts';
import type { IssueState } from './tracker.ts';

export interface RemoteState {
  state: IssueState;
  statusName: string;
  resolvedAt: Date | null;
}

/** How the tracker signs what it did in a case's history: `github:ads (dev-eloper)`. */
export function trackerActor(link: Pick<linkRepo.LinkRow, 'connectionKind' | 'connectionName'>, person?: string | null): string {
  return `${link.connectionKind}:${link.connectionName}${person ? ` (${person})` : ''}`;
}

/** Statuses from which a tracker's "the work started / came back" moves the case to in_progress, and through which status. */
const BACK_TO_IN_PROGRESS: Partial<Record<CaseStatus, CaseStatus[]>> = {
  ready: ['in_progress'],
  reopened: ['in_progress'],
  fix_shipped: ['in_progress'],
  verifying: ['reopened', 'in_progress'],
};

/**
 * Applies what a tracker says about one linked issue, inside the caller's transaction: the link
 * remembers the state; a finished issue finishes its action, a reopened one takes the action
 * back to `doing` and the case back to `in_progress`. Each change is in the case history with
 * the tracker as actor. Returns true when the state changed (nothing happens twice for one state).
 */
export async function applyRemoteState(tx: Db, link: linkRepo.LinkRow, remote: RemoteState, by: { actor: string; at: Date }): Promise<boolean> {
  await linkRepo.setRemoteState(tx, link.id, { ...remote, at: by.at });
  const before = link.remoteState ?? 'open';
  if (before === remote.state) return false;
  const row = await mustGetCase(tx, link.caseId, { forUpdate: true });
  await recordCaseChanges(
    tx,
    link.caseId,
    [{ field: 'tracker.status', before: { issue: link.remoteKey, state: before, status: link.remoteStatus }, after: { issue: link.remoteKey, state: remote.state, status: remote.statusName } }],
    by,
  );
  if (link.actionId !== null) {
    if (remote.state === 'done') await setActionStatusFromOutside(tx, link.caseId, link.actionId, { status: 'done', actor: by.actor, at: by.at });
    if (remote.state === 'open' && before !== 'open') await setActionStatusFromOutside(tx, link.caseId, link.actionId, { status: 'doing', actor: by.actor, at: by.at });
  }
  if (remote.state === 'open' && before !== 'open') {
    for (const to of BACK_TO_IN_PROGRESS[row.status] ?? []) {
      if ((await moveCaseStatus(tx, row, { to, reason: to === 'reopened' ? `${link.remoteKey} was reopened` : undefined }, by)).length > 0) break;
    }
  }
  return true;
}

/**
 * When every issue of a case is closed and at least one was done, the fix has shipped at the
 * latest resolution time. Null while any issue is open (or none was done).
 */
export function shippedAt(links: linkRepo.LinkRow[]): Date | null {
  const linked = links.filter((link) => link.remoteKey !== null);
  if (linked.length === 0 || linked.some((link) => (link.remoteState ?? 'open') === 'open')) return null;
  const done = linked.filter((link) => link.remoteState === 'done');
  if (done.length === 0) return null;
  return new Date(Math.max(...done.map((link) => (link.resolvedAt ?? link.updatedAt).getTime())));
}

/**
 * After a commit that changed issue states: when all of the case's issues are done, marks the fix
 * shipped through the follow-ups (which moves the case to `fix_shipped` and plans its
 * measurements), first taking a `ready` or `reopened` case to `in_progress`. Safe to call again.
 */
export async function shipIfAllDone(ctx: Pick<AppContext, 'pool' | 'config' | 'log' | 'now'>, caseId: number, by: { actor: string }): Promise<boolean> {
  const links = await linkRepo.listLinksOfCase(ctx.pool, caseId);
  const at = shippedAt(links);
  if (!at) return false;
  const row = await mustGetCase(ctx.pool, caseId);
  if (row.status !== 'ready' && row.status !== 'reopened' && row.status !== 'in_progress') return false;
  if (row.status !== 'in_progress') {
    await withTransaction(ctx.pool, async (tx) => {
      const locked = await mustGetCase(tx, caseId, { forUpdate: true });
      if (locked.status === 'ready' || locked.status === 'reopened') await moveCaseStatus(tx, locked, { to: 'in_progress' }, { actor: by.actor, at: ctx.now() });
    });
  }
  try {
    // A resolution stamped a little ahead of our clock is the tracker's skew, not a future fix.
    await markFixShipped(ctx, caseId, { shippedAt: new Date(Math.min(at.getTime(), ctx.now().getTime())), actor: by.actor });
    return true;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    ctx.log.warn({ module: 'trackers', caseId, reason: error.message }, 'all tracker issues are done but the fix could not be recorded');
    return false;
  }
}
