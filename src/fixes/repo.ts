import type { Db } from '../db/database.ts';
import type { Day } from '../time.ts';

export type NoteStatus = 'draft' | 'published' | 'withdrawn';

export interface NoteRow {
  id: number;
  caseId: number;
  caseTitle: string;
  caseStatus: string;
  status: NoteStatus;
  title: string;
  body: string;
  titleNb: string | null;
  bodyNb: string | null;
  version: number;
  draftedBy: string;
  approvedBy: string | null;
  publishedAt: Date | null;
  firstPublishedAt: Date | null;
  withdrawnBy: string | null;
  withdrawnAt: Date | null;
  withdrawnReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  tickets: { total: number; done: number; pending: number; failed: number; lastError: string | null };
}

const noteColumns = `n.id, n.case_id AS "caseId", c.title AS "caseTitle", c.status AS "caseStatus", n.status, n.title, n.body,
  n.title_nb AS "titleNb", n.body_nb AS "bodyNb", n.version, n.drafted_by AS "draftedBy", n.approved_by AS "approvedBy",
  n.published_at AS "publishedAt", n.first_published_at AS "firstPublishedAt", n.withdrawn_by AS "withdrawnBy",
  n.withdrawn_at AS "withdrawnAt", n.withdrawn_reason AS "withdrawnReason", n.created_at AS "createdAt", n.updated_at AS "updatedAt",
  (SELECT json_build_object(
     'total', count(*)::int,
     'done', (count(*) FILTER (WHERE t.status = 'done'))::int,
     'pending', (count(*) FILTER (WHERE t.status = 'pending'))::int,
     'failed', (count(*) FILTER (WHERE t.status = 'failed'))::int,
     'lastError', (array_agg(t.last_error ORDER BY t.id DESC) FILTER (WHERE t.last_error IS NOT NULL))[1])
   FROM fixed_note_tickets t WHERE t.note_id = n.id) AS tickets`;
const noteFrom = `fixed_notes n JOIN cases c ON c.id = n.case_id`;

export async function getByCase(db: Db, caseId: number, options: { forUpdate?: boolean } = {}): Promise<NoteRow | undefined> {
  const lock = options.forUpdate ? ' FOR UPDATE OF n' : '';
  return (await db.query<NoteRow>(`SELECT ${noteColumns} FROM ${noteFrom} WHERE n.case_id = $1${lock}`, [caseId])).rows[0];
}

/** A published note by its own id; undefined when there is none or it is a draft or withdrawn. */
export async function getPublished(db: Db, id: number): Promise<NoteRow | undefined> {
  return (await db.query<NoteRow>(`SELECT ${noteColumns} FROM ${noteFrom} WHERE n.id = $1 AND n.status = 'published'`, [id])).rows[0];
}

/** Notes, newest publication (then newest draft) first; `statuses` empty: all. */
export async function list(db: Db, filter: { statuses: NoteStatus[]; limit: number }): Promise<NoteRow[]> {
  const result = await db.query<NoteRow>(
    `SELECT ${noteColumns} FROM ${noteFrom}
     WHERE cardinality($1::text[]) = 0 OR n.status = ANY($1::text[])
     ORDER BY n.published_at DESC NULLS LAST, n.created_at DESC, n.id DESC LIMIT $2`,
    [filter.statuses, filter.limit],
  );
  return result.rows;
}

/**
 * Published notes first published in [since, until), of cases touching the scope: a topic with its
 * sub-topics (null: all) and a market (null: all; a case without markets covers every market).
 */
export async function listFirstPublishedBetween(db: Db, input: { since: Date; until: Date; topicKey: string | null; marketKey: string | null }): Promise<NoteRow[]> {
  const result = await db.query<NoteRow>(
    `WITH RECURSIVE scope AS (
       SELECT id FROM topics WHERE key = $3
       UNION SELECT t.id FROM topics t JOIN scope ON t.parent_id = scope.id)
     SELECT ${noteColumns} FROM ${noteFrom}
     WHERE n.status = 'published' AND n.first_published_at >= $1 AND n.first_published_at < $2
       AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM case_topics ct WHERE ct.case_id = n.case_id AND ct.topic_id IN (SELECT id FROM scope)))
       AND ($4::text IS NULL OR NOT EXISTS (SELECT 1 FROM case_markets cm WHERE cm.case_id = n.case_id)
            OR EXISTS (SELECT 1 FROM case_markets cm JOIN markets m ON m.id = cm.market_id WHERE cm.case_id = n.case_id AND m.key = $4))
     ORDER BY n.first_published_at, n.id`,
    [input.since, input.until, input.topicKey, input.marketKey],
  );
  return result.rows;
}

