import { Router } from 'express';
import { requirePermission } from '../auth/middleware.ts';
import type { AppContext } from '../context.ts';
import { parseInput } from '../http/validation.ts';
import { portfolioQuery } from './schemas.ts';
import { portfolioReport } from './service.ts';

/** `GET /api/v1/reports/portfolio?from&to&market`: the portfolio report as JSON (inside the API, behind its token check). */
export function reportsRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/reports/portfolio', requirePermission('readReports'), async (req, res) => {
    const query = parseInput(portfolioQuery, req.query, 'query');
    res.json(await portfolioReport(ctx.pool, query, { timeZone: ctx.config.TZ_NAME, now: ctx.now() }));
  });
  return router;
}
