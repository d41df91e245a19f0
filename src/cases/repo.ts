import type { Db } from '../db/database.ts';
import type { ActionStatus, CaseStatus, RootCause, Target } from './schemas.ts';

export interface CaseRow {
  id: number;
  title: string;
  status: CaseStatus;
  currentState: string;
  evidence: unknown;
  rootCauses: RootCause[];
  desiredState: string;
  target: Target | null;
  ownerUserId: number | null;
  team: string | null;
  priority: string;
  decision: string | null;
  droppedReason: string | null;
  version: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  topics: Array<{ key: string; name: string; id: number }>;
  markets: Array<{ key: string; name: string; id: number }>;
  spikeIds: number[];
}

const caseColumns = `c.id, c.title, c.status, c.current_state AS "currentState", c.evidence, c.root_causes AS "rootCauses",
  c.desired_state AS "desiredState", c.target, c.owner_user_id AS "ownerUserId", c.team, c.priority, c.decision,
  c.dropped_reason AS "droppedReason", c.version, c.created_by AS "createdBy", c.created_at AS "createdAt", c.updated_at AS "updatedAt",
  coalesce((SELECT json_agg(json_build_object('id', t.id, 'key', t.key, 'name', t.name) ORDER BY t.name)
            FROM case_topics ct JOIN topics t ON t.id = ct.topic_id WHERE ct.case_id = c.id), '[]') AS topics,
  coalesce((SELECT json_agg(json_build_object('id', m.id, 'key', m.key, 'name', m.name) ORDER BY m.name)
            FROM case_markets cm JOIN markets m ON m.id = cm.market_id WHERE cm.case_id = c.id), '[]') AS markets,
  coalesce((SELECT json_agg(cs.spike_id ORDER BY cs.spike_id) FROM case_spikes cs WHERE cs.case_id = c.id), '[]') AS "spikeIds"`;

export type NewCase = Pick<
  CaseRow,
  'title' | 'currentState' | 'evidence' | 'rootCauses' | 'desiredState' | 'target' | 'ownerUserId' | 'team' | 'priority' | 'decision' | 'createdBy'
> & { at: Date };

