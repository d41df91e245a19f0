import { moveCaseStatus, recordCaseChanges } from '../cases/automation.ts';
import { assertVersion } from '../cases/concurrency.ts';
import { getCase, mustGetCase } from '../cases/service.ts';
import { caseKey } from '../cases/view.ts';
import { TRANSITIONS } from '../cases/workflow.ts';
import { withTransaction } from '../db/transaction.ts';
import { AppError } from '../http/errors.ts';
import { dayOf } from '../time.ts';
import { planFollowups, type PlannedFollowup } from './plan.ts';
import { followupPlan, type FollowupPlan } from './planView.ts';
import { syncFollowupJobs } from './queue.ts';
import * as repo from './repo.ts';
import { AWAITING_FOLLOWUP, type FollowupContext } from './shared.ts';

export interface FixShippedInput {
  shippedAt: Date;
  /** Who says so, for the history: a person's name, or e.g. "tracker-sync". */
  actor: string;
  actorUserId?: number | null;
  /** This case's own follow-up days; default: the case's earlier plan, else FOLLOWUP_OFFSETS_DAYS. */
  offsetsDays?: number[] | undefined;
  /** The case version the caller saw (If-Match); omit to skip the check. */
  expectedVersion?: number | undefined;
}

/** A little clock skew between a tracker and us is fine; a fix shipped tomorrow is not. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * Records that a case's fix shipped and plans its follow-ups. From `in_progress` the case moves to
 * `fix_shipped`; in `fix_shipped` or `verifying` the fix is re-dated and the follow-ups re-planned
 * (old jobs removed, new ones scheduled); any other status is a 409. Calling it again with the same
 * date changes nothing and leaves exactly one job per follow-up. Jobs are written after the commit;
 * if that fails, the hourly reconcile job writes them.
 */
export async function markFixShipped(ctx: FollowupContext, caseId: number, input: FixShippedInput): Promise<FollowupPlan> {
  const at = ctx.now();
  if (Number.isNaN(input.shippedAt.getTime())) throw new AppError('INVALID_INPUT', 'shippedAt is not a valid time');
  if (input.shippedAt.getTime() > at.getTime() + FUTURE_TOLERANCE_MS) {
    throw new AppError('UNPROCESSABLE', `shippedAt ${input.shippedAt.toISOString()} is in the future; record a fix once it has shipped`);
  }
  const offsetsDays = input.offsetsDays ? normaliseOffsets(input.offsetsDays) : undefined;
  const fix = await withTransaction(ctx.pool, async (tx) => {
    const row = await mustGetCase(tx, caseId, { forUpdate: true });
    if (input.expectedVersion !== undefined && input.expectedVersion !== row.version) {
      assertVersion(input.expectedVersion, row.version, 'case', await getCase(tx, caseId));
    }
    const by = { actor: input.actor, actorUserId: input.actorUserId ?? null, at };
    const existing = await repo.getFix(tx, caseId);
    if (row.status === 'in_progress') {
      const problems = await moveCaseStatus(tx, row, { to: 'fix_shipped' }, by);
      if (problems.length > 0) throw new AppError('CONFLICT', `${caseKey(caseId)} cannot move to fix_shipped: missing ${problems.join(', ')}`, { missing: problems });
    } else if (!AWAITING_FOLLOWUP.includes(row.status)) {
      throw new AppError(
        'CONFLICT',
        `${caseKey(caseId)} is ${row.status}: a fix ships from in_progress (and may be re-dated while fix_shipped or verifying)`,
        { status: row.status, nextStatuses: TRANSITIONS[row.status] },
      );
    }
    const next = {
      shippedAt: input.shippedAt,
      fixDay: dayOf(input.shippedAt, ctx.config.TZ_NAME),
      offsetsDays: offsetsDays ?? existing?.offsetsDays ?? [...ctx.config.FOLLOWUP_OFFSETS_DAYS],
    };
    const changes = [
      ...(existing?.shippedAt.getTime() === next.shippedAt.getTime() ? [] : [{ field: 'shippedAt', before: existing?.shippedAt ?? null, after: next.shippedAt }]),
      ...(sameDays(existing?.offsetsDays, next.offsetsDays) ? [] : [{ field: 'followupOffsetsDays', before: existing?.offsetsDays ?? null, after: next.offsetsDays }]),
    ];
    if (changes.length > 0) {
      await repo.upsertFix(tx, { caseId, ...next, setBy: input.actor, at });
      await recordCaseChanges(tx, caseId, changes, by);
    }
    return next;
  });
  const plan = planFollowups(fix.fixDay, fix.offsetsDays, ctx.config.TZ_NAME);
  await scheduleQuietly(ctx, caseId, plan);
  ctx.log.info({ module: 'followups', caseId, fixDay: fix.fixDay, followups: plan.map((p) => p.asOf) }, 'follow-ups planned');
  return followupPlan(ctx, caseId);
}

async function scheduleQuietly(ctx: FollowupContext, caseId: number, plan: PlannedFollowup[]): Promise<void> {
  try {
    await syncFollowupJobs(ctx.pool, caseId, plan);
  } catch (error) {
    // The plan is committed; the reconcile job turns it into jobs within the hour.
    ctx.log.error({ module: 'followups', caseId, err: error }, 'could not schedule follow-up jobs; the reconcile job will');
  }
}

function normaliseOffsets(days: number[]): number[] {
  const unique = [...new Set(days)].sort((a, b) => a - b);
  if (unique.length === 0 || unique.length > 10 || unique.some((d) => !Number.isInteger(d) || d < 1 || d > 365)) {
    throw new AppError('INVALID_INPUT', `offsetsDays must be 1 to 10 whole days from 1 to 365 (got ${JSON.stringify(days)})`);
  }
  return unique;
}

const sameDays = (a: number[] | undefined, b: number[]) => a !== undefined && a.length === b.length && a.every((d, i) => d === b[i]);
