import type { JobDefinition } from '../jobs/registry.ts';
import { drainOutbox } from './outbox.ts';
import { reconcileTrackers } from './reconcile.ts';

/** Writes owed to trackers; retries and backoff live in the outbox table, so they survive restarts. */
export const trackerOutboxJob: JobDefinition = {
  name: 'trackers-outbox',
  every: (ctx) => `${ctx.config.TRACKER_OUTBOX_SECONDS} seconds`,
  lockLifetimeMs: 10 * 60_000,
  async handle(ctx, _job, asOf) {
    const run = await drainOutbox(ctx, asOf);
    return run.written + run.retrying + run.failed > 0 ? 'done' : 'skipped';
  },
};

/** Catches what webhooks missed: issues updated since each connection's cursor. */
export const trackerReconcileJob: JobDefinition = {
  name: 'trackers-reconcile',
  every: (ctx) => `${ctx.config.RECONCILE_MINUTES} minutes`,
  lockLifetimeMs: 10 * 60_000,
  async handle(ctx, _job, asOf) {
    const run = await reconcileTrackers(ctx, asOf);
    return run.changed > 0 ? 'done' : 'skipped';
  },
};

export const trackerJobs: JobDefinition[] = [trackerOutboxJob, trackerReconcileJob];
