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
 * A browser without a bearer token (signed in or not) is the web app's: it serves the same report
 * with the session, or sends the person to sign in. Everything else stays with the token route.
 */
const forWebApp = (req: Request) => !req.get('authorization') && Boolean(req.get('accept')?.includes('text/html'));

/**
 * `GET /reports/cases/:id` with `Authorization: Bearer`: the case report as an HTML page for API
 * clients and printers. A browser's request passes on to the web app's route of the same path.
 */
export function reportPageRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/reports/cases/:id', (req, _res, next) => next(forWebApp(req) ? 'route' : undefined), requireToken(ctx), requirePermission('readReports'), async (req, res) => {
    const { lang } = parseInput(reportQuery, req.query, 'query');
    const html = await renderCaseReportHtml(await buildCaseReport(ctx, caseId(req), lang));
    res.type('html').set('Content-Language', lang).send(html);
  });
  return router;
}
