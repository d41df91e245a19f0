import type { JobDefinition } from '../jobs/registry.ts';
import { catchUp } from './catchUp.ts';

const RUN_BUDGET_MS = 4 * 60_000;

/**
 * Keeps spikes current: a few minutes after midnight in TZ_NAME it judges the day that just ended,
 * and after an import or deletion that touched past days it judges them again. Polling a marker
 * instead of a cron means a worker that was down catches up on its own.
 */
export const detectionJob: JobDefinition = {
  name: 'detection-catch-up',
  every: (ctx) => `${ctx.config.DETECTION_EVERY_MINUTES} minutes`,
  lockLifetimeMs: 30 * 60_000,
  async handle(ctx, _job, asOf) {
    // Chunk after chunk while there is work, for a few minutes at most: a back-filled year is
    // judged within the hour without one run holding the lock for all of it.
    const started = Date.now();
    let ran = false;
    for (let result = await catchUp(ctx, asOf); result; result = Date.now() - started < RUN_BUDGET_MS ? await catchUp(ctx, asOf) : undefined) {
      ran = true;
      ctx.log.info({ module: 'detection', ...result }, 'detection ran');
    }
    return ran ? 'done' : 'skipped';
  },
};
