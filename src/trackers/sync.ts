import type { Db } from '../db/database.ts';
import type { TrackerBodyInput } from './bodies/input.ts';
import * as linkRepo from './linkRepo.ts';
import * as outboxRepo from './outboxRepo.ts';

/** Case fields (as the case history names them) that the issue shows. */
const SHOWN_FIELDS = new Set(['title', 'currentState', 'rootCauses', 'desiredState', 'target', 'ownerId', 'team', 'priority']);

function changesWhatIssuesShow(fields: readonly string[]): boolean {
  return fields.some((field) => SHOWN_FIELDS.has(field) || field.startsWith('action.'));
}

/**
 * Called inside the transaction that changed a case: when the change is one its tracker issues
 * show, every link that has an issue gets an update request, coalesced with one already pending.
 * Links still waiting for their issue need nothing: the create renders the case as it is then.
 */
export async function requestTrackerUpdate(tx: Db, caseId: number, change: { fields: readonly string[]; at: Date }): Promise<void> {
  if (!changesWhatIssuesShow(change.fields)) return;
  const links = await linkRepo.listLinksOfCase(tx, caseId);
  await outboxRepo.upsertUpdates(
    tx,
    links.filter((link) => link.remoteKey !== null).map((link) => link.id),
    change.at,
  );
}

/**
 * Queues a follow-up measurement as a comment on every issue of the case, in the caller's
 * transaction (the follow-up job calls this when a measurement is made). Returns how many.
 */
export async function queueFollowupComments(tx: Db, caseId: number, input: { measurement: NonNullable<TrackerBodyInput['measurement']>; at: Date }): Promise<number> {
  const links = await linkRepo.listLinksOfCase(tx, caseId);
  for (const link of links) await outboxRepo.insertComment(tx, { linkId: link.id, kind: 'followup_comment', payload: { measurement: input.measurement }, at: input.at });
  return links.length;
}
