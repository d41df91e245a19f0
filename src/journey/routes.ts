import { Router } from 'express';
import { requirePermission } from '../auth/middleware.ts';
import type { AppContext } from '../context.ts';
import { parseInput } from '../http/validation.ts';
import {
  createPhaseBody,
  createTouchPointBody,
  journeyQuery,
  keyParam,
  placeTopicBody,
  reorderPhasesBody,
  updatePhaseBody,
  updateTouchPointBody,
} from './schemas.ts';
import * as service from './service.ts';
import { journeyView } from './view.ts';

/** The customer journey: its phases, touch points and topic places (analysts and admins edit), and the journey view. */
export function journeyRoutes(ctx: AppContext): Router {
  const router = Router();
  const read = requirePermission('readTaxonomy');
  const edit = requirePermission('manageJourney');

  router.get('/journey', requirePermission('readStats'), async (req, res) => {
    const query = parseInput(journeyQuery, req.query, 'query');
    res.json(await journeyView(ctx.pool, query, { timeZone: ctx.config.TZ_NAME, now: ctx.now(), minSample: ctx.config.SURVEY_MIN_SAMPLE }));
  });

  router.get('/journey/phases', read, async (_req, res) => {
    res.json({ phases: await service.listPhases(ctx.pool) });
  });
  router.post('/journey/phases', edit, async (req, res) => {
    const body = parseInput(createPhaseBody, req.body, 'phase');
    res.status(201).json(await service.createPhase(ctx.pool, body, ctx.now()));
  });
  router.post('/journey/phases/reorder', edit, async (req, res) => {
    const body = parseInput(reorderPhasesBody, req.body, 'order');
    res.json({ phases: await service.reorderPhases(ctx.pool, body.order) });
  });
  router.patch('/journey/phases/:key', edit, async (req, res) => {
    const { key } = parseInput(keyParam, req.params, 'phase key');
    const body = parseInput(updatePhaseBody, req.body, 'phase');
    res.json(await service.updatePhase(ctx.pool, key, body, ctx.now()));
  });
  router.delete('/journey/phases/:key', edit, async (req, res) => {
    const { key } = parseInput(keyParam, req.params, 'phase key');
    await service.deletePhase(ctx.pool, key);
    res.status(204).end();
  });

  router.post('/journey/phases/:key/touch-points', edit, async (req, res) => {
    const { key } = parseInput(keyParam, req.params, 'phase key');
    const body = parseInput(createTouchPointBody, req.body, 'touch point');
    res.status(201).json(await service.createTouchPoint(ctx.pool, key, body, ctx.now()));
  });
  router.patch('/journey/touch-points/:key', edit, async (req, res) => {
    const { key } = parseInput(keyParam, req.params, 'touch point key');
    const body = parseInput(updateTouchPointBody, req.body, 'touch point');
    res.json(await service.updateTouchPoint(ctx.pool, key, body, ctx.now()));
  });
  router.delete('/journey/touch-points/:key', edit, async (req, res) => {
    const { key } = parseInput(keyParam, req.params, 'touch point key');
    res.json(await service.deleteTouchPoint(ctx.pool, key));
  });

  router.get('/journey/topics', read, async (_req, res) => {
    res.json({ topics: await service.listTopicPlaces(ctx.pool) });
  });
  router.patch('/journey/topics/:key', edit, async (req, res) => {
    const { key } = parseInput(keyParam, req.params, 'topic key');
    const body = parseInput(placeTopicBody, req.body, 'place');
    res.json(await service.placeTopic(ctx.pool, key, body, ctx.now()));
  });
  router.delete('/journey/topics/:key', edit, async (req, res) => {
    const { key } = parseInput(keyParam, req.params, 'topic key');
    res.json(await service.placeTopic(ctx.pool, key, { phase: null }, ctx.now()));
  });
  return router;
}
