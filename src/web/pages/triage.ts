import { Router } from 'express';
import type { AppContext } from '../../context.ts';

/** Triage at /cases/triage: cases by decision (now, later, discuss) and outcome, with counts. */
export function triagePageRoutes(_ctx: AppContext): Router {
  const router = Router();
  return router;
}
