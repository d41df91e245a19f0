import { Router } from 'express';
import type { AppContext } from '../../context.ts';

/** Reports for leadership: the case report in the app and the portfolio report. */
export function reportsPageRoutes(_ctx: AppContext): Router {
  const router = Router();
  return router;
}
