import { Router } from 'express';
import type { AppContext } from '../../context.ts';

/** "What we fixed": fixed notes for agents, their approval, and the public Atom feed. */
export function fixedPageRoutes(_ctx: AppContext): Router {
  const router = Router();
  return router;
}
