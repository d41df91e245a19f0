import type { Db } from '../db/database.ts';
import { recordNoteHistory } from './history.ts';
import * as repo from './repo.ts';
import { MAX_BODY, MAX_TITLE } from './schemas.ts';

/** How a note drafted by the service names its author. */
export const DRAFT_ACTOR = 'pinchpoint';
const MAX_EXCERPT = 600;

/** The first `count` sentences of a case text, shortened at a word to at most MAX_EXCERPT characters. */
export function firstSentences(text: string, count: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return '';
  const sentences = flat.split(/(?<=[.!?])\s+/).slice(0, count).join(' ');
  if (sentences.length <= MAX_EXCERPT) return sentences;
  const cut = sentences.slice(0, MAX_EXCERPT - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), MAX_EXCERPT / 2))}…`;
}

/**
 * A first draft in English from the case: its title, what was wrong (current state), what it is
 * like now (desired state) and, when there is one, the newest measured change. A person edits it
 * before approving; the case texts are written for colleagues, not customers.
 */
export function composeDraft(source: Pick<repo.DraftSource, 'title' | 'currentState' | 'desiredState' | 'sentenceEn'>): { title: string; body: string } {
  const paragraphs = [
    firstSentences(source.currentState, 2) && `What was wrong: ${firstSentences(source.currentState, 2)}`,
    firstSentences(source.desiredState, 2) && `What we fixed: ${firstSentences(source.desiredState, 2)}`,
    source.sentenceEn && `Measured: ${source.sentenceEn}`,
  ].filter(Boolean);
  const title = `Fixed: ${source.title.trim()}`;
  return {
    title: title.length <= MAX_TITLE ? title : `${title.slice(0, MAX_TITLE - 1)}…`,
    body: (paragraphs.length > 0 ? paragraphs.join('\n\n') : source.title.trim()).slice(0, MAX_BODY),
  };
}

/**
 * Drafts the case's fixed note unless it already has one (a person's edits are never overwritten,
 * and a case resolved again keeps its note). Runs inside the transaction that resolves the case,
 * so the note exists exactly when the case is resolved. Returns the new note's id, if any.
 */
export async function draftFixedNote(tx: Db, caseId: number, by: { actor: string; actorUserId?: number | null; at: Date }): Promise<number | undefined> {
  const source = await repo.draftSource(tx, caseId);
  if (!source) return undefined;
  const id = await repo.insertDraft(tx, { caseId, ...composeDraft(source), draftedBy: by.actor, at: by.at });
  if (id !== undefined) await recordNoteHistory(tx, caseId, [{ field: 'fixedNote', before: null, after: 'draft' }], by);
  return id;
}
