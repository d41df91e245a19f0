import { Router } from 'express';
import type { AppContext } from '../../context.ts';

/** The customer journey page: where in the journey it pinches. */
export function journeyPageRoutes(_ctx: AppContext): Router {
  const router = Router();
  return router;
}
