import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { pendingMigrationCount } from '../db/migrate.ts';
import * as repo from './repo.ts';

/** Liveness (the process answers) and readiness (the database answers and is fully migrated). */
export function opsRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    try {
      await repo.ping(ctx.pool);
      const pending = await pendingMigrationCount(ctx.pool);
      const heartbeat = await repo.lastHeartbeat(ctx.pool);
      const body = { database: ctx.dbKind, pendingMigrations: pending, lastHeartbeatAt: heartbeat?.beatAt ?? null };
      res.status(pending === 0 ? 200 : 503).json({ status: pending === 0 ? 'ready' : 'migrations pending', ...body });
    } catch (error) {
      req.log?.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'database unavailable', database: ctx.dbKind });
    }
  });
  return router;
}
