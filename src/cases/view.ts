import type { Db } from '../db/database.ts';
import { getUsersByIds, type User } from '../users/service.ts';
import type { ActionRow, CaseRow } from './repo.ts';
import * as repo from './repo.ts';
import { missingForReady, TRANSITIONS } from './workflow.ts';

export const caseKey = (id: number) => `PP-${id}`;

type Person = Pick<User, 'id' | 'name' | 'email'> | null;

export interface ActionView {
  id: number;
  title: string;
  owner: Person;
  dueDate: string | null;
  status: ActionRow['status'];
  position: number;
  version: number;
}

export interface CaseView {
  id: number;
  key: string;
  title: string;
  status: CaseRow['status'];
  topics: Array<{ key: string; name: string }>;
  markets: Array<{ key: string; name: string }>;
  /** The spikes the case was opened from or gathered. */
  spikeIds: number[];
  currentState: string;
  evidence: unknown;
  rootCauses: CaseRow['rootCauses'];
  desiredState: string;
  target: CaseRow['target'];
  owner: Person;
  team: string | null;
  priority: string;
  decision: string | null;
  droppedReason: string | null;
  version: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  actions: ActionView[];
  /** What the case still needs before `ready`, and where it may go next. */
  readiness: { ready: boolean; missing: string[] };
  nextStatuses: readonly string[];
}

function person(users: Map<number, User>, id: number | null): Person {
  const user = id === null ? undefined : users.get(id);
  return user ? { id: user.id, name: user.name, email: user.email } : null;
}

export function liveActionCount(actions: ActionRow[]): number {
  return actions.filter((a) => a.status !== 'dropped').length;
}

/** Cases as the API shows them, with owners, actions and readiness resolved. */
export async function toViews(db: Db, rows: CaseRow[]): Promise<CaseView[]> {
  const actionsByCase = new Map<number, ActionRow[]>();
  for (const row of rows) actionsByCase.set(row.id, await repo.listActions(db, row.id));
  const userIds = new Set<number>();
  for (const row of rows) if (row.ownerUserId) userIds.add(row.ownerUserId);
  for (const actions of actionsByCase.values()) for (const a of actions) if (a.ownerUserId) userIds.add(a.ownerUserId);
  const users = new Map((await getUsersByIds(db, [...userIds])).map((u) => [u.id, u]));

  return rows.map((row) => {
    const actions = actionsByCase.get(row.id) ?? [];
    const missing = missingForReady({ ...row, ownerId: row.ownerUserId, liveActions: liveActionCount(actions) });
    return {
      id: row.id,
      key: caseKey(row.id),
      title: row.title,
      status: row.status,
      topics: row.topics.map(({ key, name }) => ({ key, name })),
      markets: row.markets.map(({ key, name }) => ({ key, name })),
      spikeIds: row.spikeIds,
      currentState: row.currentState,
      evidence: row.evidence,
      rootCauses: row.rootCauses,
      desiredState: row.desiredState,
      target: row.target,
      owner: person(users, row.ownerUserId),
      team: row.team,
      priority: row.priority,
      decision: row.decision,
      droppedReason: row.droppedReason,
      version: row.version,
      createdBy: row.createdBy,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      actions: actions.map((a) => ({
        id: a.id,
        title: a.title,
        owner: person(users, a.ownerUserId),
        dueDate: a.dueDate,
        status: a.status,
        position: a.position,
        version: a.version,
      })),
      readiness: { ready: missing.length === 0, missing },
      nextStatuses: TRANSITIONS[row.status],
    };
  });
}

export async function toView(db: Db, row: CaseRow): Promise<CaseView> {
  return (await toViews(db, [row]))[0]!;
}
