import { insertHistory } from '../cases/repo.ts';
import type { Db } from '../db/database.ts';

/** The history fields a note writes on its case: its status, a withdrawal's reason, and its texts. */
export type NoteHistoryField = 'fixedNote' | 'fixedNoteReason' | 'fixedNoteText';

/**
 * Writes what happened to a case's fixed note into the case's own audit trail, in the caller's
 * transaction. The case's version is left alone on purpose: approving the customer-facing note is
 * not an edit of the case, and must not turn someone's open case form stale.
 */
export async function recordNoteHistory(
  tx: Db,
  caseId: number,
  changes: Array<{ field: NoteHistoryField; before: unknown; after: unknown }>,
  by: { actor: string; actorUserId?: number | null; at: Date },
): Promise<void> {
  await insertHistory(tx, changes.map((change) => ({ caseId, actionId: null, actor: by.actor, actorUserId: by.actorUserId ?? null, at: by.at, ...change })));
}

/** A note's texts as the history keeps them: the Norwegian text only when there is one. */
export function noteTexts(texts: { title: string; body: string; titleNb: string | null; bodyNb: string | null }) {
  return { title: texts.title, body: texts.body, ...(texts.titleNb !== null ? { nb: { title: texts.titleNb, body: texts.bodyNb } } : {}) };
}