/** The last time the public feed changed: a note published, or a published one withdrawn; undefined when never. */
export async function feedChangedAt(db: Db): Promise<Date | undefined> {
  const result = await db.query<{ at: Date | null }>(
    `SELECT max(greatest(published_at, CASE WHEN status = 'withdrawn' THEN withdrawn_at END)) AS at FROM fixed_notes WHERE published_at IS NOT NULL`,
  );
  return result.rows[0]?.at ?? undefined;
}

/** Creates a draft unless the case already has a note; undefined when it had one. */
export async function insertDraft(db: Db, draft: { caseId: number; title: string; body: string; draftedBy: string; at: Date }): Promise<number | undefined> {
  const result = await db.query<{ id: number }>(
    `INSERT INTO fixed_notes (case_id, status, title, body, drafted_by, created_at, updated_at)
     VALUES ($1, 'draft', $2, $3, $4, $5, $5) ON CONFLICT (case_id) DO NOTHING RETURNING id`,
    [draft.caseId, draft.title, draft.body, draft.draftedBy, draft.at],
  );
  return result.rows[0]?.id;
}

export async function updateTexts(db: Db, id: number, texts: { title: string; body: string; titleNb: string | null; bodyNb: string | null }, at: Date): Promise<void> {
  await db.query(`UPDATE fixed_notes SET title = $2, body = $3, title_nb = $4, body_nb = $5, version = version + 1, updated_at = $6 WHERE id = $1`, [
    id,
    texts.title,
    texts.body,
    texts.titleNb,
    texts.bodyNb,
    at,
  ]);
}

export async function markPublished(db: Db, id: number, by: { actor: string; userId: number | null; at: Date }): Promise<void> {
  await db.query(
    `UPDATE fixed_notes SET status = 'published', approved_by = $2, approved_by_user_id = $3, published_at = $4,
       first_published_at = coalesce(first_published_at, $4), withdrawn_by = NULL, withdrawn_at = NULL, withdrawn_reason = NULL,
       version = version + 1, updated_at = $4
     WHERE id = $1`,
    [id, by.actor, by.userId, by.at],
  );
}

export async function markWithdrawn(db: Db, id: number, by: { actor: string; reason: string | null; at: Date }): Promise<void> {
  await db.query(
    `UPDATE fixed_notes SET status = 'withdrawn', withdrawn_by = $2, withdrawn_reason = $3, withdrawn_at = $4, version = version + 1, updated_at = $4
     WHERE id = $1`,
    [id, by.actor, by.reason, by.at],
  );
}

/** What a draft is written from: the case's texts and its newest measurement's sentences. */
export interface DraftSource {
  caseId: number;
  title: string;
  status: string;
  currentState: string;
  desiredState: string;
  sentenceEn: string | null;
  sentenceNb: string | null;
}

export async function draftSource(db: Db, caseId: number): Promise<DraftSource | undefined> {
  const result = await db.query<DraftSource>(
    `SELECT c.id AS "caseId", c.title, c.status, c.current_state AS "currentState", c.desired_state AS "desiredState",
            m.sentence_en AS "sentenceEn", m.sentence_nb AS "sentenceNb"
     FROM cases c
     LEFT JOIN LATERAL (SELECT sentence_en, sentence_nb FROM followup_measurements WHERE case_id = c.id ORDER BY as_of DESC, id DESC LIMIT 1) m ON true
     WHERE c.id = $1`,
    [caseId],
  );
  return result.rows[0];
}

/** The "before" window the case's newest measurement used, or its fix day, for choosing the tickets behind it. */
export async function beforeWindowHints(db: Db, caseId: number): Promise<{ measuredBefore: { from: Day; to: Day } | null; fixDay: Day | null }> {
  const result = await db.query<{ measuredBefore: { from: Day; to: Day } | null; fixDay: Day | null }>(
    `SELECT (SELECT windows->'before' FROM followup_measurements WHERE case_id = $1 ORDER BY as_of DESC, id DESC LIMIT 1) AS "measuredBefore",
            (SELECT to_char(fix_day, 'YYYY-MM-DD') FROM case_fixes WHERE case_id = $1) AS "fixDay"`,
    [caseId],
  );
  return result.rows[0]!;
}

/**
 * Queues every Zendesk ticket behind the case for the note: inquiries from an active Zendesk
 * connector, in the case's topics (with sub-topics) and markets (none: all), on days in the window.
 * A ticket already queued for the note is left alone. Returns how many were added.
 */
