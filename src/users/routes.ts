import { Router } from 'express';
import { requirePermission } from '../auth/middleware.ts';
import type { AppContext } from '../context.ts';
import * as service from './service.ts';

/** People who can own cases and actions: anyone signed in lists them, admins add them. */
export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/users', requirePermission('readCases'), async (_req, res) => {
    res.json({ users: await service.listUsers(ctx.pool) });
  });
  router.post('/users', requirePermission('manageUsers'), async (req, res) => {
    res.status(201).json(await service.createUser(ctx.pool, req.body));
  });
  return router;
}
