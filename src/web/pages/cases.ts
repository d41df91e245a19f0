import { Router } from 'express';
import type { AppContext } from '../../context.ts';

/** Cases: the board by status, the filterable list and the case page walking the method. */
export function casePageRoutes(_ctx: AppContext): Router {
  const router = Router();
  return router;
}