export async function queueTickets(db: Db, input: { noteId: number; caseId: number; from: Day; to: Day; at: Date }): Promise<number> {
  const result = await db.query(
    `WITH RECURSIVE scope AS (
       SELECT topic_id AS id FROM case_topics WHERE case_id = $2
       UNION SELECT t.id FROM topics t JOIN scope ON t.parent_id = scope.id)
     INSERT INTO fixed_note_tickets (note_id, connector_id, ticket_id, status, next_attempt_at, created_at)
     SELECT DISTINCT $1::int, hc.id, i.external_id, 'pending', $5::timestamptz, $5::timestamptz
     FROM inquiries i
     JOIN help_desk_connectors hc ON i.source = 'zendesk:' || hc.name AND hc.kind = 'zendesk' AND hc.active
     WHERE i.external_id IS NOT NULL AND i.day BETWEEN $3::date AND $4::date
       AND i.topic_id IN (SELECT id FROM scope)
       AND (NOT EXISTS (SELECT 1 FROM case_markets WHERE case_id = $2)
            OR i.market_id IN (SELECT market_id FROM case_markets WHERE case_id = $2))
     ON CONFLICT (note_id, connector_id, ticket_id) DO NOTHING`,
    [input.noteId, input.caseId, input.from, input.to, input.at],
  );
  return result.rowCount ?? 0;
}

export interface TicketTask {
  id: number;
  noteId: number;
  caseId: number;
  ticketId: string;
  attempts: number;
  connector: { name: string; kind: 'zendesk'; config: Record<string, unknown> };
  note: { title: string; body: string };
}

/**
 * Claims the next due ticket of a published note on an active connector (a deactivated one's
 * tickets wait): the row is pushed to `leaseUntil`, so a crashed worker's ticket comes back by
 * itself and two workers never take the same one.
 */
export async function claimNextDue(db: Db, input: { asOf: Date; leaseUntil: Date }): Promise<TicketTask | undefined> {
  const result = await db.query<TicketTask>(
    `WITH next AS (
       SELECT t.id FROM fixed_note_tickets t JOIN fixed_notes n ON n.id = t.note_id JOIN help_desk_connectors c ON c.id = t.connector_id
       WHERE t.status = 'pending' AND t.next_attempt_at <= $1 AND n.status = 'published' AND c.active
       ORDER BY t.next_attempt_at, t.id LIMIT 1 FOR UPDATE OF t SKIP LOCKED)
     UPDATE fixed_note_tickets t SET next_attempt_at = $2 FROM next, fixed_notes n, help_desk_connectors hc
     WHERE t.id = next.id AND n.id = t.note_id AND hc.id = t.connector_id
     RETURNING t.id, t.note_id AS "noteId", n.case_id AS "caseId", t.ticket_id AS "ticketId", t.attempts,
       json_build_object('name', hc.name, 'kind', hc.kind, 'config', hc.config) AS connector,
       json_build_object('title', n.title, 'body', n.body) AS note`,
    [input.asOf, input.leaseUntil],
  );
  return result.rows[0];
}

export async function markTicketDone(db: Db, id: number, input: { attempts: number; at: Date }): Promise<void> {
  await db.query(`UPDATE fixed_note_tickets SET status = 'done', attempts = $2, done_at = $3, last_error = NULL WHERE id = $1`, [id, input.attempts, input.at]);
}

export async function markTicketRetry(db: Db, id: number, input: { attempts: number; nextAttemptAt: Date; error: string }): Promise<void> {
  await db.query(`UPDATE fixed_note_tickets SET attempts = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1`, [id, input.attempts, input.nextAttemptAt, input.error]);
}

export async function markTicketFailed(db: Db, id: number, input: { attempts: number; error: string }): Promise<void> {
  await db.query(`UPDATE fixed_note_tickets SET status = 'failed', attempts = $2, last_error = $3 WHERE id = $1`, [id, input.attempts, input.error]);
}

/** Failed tickets of a note go back to the queue (a person fixed the cause). */
export async function requeueFailed(db: Db, noteId: number, at: Date): Promise<number> {
  const result = await db.query(`UPDATE fixed_note_tickets SET status = 'pending', attempts = 0, next_attempt_at = $2 WHERE note_id = $1 AND status = 'failed'`, [noteId, at]);
  return result.rowCount ?? 0;
}

export interface NoteTicketRow {
  connector: string;
  ticketId: string;
  status: 'pending' | 'done' | 'failed';
  attempts: number;
  lastError: string | null;
  doneAt: Date | null;
}

export async function listTickets(db: Db, noteId: number): Promise<NoteTicketRow[]> {
  const result = await db.query<NoteTicketRow>(
    `SELECT hc.name AS connector, t.ticket_id AS "ticketId", t.status, t.attempts, t.last_error AS "lastError", t.done_at AS "doneAt"
     FROM fixed_note_tickets t JOIN help_desk_connectors hc ON hc.id = t.connector_id WHERE t.note_id = $1 ORDER BY t.id`,
    [noteId],
  );
  return result.rows;
}
