import type { JobDefinition } from '../jobs/registry.ts';
import { drainTicketOutbox } from './helpdesk.ts';

/** Tags the help-desk tickets behind published fixed notes; retries and backoff live in the outbox table. */
export const fixesHelpdeskJob: JobDefinition = {
  name: 'fixes-helpdesk',
  every: (ctx) => `${ctx.config.FIXES_OUTBOX_SECONDS} seconds`,
  lockLifetimeMs: 10 * 60_000,
  async handle(ctx, _job, asOf) {
    const run = await drainTicketOutbox(ctx, asOf);
    return run.done + run.retry + run.failed > 0 ? 'done' : 'skipped';
  },
};

export const fixesJobs: JobDefinition[] = [fixesHelpdeskJob];
