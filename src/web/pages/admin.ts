import { Router } from 'express';
import type { AppContext } from '../../context.ts';

/** The admin hub: topics and markets, API tokens, tracker connections, notification targets. */
export function adminPageRoutes(_ctx: AppContext): Router {
  const router = Router();
  return router;
}
