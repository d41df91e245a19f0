import { planFollowups } from './plan.ts';
import { followupJobStates, rescheduleFollowupJob, syncFollowupJobs } from './queue.ts';
import * as repo from './repo.ts';
import type { FollowupContext } from './shared.ts';

/**
 * Keeps every waiting case's follow-up jobs equal to its plan: writes jobs that are missing (the
 * process stopped between committing a fix and writing its jobs), removes jobs of an older plan, and
 * runs a failed follow-up again. A follow-up already measured is left alone.
 */
export async function reconcileFollowups(ctx: FollowupContext, asOf: Date): Promise<{ cases: number; retried: number }> {
  let cases = 0;
  let retried = 0;
  for (const fix of await repo.listAwaitingFixes(ctx.pool)) {
    const plan = planFollowups(fix.fixDay, fix.offsetsDays, ctx.config.TZ_NAME);
    const measured = await repo.measuredFollowups(ctx.pool, fix.caseId);
    const pending = plan.filter((p) => !measured.has(repo.followupKey(p.offsetDays, p.asOf)));
    if (pending.length === 0) continue;
    cases++;
    await syncFollowupJobs(ctx.pool, fix.caseId, plan);
    const states = await followupJobStates(ctx.pool, fix.caseId);
    for (const followup of pending) {
      const job = states.get(repo.followupKey(followup.offsetDays, followup.asOf));
      if (job?.state !== 'failed' || followup.runAt > asOf) continue;
      await rescheduleFollowupJob(ctx.pool, { caseId: fix.caseId, offsetDays: followup.offsetDays, asOfDay: followup.asOf }, asOf);
      retried++;
    }
  }
  return { cases, retried };
}
