import { Router } from 'express';
import { requirePermission } from '../auth/middleware.ts';
import type { AppContext } from '../context.ts';
import { parseInput } from '../http/validation.ts';
import { triageQuery, triageReport } from './triage.ts';

/** Gome's triage of the cases; mounted before the case routes, so "triage" is never read as a case id. */
export function triageRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/cases/triage', requirePermission('readCases'), async (req, res) => {
    const query = parseInput(triageQuery, req.query, 'query');
    res.json(await triageReport(ctx.pool, query, { timeZone: ctx.config.TZ_NAME }));
  });
  return router;
}
