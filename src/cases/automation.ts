import type { Db } from '../db/database.ts';
import * as repo from './repo.ts';
import type { CaseStatus } from './schemas.ts';
import { liveActionCount } from './view.ts';
import { transitionProblems } from './workflow.ts';
import { DRAFT_ACTOR, draftFixedNote } from '../fixes/draft.ts';

/**
 * Changes the service makes on a case by itself (follow-ups, tracker sync), inside the caller's
 * transaction and under the same workflow and audit rules as a person's change. The caller holds
 * the case row lock (`mustGetCase(tx, id, { forUpdate: true })`).
 */
export interface AutomatedActor {
  /** How the change is named in the history, e.g. "follow-up". */
  actor: string;
  actorUserId?: number | null;
  at: Date;
}

/**
 * Moves a case along the workflow and records it in the history (with the reason as its own entry).
 * Returns what blocks the move instead of throwing, so an automated step can decide what to do;
 * an empty list means the case moved.
 */
export async function moveCaseStatus(
  tx: Db,
  row: repo.CaseRow,
  input: { to: CaseStatus; reason?: string | undefined },
  by: AutomatedActor,
): Promise<string[]> {
  const actions = await repo.listActions(tx, row.id);
  const problems = transitionProblems(row.status, input.to, { ...row, ownerId: row.ownerUserId, liveActions: liveActionCount(actions) }, input.reason);
  if (problems.length > 0) return problems;
  await repo.update(tx, row.id, { status: input.to, droppedReason: input.to === 'dropped' ? input.reason! : null }, by.at);
  const entry = { caseId: row.id, actionId: null, actor: by.actor, actorUserId: by.actorUserId ?? null, at: by.at };
  await repo.insertHistory(tx, [
    { ...entry, field: 'status', before: row.status, after: input.to },
    ...(input.reason ? [{ ...entry, field: 'statusReason', before: null, after: input.reason }] : []),
  ]);
  // Service marketing: a resolved case gets its customer-facing "fixed" note drafted for a person to approve.
  if (input.to === 'resolved') await draftFixedNote(tx, row.id, { actor: DRAFT_ACTOR, at: by.at });
  row.status = input.to;
  return [];
}

/** Records changes to data another module keeps about the case (e.g. its fix date) and bumps the case version once. */
export async function recordCaseChanges(
  tx: Db,
  caseId: number,
  changes: Array<{ field: string; before: unknown; after: unknown }>,
  by: AutomatedActor,
): Promise<void> {
  if (changes.length === 0) return;
  await repo.update(tx, caseId, {}, by.at);
  await repo.insertHistory(tx, changes.map((change) => ({ caseId, actionId: null, actor: by.actor, actorUserId: by.actorUserId ?? null, at: by.at, ...change })));
}

/** A comment written by the service (e.g. a follow-up result), also a line in the history like any comment. */
export async function addCaseComment(tx: Db, caseId: number, body: string, by: AutomatedActor): Promise<repo.CommentRow> {
  const comment = await repo.insertComment(tx, { caseId, author: by.actor, authorUserId: by.actorUserId ?? null, body, at: by.at });
  await repo.insertHistory(tx, [
    { caseId, actionId: null, actor: by.actor, actorUserId: by.actorUserId ?? null, at: by.at, field: 'comment', before: null, after: { id: comment.id } },
  ]);
  return comment;
}
