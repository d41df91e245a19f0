import type pg from 'pg';
import { actorName, actorOf, type Principal } from '../auth/principal.ts';
import { can } from '../auth/roles.ts';
import { mustGetCase } from '../cases/service.ts';
import { caseKey } from '../cases/view.ts';
import type { Db } from '../db/database.ts';
import { withTransaction } from '../db/transaction.ts';
import { AppError } from '../http/errors.ts';
import { draftFixedNote } from './draft.ts';
import { queueTicketsFor } from './helpdesk.ts';
import { noteTexts, recordNoteHistory } from './history.ts';
import * as repo from './repo.ts';
import type { ListNotesQuery, UpdateNoteBody } from './schemas.ts';
import { toView, type FixedNoteView } from './view.ts';

export interface NoteCall {
  principal: Principal;
  asOf: Date;
  timeZone: string;
}

/** Why a step on a note was refused, as `details.refusal`: pages say it in their own language. */
export type NoteRefusal = 'publishedLocked' | 'notResolved' | 'alreadyPublished' | 'alreadyWithdrawn';

/** Agents and leaders read what is published; the people who approve notes also see drafts and withdrawn ones. */
const seesDrafts = (principal: Principal) => can(principal.role, 'editCases');

async function mustGetNote(db: Db, caseId: number, options: { forUpdate?: boolean } = {}): Promise<repo.NoteRow> {
  const row = await repo.getByCase(db, caseId, options);
  if (!row) throw new AppError('NOT_FOUND', `${caseKey(caseId)} has no fixed note`);
  return row;
}

/** Notes a person may read: published ones for everyone, all of them (or by `status`) for analysts and admins. */
export async function listNotes(db: Db, query: ListNotesQuery, principal: Principal): Promise<FixedNoteView[]> {
  const statuses: repo.NoteStatus[] = seesDrafts(principal) ? query.status : ['published'];
  if (!seesDrafts(principal) && query.status.some((s) => s !== 'published')) {
    throw new AppError('FORBIDDEN', 'Only analysts and admins see drafts and withdrawn notes');
  }
  return (await repo.list(db, { statuses, limit: query.limit })).map(toView);
}

/** A case's note; a draft or withdrawn note is not found for those who only read published ones. */
export async function getNote(db: Db, caseId: number, principal: Principal): Promise<FixedNoteView> {
  await mustGetCase(db, caseId);
  const row = await mustGetNote(db, caseId);
  if (row.status !== 'published' && !seesDrafts(principal)) throw new AppError('NOT_FOUND', `${caseKey(caseId)} has no published fixed note`);
  return toView(row);
}

/** Drafts a resolved case's note by hand (when it was resolved before notes existed, or the draft was lost). */
export async function draftNote(pool: pg.Pool, caseId: number, call: NoteCall): Promise<FixedNoteView> {
  await withTransaction(pool, async (tx) => {
    const row = await mustGetCase(tx, caseId, { forUpdate: true });
    if (row.status !== 'resolved') {
      throw new AppError('CONFLICT', `${caseKey(caseId)} is ${row.status}; a fixed note is drafted once the case is resolved`);
    }
    const id = await draftFixedNote(tx, caseId, historyActor(call));
    if (id === undefined) {
      throw new AppError('CONFLICT', `${caseKey(caseId)} already has a fixed note; edit that one`, { current: toView(await mustGetNote(tx, caseId)) });
    }
  });
  return toView(await mustGetNote(pool, caseId));
}

/** Who a history line names, and when. */
const historyActor = (call: NoteCall) => ({ ...actorOf(call.principal), at: call.asOf });

/** A stale version changes nothing and answers 412 (as a stale case does) with the current note, so the editor loses nothing. */
function assertNoteVersion(expected: number | undefined, row: repo.NoteRow): void {
  if (expected === undefined || expected === row.version) return;
  throw new AppError('PRECONDITION_FAILED', `The fixed note changed since you loaded it (your version ${expected}, now ${row.version}); nothing was saved`, {
    currentVersion: row.version,
    current: toView(row),
  });
}

/**
 * Edits a note's texts. A published note is live on the page, the feed and the help desk, so it is
 * withdrawn before it is edited and approved again: nothing reaches customers unapproved.
 */
export async function updateNote(pool: pg.Pool, caseId: number, edit: UpdateNoteBody, expectedVersion: number, call: NoteCall): Promise<FixedNoteView> {
  await withTransaction(pool, async (tx) => {
    const row = await mustGetNote(tx, caseId, { forUpdate: true });
    assertNoteVersion(expectedVersion, row);
    if (row.status === 'published') throw new AppError('CONFLICT', `The fixed note of ${caseKey(caseId)} is published; withdraw it before editing`, { refusal: 'publishedLocked', caseKey: caseKey(caseId) });
    const nb = edit.nb === undefined ? (row.titleNb !== null ? { title: row.titleNb, body: row.bodyNb! } : null) : edit.nb;
    const texts = { title: edit.title ?? row.title, body: edit.body ?? row.body, titleNb: nb?.title ?? null, bodyNb: nb?.body ?? null };
    const [before, after] = [noteTexts(row), noteTexts(texts)];
    // Saving the same texts again is no change: no new version and no history line.
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    await repo.updateTexts(tx, row.id, texts, call.asOf);
    await recordNoteHistory(tx, caseId, [{ field: 'fixedNoteText', before, after }], historyActor(call));
  });
  return toView(await mustGetNote(pool, caseId));
}

