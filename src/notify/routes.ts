import { Router } from 'express';
import { requirePermission } from '../auth/middleware.ts';
import type { AppContext } from '../context.ts';
import { parseInput } from '../http/validation.ts';
import { createTargetBody, idParam, listDeliveriesQuery, updateTargetBody } from './schemas.ts';
import * as service from './service.ts';

/** Notification targets and their deliveries: admins only, since a webhook URL is a secret. */
export function notifyRoutes(ctx: AppContext): Router {
  const router = Router();
  const manage = requirePermission('manageNotifications');
  router.get('/notification-targets', manage, async (_req, res) => {
    res.json({ targets: await service.listTargets(ctx.pool) });
  });
  router.post('/notification-targets', manage, async (req, res) => {
    const body = parseInput(createTargetBody, req.body, 'notification target');
    res.status(201).json(await service.createTarget(ctx.pool, body, ctx.now()));
  });
  router.patch('/notification-targets/:id', manage, async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'target id');
    const body = parseInput(updateTargetBody, req.body, 'notification target');
    res.json(await service.updateTarget(ctx.pool, id, body, ctx.now()));
  });
  router.delete('/notification-targets/:id', manage, async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'target id');
    res.json(await service.deactivateTarget(ctx.pool, id, ctx.now()));
  });
  router.post('/notification-targets/:id/test', manage, async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'target id');
    res.json(await service.sendTestMessage(ctx, id, ctx.now()));
  });
  router.get('/notification-deliveries', manage, async (req, res) => {
    res.json({ deliveries: await service.listDeliveries(ctx.pool, parseInput(listDeliveriesQuery, req.query, 'query')) });
  });
  router.post('/notification-deliveries/:id/retry', manage, async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'delivery id');
    res.json(await service.retryDelivery(ctx.pool, id, ctx.now()));
  });
  return router;
}
