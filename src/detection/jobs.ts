import type { JobDefinition } from '../jobs/registry.ts';
import { catchUp } from './catchUp.ts';

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
    const result = await catchUp(ctx, asOf);
    if (!result) return 'skipped';
    ctx.log.info({ module: 'detection', ...result }, 'detection ran');
    return 'done';
  },
};
