import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import * as taxonomy from '../taxonomy/service.ts';
import { taxonomyKey } from '../taxonomy/schemas.ts';
import { isValidDay } from '../time.ts';
import { DECISIONS, type CaseStatus } from './schemas.ts';
import * as repo from './triageRepo.ts';
import { caseKey } from './view.ts';

export type Decision = (typeof DECISIONS)[number];
/** The decision groups of the view: Gome's three, and cases nobody has decided on yet. */
export const DECISION_GROUPS = ['now', 'later', 'discuss', 'none'] as const;
export type DecisionGroup = (typeof DECISION_GROUPS)[number];

/** Gome's four outcomes, in the order of its sentence, and the dropped cases kept beside them. */
export const OUTCOMES = ['solved', 'being_improved', 'scheduled_later', 'to_discuss'] as const;
export type CountedOutcome = (typeof OUTCOMES)[number];
export type Outcome = CountedOutcome | 'dropped';
export const ALL_OUTCOMES: readonly Outcome[] = [...OUTCOMES, 'dropped'];

/** Work on the fix has started and not yet ended: FINN's refined case accepted (`ready`) up to measuring it (`verifying`). */
export const WORK_UNDER_WAY: readonly CaseStatus[] = ['ready', 'in_progress', 'fix_shipped', 'verifying'];

/**
 * The one place a case's triage outcome is decided. The status is what happened, the decision what
 * was planned, so the status is read first:
 * - `resolved` is **solved**, whatever was decided.
 * - `dropped` (a case closed or rejected without a fix) is **dropped**: it is neither solved nor
 *   waiting, so it is counted beside Gome's four outcomes, never inside them; Gome's 135 were the
 *   suggestions still worth acting on.
 * - Work under way (`ready` … `verifying`) is **being improved**, whatever the decision says: a team
 *   is building or measuring the fix. The decision × outcome table shows such a case under its stale
 *   decision, where it stands out.
 * - Any other open case (`new`, `refining`, `reopened`) follows its decision: `now` is **being
 *   improved** (refining is the first part of the work in FINN's method), `later` is **scheduled
 *   later**, and `discuss` or no decision is **to discuss**.
 */
export function outcomeOf(status: CaseStatus, decision: Decision | null): Outcome {
  if (status === 'resolved') return 'solved';
  if (status === 'dropped') return 'dropped';
  if (WORK_UNDER_WAY.includes(status) || decision === 'now') return 'being_improved';
  if (decision === 'later') return 'scheduled_later';
  return 'to_discuss';
}

export const OUTCOME_METHOD =
  'resolved → solved; dropped → dropped (counted beside the four outcomes, not in total); ready, in_progress, fix_shipped and verifying → being_improved whatever the decision; otherwise (new, refining, reopened) decision now → being_improved, later → scheduled_later, discuss or none → to_discuss.';

const day = z.string().trim().refine(isValidDay, 'must be a date (YYYY-MM-DD)');
export const triageQuery = z
  .object({ from: day.optional(), to: day.optional(), market: taxonomyKey.optional(), topic: taxonomyKey.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be before from', path: ['to'] });
export type TriageQuery = z.infer<typeof triageQuery>;

export type OutcomeCounts = Record<Outcome, number> & { total: number };

export interface TriageCase {
  id: number;
  key: string;
  title: string;
  status: CaseStatus;
  decision: Decision | null;
  outcome: Outcome;
  version: number;
  owner: string | null;
  markets: Array<{ key: string; name: string }>;
  createdAt: Date;
  updatedAt: Date;
}

export interface TriageReport {
  filters: { from: string | null; to: string | null; market: string | null; topic: string | null };
  /** Cases in Gome's four outcomes (dropped cases are not in it). */
  total: number;
  outcomes: Record<Outcome, number>;
  byDecision: Array<{ decision: DecisionGroup; counts: OutcomeCounts }>;
  cases: TriageCase[];
  method: string;
}

const emptyCounts = (): OutcomeCounts => ({ solved: 0, being_improved: 0, scheduled_later: 0, to_discuss: 0, dropped: 0, total: 0 });

async function resolveKey(db: Db, table: 'markets' | 'topics', key: string): Promise<number> {
  const id = (await taxonomy.resolveKeys(db, table, [key])).get(key);
  if (id === undefined) throw new AppError('INVALID_INPUT', `${table === 'markets' ? 'market' : 'topic'}: unknown ${table === 'markets' ? 'market' : 'topic'} "${key}"`);
  return id;
}

/**
 * Gome's triage of the cases opened in a period (days in `timeZone`, inclusive; all time without
 * one), in a market or topic (sub-topics included): counts by outcome and by decision × outcome,
 * and every case with its outcome. Outcomes are as of now; the period chooses cases, not a date.
 */
export async function triageReport(db: Db, query: TriageQuery, options: { timeZone: string }): Promise<TriageReport> {
  const marketId = query.market ? await resolveKey(db, 'markets', query.market) : undefined;
  const topicIds = query.topic ? await taxonomy.subtreeIdsOf(db, await resolveKey(db, 'topics', query.topic)) : undefined;
  const rows = await repo.listForTriage(db, {
    timeZone: options.timeZone,
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(marketId !== undefined ? { marketId } : {}),
    ...(topicIds ? { topicIds } : {}),
  });
  const overall = emptyCounts();
  const byDecision = new Map(DECISION_GROUPS.map((group) => [group, emptyCounts()]));
  const cases = rows.map((row): TriageCase => {
    const outcome = outcomeOf(row.status, row.decision);
    for (const counts of [overall, byDecision.get(row.decision ?? 'none')!]) {
      counts[outcome] += 1;
      if (outcome !== 'dropped') counts.total += 1;
    }
    return {
      id: row.id,
      key: caseKey(row.id),
      title: row.title,
      status: row.status,
      decision: row.decision,
      outcome,
      version: row.version,
      owner: row.ownerName,
      markets: row.markets,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  });
  const { total, ...outcomes } = overall;
  return {
    filters: { from: query.from ?? null, to: query.to ?? null, market: query.market ?? null, topic: query.topic ?? null },
    total,
    outcomes,
    byDecision: DECISION_GROUPS.map((decision) => ({ decision, counts: byDecision.get(decision)! })),
    cases,
    method: OUTCOME_METHOD,
  };
}
