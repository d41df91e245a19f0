import express, { Router } from 'express';
import { AppError } from './http/errors.ts';
import { requireToken } from './auth/middleware.ts';
import type { AppContext } from './context.ts';
import { errorHandler, notFoundHandler } from './http/errorHandler.ts';
import { requestLogger } from './http/requestContext.ts';
import { inquiryRoutes } from './inquiries/routes.ts';
import { opsRoutes } from './ops/routes.ts';
import { taxonomyRoutes } from './taxonomy/routes.ts';
import { caseRoutes } from './cases/routes.ts';
import { triageRoutes } from './cases/triageRoutes.ts';
import { spikeRoutes } from './detection/routes.ts';
import { userRoutes } from './users/routes.ts';
import { surveyRoutes } from './surveys/routes.ts';
import { journeyRoutes } from './journey/routes.ts';
import { notifyRoutes } from './notify/routes.ts';
import { webRoutes } from './web/router.ts';
import { followupRoutes } from './followups/routes.ts';
import { reportApiRoutes, reportPageRoutes } from './followups/report/routes.ts';
import { reportsRoutes } from './reports/routes.ts';
import { trackerRoutes, trackerWebhookRoutes } from './trackers/routes.ts';
import { connectorHookRoutes, connectorRoutes } from './inquiries/connectors/routes.ts';
import { fixedFeedRoutes, fixedNoteRoutes } from './fixes/routes.ts';

/**
 * A body the JSON parser skipped (a form, plain text) would reach a route as "no body" and be
 * answered "body: is required"; it is a 415 that says what to send. CSV imports check their own type.
 */
const jsonBodiesOnly: express.RequestHandler = (req, _res, next) => {
  const length = Number(req.get('content-length') ?? 0);
  const hasBody = length > 0 || req.get('transfer-encoding') !== undefined;
  if (!['POST', 'PUT', 'PATCH'].includes(req.method) || !hasBody || req.is('application/json') || req.is('text/csv')) return next();
  next(new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the body as JSON with "Content-Type: application/json" (got "${req.get('content-type') ?? 'none'}")`));
};

/** Builds the HTTP app without listening, so tests mount it with supertest. */
export function createApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestLogger(ctx.log));
  app.use(opsRoutes(ctx));

  const api = Router();
  api.use(requireToken(ctx));
  // Only JSON bodies are parsed here; the CSV import streams its body itself.
  api.use(express.json({ limit: ctx.config.BODY_LIMIT }));
  api.use(jsonBodiesOnly);
  api.use(inquiryRoutes(ctx));
  api.use(taxonomyRoutes(ctx));
  api.use(triageRoutes(ctx));
  api.use(caseRoutes(ctx));
  api.use(spikeRoutes(ctx));
  api.use(surveyRoutes(ctx));
  api.use(journeyRoutes(ctx));
  api.use(userRoutes(ctx));
  api.use(notifyRoutes(ctx));
  api.use(followupRoutes(ctx));
  api.use(reportApiRoutes(ctx));
  api.use(reportsRoutes(ctx));
  api.use(trackerRoutes(ctx));
  api.use(connectorRoutes(ctx));
  api.use(fixedNoteRoutes(ctx));
  api.use(notFoundHandler);
  // Trackers sign webhooks with a shared secret instead of a token, over the raw body.
  app.use(trackerWebhookRoutes(ctx));
  // Help desks sign with a shared secret too; mounted before the token-checked /api/v1.
  app.use(connectorHookRoutes(ctx));
  app.use('/api/v1', api);
  // The public feed of published fixed notes needs no sign-in.
  app.use(fixedFeedRoutes(ctx));
  app.use(reportPageRoutes(ctx));
  app.use(webRoutes(ctx));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
