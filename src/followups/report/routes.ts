import { Router, type Request } from 'express';
import { requirePermission, requireToken } from '../../auth/middleware.ts';
import { parseCaseId } from '../../cases/service.ts';
import type { AppContext } from '../../context.ts';
import { parseInput } from '../../http/validation.ts';
import { reportQuery } from '../schemas.ts';
import { buildCaseReport } from './build.ts';
import { renderCaseReportHtml } from './render.ts';

const caseId = (req: Request) => parseCaseId(String(req.params.id));

/** `GET /api/v1/reports/cases/:id`: the case report as JSON (mounted inside the API, behind its token check). */
export function reportApiRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/reports/cases/:id', requirePermission('readReports'), async (req, res) => {
    const { lang } = parseInput(reportQuery, req.query, 'query');
    res.json(await buildCaseReport(ctx, caseId(req), lang));
  });
  return router;
}

/**
 * `GET /reports/cases/:id`: the case report as an HTML page for people and printers. It takes the
 * API's bearer token for now; the web app adds its session cookie in front of the same route.
 */
export function reportPageRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/reports/cases/:id', requireToken(ctx), requirePermission('readReports'), async (req, res) => {
    const { lang } = parseInput(reportQuery, req.query, 'query');
    const html = await renderCaseReportHtml(await buildCaseReport(ctx, caseId(req), lang));
    res.type('html').set('Content-Language', lang).send(html);
  });
  return router;
}
