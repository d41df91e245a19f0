import { Router } from 'express';
import { requirePermission } from '../auth/middleware.ts';
import type { AppContext } from '../context.ts';
import { parseInput } from '../http/validation.ts';
import * as schemas from './schemas.ts';
import * as service from './service.ts';

/** Markets and topics: read by everyone signed in, changed by analysts and admins. */
export function taxonomyRoutes(ctx: AppContext): Router {
  const router = Router();
  const read = requirePermission('readTaxonomy');
  const manage = requirePermission('manageTaxonomy');
  const includeArchived = (query: unknown) => parseInput(schemas.listQuery, query, 'query').includeArchived === 'true';

  router.get('/markets', read, async (req, res) => {
    res.json({ markets: await service.listMarkets(ctx.pool, { includeArchived: includeArchived(req.query) }) });
  });
  router.post('/markets', manage, async (req, res) => {
    res.status(201).json(await service.createMarket(ctx.pool, parseInput(schemas.createMarketBody, req.body, 'market')));
  });
  router.patch('/markets/:key', manage, async (req, res) => {
    const body = parseInput(schemas.updateMarketBody, req.body, 'market update');
    res.json(await service.updateMarket(ctx.pool, String(req.params.key), body, ctx.now()));
  });
  router.post('/markets/:key/merge', manage, async (req, res) => {
    const { into } = parseInput(schemas.mergeBody, req.body, 'merge');
    res.json(await service.merge(ctx.pool, 'markets', { from: String(req.params.key), into, asOf: ctx.now() }));
  });

  router.get('/topics', read, async (req, res) => {
    res.json({ topics: await service.listTopics(ctx.pool, { includeArchived: includeArchived(req.query) }) });
  });
  router.post('/topics', manage, async (req, res) => {
    res.status(201).json(await service.createTopic(ctx.pool, parseInput(schemas.createTopicBody, req.body, 'topic')));
  });
  router.patch('/topics/:key', manage, async (req, res) => {
    const body = parseInput(schemas.updateTopicBody, req.body, 'topic update');
    res.json(await service.updateTopic(ctx.pool, String(req.params.key), body, ctx.now()));
  });
  router.post('/topics/:key/merge', manage, async (req, res) => {
    const { into } = parseInput(schemas.mergeBody, req.body, 'merge');
    res.json(await service.merge(ctx.pool, 'topics', { from: String(req.params.key), into, asOf: ctx.now() }));
  });

  router.post('/taxonomy', manage, async (req, res) => {
    res.json(await service.seed(ctx.pool, parseInput(schemas.seedBody, req.body, 'taxonomy')));
  });
  return router;
}
