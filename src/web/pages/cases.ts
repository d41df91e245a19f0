import { Router } from 'express';
import type { AppContext } from '../../context.ts';
import { caseBoardRoutes } from './caseBoard.ts';
import { caseEditRoutes } from './caseEdits.ts';
import { caseMeasureRoutes } from './caseMeasure.ts';
import { caseWorkRoutes } from './caseWork.ts';

/** Cases: the board by status, the filterable list and the case page walking the method. */
export function casePageRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(caseBoardRoutes(ctx));
  router.use(caseEditRoutes(ctx));
  router.use(caseWorkRoutes(ctx));
  router.use(caseMeasureRoutes(ctx));
  return router;
}
