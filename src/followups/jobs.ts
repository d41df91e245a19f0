import type { JobDefinition } from '../jobs/registry.ts';
import { runScheduledFollowup } from './followup.ts';
import { FOLLOWUP_JOB, followupJobData } from './queue.ts';
import { reconcileFollowups } from './reconcile.ts';

/** One scheduled follow-up; written by `markFixShipped` for each offset, run once its day is over. */
export const followupMeasureJob: JobDefinition = {
  name: FOLLOWUP_JOB,
  lockLifetimeMs: 10 * 60_000,
  async handle(ctx, job, asOf) {
    return runScheduledFollowup(ctx, followupJobData.parse(job.attrs.data), asOf);
  },
};

/** Hourly: the jobs of every waiting case match its plan, and a failed follow-up runs again. */
export const followupReconcileJob: JobDefinition = {
  name: 'followup-reconcile',
  every: () => '60 minutes',
  lockLifetimeMs: 10 * 60_000,
  async handle(ctx, _job, asOf) {
    const { cases, retried } = await reconcileFollowups(ctx, asOf);
    if (cases > 0) ctx.log.info({ module: 'followups', cases, retried }, 'follow-up jobs reconciled');
    return cases > 0 ? 'done' : 'skipped';
  },
};

export const followupJobs: JobDefinition[] = [followupMeasureJob, followupReconcileJob];
