import { hostname } from 'node:os';
import type { JobDefinition } from '../jobs/registry.ts';
import * as repo from './repo.ts';

/** Proves the worker runs: writes one row per beat and keeps the last hundred. */
export const heartbeatJob: JobDefinition = {
  name: 'heartbeat',
  every: (ctx) => `${ctx.config.HEARTBEAT_EVERY_SECONDS} seconds`,
  lockLifetimeMs: 60_000,
  async handle(ctx, _job, asOf) {
    await repo.recordHeartbeat(ctx.pool, { worker: `${hostname()}:${process.pid}`, at: asOf });
    return 'done';
  },
};
