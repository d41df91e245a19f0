import type { JobDefinition } from '../jobs/registry.ts';
import { deliverDue, queueDigests, queueSpikeNotices } from './service.ts';

/** Writes the spike messages owed; sending is the delivery job's, so a slow receiver never holds this up. */
export const spikeNoticesJob: JobDefinition = {
  name: 'notify-spikes',
  every: (ctx) => `${ctx.config.NOTIFY_SCAN_SECONDS} seconds`,
  lockLifetimeMs: 5 * 60_000,
  async handle(ctx, _job, asOf) {
    const { queued } = await queueSpikeNotices(ctx, asOf);
    return queued > 0 ? 'done' : 'skipped';
  },
};

/** Sends what is due; retries and backoff live in the deliveries table, not in Agenda, so they survive restarts. */
export const deliveriesJob: JobDefinition = {
  name: 'notify-deliver',
  every: (ctx) => `${ctx.config.NOTIFY_SCAN_SECONDS} seconds`,
  lockLifetimeMs: 5 * 60_000,
  async handle(ctx, _job, asOf) {
    const run = await deliverDue(ctx, asOf);
    return run.sent + run.retrying + run.failed > 0 ? 'done' : 'skipped';
  },
};

/** The digest on DIGEST_CRON, read in the organisation's time zone (Monday and Thursday 08:00 by default). */
export const digestJob: JobDefinition = {
  name: 'notify-digest',
  every: (ctx) => ctx.config.DIGEST_CRON,
  timezone: (ctx) => ctx.config.TZ_NAME,
  lockLifetimeMs: 10 * 60_000,
  async handle(ctx, _job, asOf) {
    const { queued } = await queueDigests(ctx, asOf);
    return queued > 0 ? 'done' : 'skipped';
  },
};

export const notifyJobs: JobDefinition[] = [spikeNoticesJob, deliveriesJob, digestJob];
