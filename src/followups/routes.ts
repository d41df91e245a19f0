import { Router, type Request } from 'express';
import { requirePermission } from '../auth/middleware.ts';
import { actorName } from '../auth/principal.ts';
import { parseIfMatch } from '../cases/concurrency.ts';
import { parseCaseId } from '../cases/service.ts';
import type { AppContext } from '../context.ts';
import { parseInput } from '../http/validation.ts';
import { fixShippedBody, measurementBody } from './schemas.ts';
import { listCaseMeasurements, markFixShipped, measureNow } from './service.ts';

/** Fix shipped and measurements of a case: analysts and admins record them, anyone signed in reads them. */
export function followupRoutes(ctx: AppContext): Router {
  const router = Router();
  const caseId = (req: Request) => parseCaseId(String(req.params.id));

  router.post('/cases/:id/fix-shipped', requirePermission('editCases'), async (req, res) => {
    const id = caseId(req);
    const body = parseInput(fixShippedBody, req.body, 'fix shipped');
    const principal = req.principal!;
    const plan = await markFixShipped(ctx, id, {
      shippedAt: new Date(body.shippedAt),
      actor: actorName(principal),
      actorUserId: principal.userId,
      offsetsDays: body.offsetsDays,
      expectedVersion: parseIfMatch(req.get('if-match')),
    });
    res.set('ETag', `"${plan.version}"`).json(plan);
  });

  router.get('/cases/:id/measurements', requirePermission('readCases'), async (req, res) => {
    res.json(await listCaseMeasurements(ctx, caseId(req)));
  });

  router.post('/cases/:id/measurements', requirePermission('editCases'), async (req, res) => {
    const id = caseId(req);
    const body = parseInput(measurementBody, req.body, 'measurement');
    res.status(201).json(await measureNow(ctx, id, { ...body, createdBy: actorName(req.principal!) }));
  });
  return router;
}