/**
 * A person approves the note, which publishes it: on the agents' page, in the next digest and the
 * public feed, and (in the same transaction) queues the help-desk tickets behind the case for a tag
 * and an internal note. Only a resolved case's note can be approved.
 */
export async function approveNote(pool: pg.Pool, caseId: number, expectedVersion: number | undefined, call: NoteCall): Promise<FixedNoteView> {
  await withTransaction(pool, async (tx) => {
    const caseRow = await mustGetCase(tx, caseId, { forUpdate: true });
    const row = await mustGetNote(tx, caseId, { forUpdate: true });
    assertNoteVersion(expectedVersion, row);
    if (caseRow.status !== 'resolved') {
      throw new AppError('CONFLICT', `${caseKey(caseId)} is ${caseRow.status}, not resolved; only a fix that held is announced`, { refusal: 'notResolved', caseKey: caseKey(caseId), status: caseRow.status });
    }
    if (row.status === 'published') throw new AppError('CONFLICT', `The fixed note of ${caseKey(caseId)} is already published`, { refusal: 'alreadyPublished', caseKey: caseKey(caseId) });
    await repo.markPublished(tx, row.id, { actor: actorName(call.principal), userId: call.principal.userId, at: call.asOf });
    await recordNoteHistory(tx, caseId, [{ field: 'fixedNote', before: row.status, after: 'published' }], historyActor(call));
    await queueTicketsFor(tx, { noteId: row.id, caseId, at: call.asOf, timeZone: call.timeZone });
  });
  return toView(await mustGetNote(pool, caseId));
}

/** Takes a note off the page and the feed (or discards a draft). Tickets not yet tagged wait until it is published again. */
export async function withdrawNote(pool: pg.Pool, caseId: number, input: { reason?: string | undefined; expectedVersion?: number | undefined }, call: NoteCall): Promise<FixedNoteView> {
  await withTransaction(pool, async (tx) => {
    const row = await mustGetNote(tx, caseId, { forUpdate: true });
    assertNoteVersion(input.expectedVersion, row);
    if (row.status === 'withdrawn') throw new AppError('CONFLICT', `The fixed note of ${caseKey(caseId)} is already withdrawn`, { refusal: 'alreadyWithdrawn', caseKey: caseKey(caseId) });
    await repo.markWithdrawn(tx, row.id, { actor: actorName(call.principal), reason: input.reason || null, at: call.asOf });
    await recordNoteHistory(
      tx,
      caseId,
      [{ field: 'fixedNote', before: row.status, after: 'withdrawn' }, ...(input.reason ? [{ field: 'fixedNoteReason' as const, before: null, after: input.reason }] : [])],
      historyActor(call),
    );
  });
  return toView(await mustGetNote(pool, caseId));
}

/** Tickets of a note that failed go back to the help-desk queue; answers how many. */
export async function retryTickets(pool: pg.Pool, caseId: number, call: NoteCall): Promise<{ requeued: number }> {
  const row = await mustGetNote(pool, caseId);
  return { requeued: await repo.requeueFailed(pool, row.id, call.asOf) };
}

/** The help-desk tickets behind a note and where each one stands. */
export async function noteTickets(db: Db, caseId: number): Promise<repo.NoteTicketRow[]> {
  return repo.listTickets(db, (await mustGetNote(db, caseId)).id);
}

/** Published notes first published in [since, until) for a digest's scope. */
export async function notesPublishedBetween(db: Db, input: { since: Date; until: Date; topic: string | null; market: string | null }): Promise<FixedNoteView[]> {
  return (await repo.listFirstPublishedBetween(db, { since: input.since, until: input.until, topicKey: input.topic, marketKey: input.market })).map(toView);
}

/**
 * One published note for its public page (what the feed links to). A draft, a withdrawn note and an
 * unknown id are the same 404 to the public: whether a draft exists is nobody's business outside.
 */
export async function publishedNote(db: Db, noteId: number): Promise<FixedNoteView> {
  const row = Number.isSafeInteger(noteId) && noteId > 0 ? await repo.getPublished(db, noteId) : undefined;
  if (!row) throw new AppError('NOT_FOUND', `There is no published fixed note ${noteId}`);
  return toView(row);
}

/** Every published note, newest first, for the public feed, and when the feed last changed (a withdrawal changes it too). */
export async function publishedNotes(db: Db, limit = 100): Promise<{ notes: FixedNoteView[]; changedAt: Date | undefined }> {
  const [rows, changedAt] = await Promise.all([repo.list(db, { statuses: ['published'], limit }), repo.feedChangedAt(db)]);
  return { notes: rows.map(toView), changedAt };
}