export async function insert(db: Db, input: NewCase): Promise<number> {
  const result = await db.query<{ id: number }>(
    `INSERT INTO cases (title, current_state, evidence, root_causes, desired_state, target, owner_user_id, team, priority, decision,
                        created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
    [
      input.title,
      input.currentState,
      JSON.stringify(input.evidence ?? null),
      JSON.stringify(input.rootCauses),
      input.desiredState,
      input.target === null ? null : JSON.stringify(input.target),
      input.ownerUserId,
      input.team,
      input.priority,
      input.decision,
      input.createdBy,
      input.at,
    ],
  );
  return result.rows[0]!.id;
}

export async function getById(db: Db, id: number, options: { forUpdate?: boolean } = {}): Promise<CaseRow | undefined> {
  if (options.forUpdate) await db.query('SELECT 1 FROM cases WHERE id = $1 FOR UPDATE', [id]);
  return (await db.query<CaseRow>(`SELECT ${caseColumns} FROM cases c WHERE c.id = $1`, [id])).rows[0];
}

export async function setTopics(db: Db, caseId: number, topicIds: number[]): Promise<void> {
  await db.query('DELETE FROM case_topics WHERE case_id = $1', [caseId]);
  await db.query('INSERT INTO case_topics (case_id, topic_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING', [caseId, topicIds]);
}

export async function setMarkets(db: Db, caseId: number, marketIds: number[]): Promise<void> {
  await db.query('DELETE FROM case_markets WHERE case_id = $1', [caseId]);
  await db.query('INSERT INTO case_markets (case_id, market_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING', [caseId, marketIds]);
}

/** Column of each editable field; values are written as given (JSON fields already serialised). */
const fieldColumns = {
  title: 'title',
  currentState: 'current_state',
  rootCauses: 'root_causes',
  desiredState: 'desired_state',
  target: 'target',
  ownerUserId: 'owner_user_id',
  team: 'team',
  priority: 'priority',
  decision: 'decision',
  status: 'status',
  droppedReason: 'dropped_reason',
} as const;
export type CaseField = keyof typeof fieldColumns;
const jsonFields: ReadonlySet<CaseField> = new Set(['rootCauses', 'target']);

/** Writes changed fields and bumps the version in one statement. */
export async function update(db: Db, caseId: number, changes: Partial<Record<CaseField, unknown>>, at: Date): Promise<void> {
  const entries = Object.entries(changes) as Array<[CaseField, unknown]>;
  const sets = entries.map(([field], i) => `${fieldColumns[field]} = $${i + 3}`);
  const values = entries.map(([field, value]) => (jsonFields.has(field) && value !== null ? JSON.stringify(value) : value));
  await db.query(`UPDATE cases SET ${[...sets, 'version = version + 1', 'updated_at = $2'].join(', ')} WHERE id = $1`, [caseId, at, ...values]);
}

export async function list(
  db: Db,
  filter: { statuses?: string[]; ownerUserId?: number; topicIds?: number[]; marketId?: number; q?: string; limit: number },
): Promise<CaseRow[]> {
  const result = await db.query<CaseRow>(
    `SELECT ${caseColumns} FROM cases c
     WHERE ($1::text[] IS NULL OR c.status = ANY($1))
       AND ($2::int IS NULL OR c.owner_user_id = $2)
       AND ($3::int[] IS NULL OR EXISTS (SELECT 1 FROM case_topics ct WHERE ct.case_id = c.id AND ct.topic_id = ANY($3)))
       AND ($4::int IS NULL OR EXISTS (SELECT 1 FROM case_markets cm WHERE cm.case_id = c.id AND cm.market_id = $4))
       AND ($5::text IS NULL OR concat_ws(' ', c.title, c.current_state, c.desired_state, c.root_causes::text) ILIKE '%' || $5 || '%')
     ORDER BY c.updated_at DESC, c.id DESC
     LIMIT $6`,
    [
      filter.statuses ?? null,
      filter.ownerUserId ?? null,
      filter.topicIds ?? null,
      filter.marketId ?? null,
      // The words are searched for as typed: % and _ are characters here, not wildcards.
      filter.q === undefined ? null : filter.q.replace(/[\\%_]/g, '\\$&'),
      filter.limit,
    ],
  );
  return result.rows;
}

export interface ActionRow {
  id: number;
  caseId: number;
  title: string;
  ownerUserId: number | null;
  dueDate: string | null;
  status: ActionStatus;
  position: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const actionColumns = `id, case_id AS "caseId", title, owner_user_id AS "ownerUserId", due_date AS "dueDate", status, position, version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function listActions(db: Db, caseId: number): Promise<ActionRow[]> {
  return (await db.query<ActionRow>(`SELECT ${actionColumns} FROM case_actions WHERE case_id = $1 ORDER BY position, id`, [caseId])).rows;
}

export async function getAction(db: Db, caseId: number, actionId: number, options: { forUpdate?: boolean } = {}): Promise<ActionRow | undefined> {
  const lock = options.forUpdate ? ' FOR UPDATE' : '';
  return (await db.query<ActionRow>(`SELECT ${actionColumns} FROM case_actions WHERE case_id = $1 AND id = $2${lock}`, [caseId, actionId])).rows[0];
}

export async function insertAction(
  db: Db,
  input: { caseId: number; title: string; ownerUserId: number | null; dueDate: string | null; status: ActionStatus; at: Date },
): Promise<number> {
  const result = await db.query<{ id: number }>(
    `INSERT INTO case_actions (case_id, title, owner_user_id, due_date, status, position, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, (SELECT coalesce(max(position), 0) + 1 FROM case_actions WHERE case_id = $1), $6, $6)
     RETURNING id`,
    [input.caseId, input.title, input.ownerUserId, input.dueDate, input.status, input.at],
  );
  return result.rows[0]!.id;
}

const actionFieldColumns = { title: 'title', ownerUserId: 'owner_user_id', dueDate: 'due_date', status: 'status' } as const;
export type ActionField = keyof typeof actionFieldColumns;

export async function updateAction(db: Db, actionId: number, changes: Partial<Record<ActionField, unknown>>, at: Date): Promise<void> {
  const entries = Object.entries(changes) as Array<[ActionField, unknown]>;
  const sets = entries.map(([field], i) => `${actionFieldColumns[field]} = $${i + 3}`);
  await db.query(`UPDATE case_actions SET ${[...sets, 'version = version + 1', 'updated_at = $2'].join(', ')} WHERE id = $1`, [
    actionId,
    at,
    ...entries.map(([, value]) => value),
  ]);
}

export interface CommentRow {
  id: number;
  author: string;
  authorUserId: number | null;
  body: string;
  createdAt: Date;
}

export async function insertComment(db: Db, input: { caseId: number; author: string; authorUserId: number | null; body: string; at: Date }): Promise<CommentRow> {
  const result = await db.query<CommentRow>(
    `INSERT INTO case_comments (case_id, author, author_user_id, body, created_at) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, author, author_user_id AS "authorUserId", body, created_at AS "createdAt"`,
    [input.caseId, input.author, input.authorUserId, input.body, input.at],
  );
  return result.rows[0]!;
}

export async function listComments(db: Db, caseId: number): Promise<CommentRow[]> {
  return (
    await db.query<CommentRow>(
      `SELECT id, author, author_user_id AS "authorUserId", body, created_at AS "createdAt" FROM case_comments WHERE case_id = $1 ORDER BY id`,
      [caseId],
    )
  ).rows;
}

export interface HistoryEntry {
  id: number;
  actionId: number | null;
  actor: string;
  actorUserId: number | null;
  at: Date;
  field: string;
  before: unknown;
  after: unknown;
}

export async function insertHistory(
  db: Db,
  entries: Array<{ caseId: number; actionId: number | null; actor: string; actorUserId: number | null; at: Date; field: string; before: unknown; after: unknown }>,
): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO case_history (case_id, action_id, actor, actor_user_id, at, field, before, after)
     SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::timestamptz[], $6::text[], $7::jsonb[], $8::jsonb[])`,
    [
      entries.map((e) => e.caseId),
      entries.map((e) => e.actionId),
      entries.map((e) => e.actor),
      entries.map((e) => e.actorUserId),
      entries.map((e) => e.at),
      entries.map((e) => e.field),
      entries.map((e) => (e.before === undefined ? null : JSON.stringify(e.before))),
      entries.map((e) => (e.after === undefined ? null : JSON.stringify(e.after))),
    ],
  );
}

export async function listHistory(db: Db, caseId: number): Promise<HistoryEntry[]> {
  return (
    await db.query<HistoryEntry>(
      `SELECT id, action_id AS "actionId", actor, actor_user_id AS "actorUserId", at, field, before, after
       FROM case_history WHERE case_id = $1 ORDER BY id`,
      [caseId],
    )
  ).rows;
}

/** The open case (not resolved or dropped) a spike already feeds, if any. */
export async function openCaseForSpike(db: Db, spikeId: number): Promise<number | undefined> {
  const result = await db.query<{ id: number }>(
    `SELECT c.id FROM case_spikes cs JOIN cases c ON c.id = cs.case_id
     WHERE cs.spike_id = $1 AND c.status NOT IN ('resolved', 'dropped') LIMIT 1`,
    [spikeId],
  );
  return result.rows[0]?.id;
}

export async function linkSpike(db: Db, caseId: number, spikeId: number, at: Date): Promise<void> {
  await db.query(`INSERT INTO case_spikes (case_id, spike_id, linked_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [caseId, spikeId, at]);
}

/** Cases not resolved or dropped, with their topics' ids; with a market, only cases in that market. */
export async function listOpenWithTopicIds(db: Db, filter: { marketId?: number } = {}): Promise<Array<{ id: number; title: string; status: CaseStatus; topicIds: number[] }>> {
  const result = await db.query<{ id: number; title: string; status: CaseStatus; topicIds: number[] }>(
    `SELECT c.id, c.title, c.status, coalesce(array_agg(ct.topic_id ORDER BY ct.topic_id) FILTER (WHERE ct.topic_id IS NOT NULL), '{}') AS "topicIds"
     FROM cases c LEFT JOIN case_topics ct ON ct.case_id = c.id
     WHERE c.status NOT IN ('resolved', 'dropped')
       AND ($1::int IS NULL OR EXISTS (SELECT 1 FROM case_markets cm WHERE cm.case_id = c.id AND cm.market_id = $1))
     GROUP BY c.id ORDER BY c.id`,
    [filter.marketId ?? null],
  );
  return result.rows;
}
