import express, { Router } from 'express';
import { requirePermission } from '../../auth/middleware.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import { parseInput } from '../../http/validation.ts';
import * as connectors from './connectors.ts';
import { queueSyncNow } from './queue.ts';
import { reapplyRules } from './reapply.ts';
import { getConnectorByName } from './repo.ts';
import * as rules from './rulesService.ts';
import { connectorParams, createConnectorBody, createRuleBody, ruleParams, unmappedQuery, updateConnectorBody, updateRuleBody } from './schemas.ts';
import { ConnectorConfigError } from './secrets.ts';
import { unmappedReport } from './unmapped.ts';
import { receiveGenericHook } from './webhook/receive.ts';
import { receiveZendeskHook } from './zendesk/webhook.ts';

/** Help-desk connectors, their mapping rules and unmapped tickets (admins: connectors name secrets). */
export function connectorRoutes(ctx: AppContext): Router {
  const router = Router();
  const manage = requirePermission('manageConnectors');
  const nameOf = (params: unknown) => parseInput(connectorParams, params, 'connector').name;

  router.get('/connectors', manage, async (_req, res) => {
    res.json({ connectors: await connectors.listConnectors(ctx) });
  });
  router.post('/connectors', manage, async (req, res) => {
    const body = parseInput(createConnectorBody, req.body, 'connector', 'UNPROCESSABLE');
    res.status(201).json(await connectors.createConnector(ctx, body, ctx.now()));
  });
  router.get('/connectors/:name', manage, async (req, res) => {
    const connector = await connectors.mustGetConnector(ctx.pool, nameOf(req.params));
    res.json({ ...connectors.viewOf(ctx, connector), rules: await rules.listRules(ctx.pool, connector.name) });
  });
  router.patch('/connectors/:name', manage, async (req, res) => {
    const body = parseInput(updateConnectorBody, req.body, 'connector', 'UNPROCESSABLE');
    res.json(await connectors.updateConnector(ctx, nameOf(req.params), body, ctx.now()));
  });

  router.get('/connectors/:name/rules', manage, async (req, res) => {
    res.json({ rules: await rules.listRules(ctx.pool, nameOf(req.params)) });
  });
  router.post('/connectors/:name/rules', manage, async (req, res) => {
    const body = parseInput(createRuleBody, req.body, 'rule', 'UNPROCESSABLE');
    res.status(201).json(await rules.createRule(ctx, nameOf(req.params), body, ctx.now()));
  });
  router.patch('/connectors/:name/rules/:ruleId', manage, async (req, res) => {
    const { name, ruleId } = parseInput(ruleParams, req.params, 'rule');
    const body = parseInput(updateRuleBody, req.body, 'rule', 'UNPROCESSABLE');
    res.json(await rules.updateRule(ctx, name, ruleId, body, ctx.now()));
  });
  router.delete('/connectors/:name/rules/:ruleId', manage, async (req, res) => {
    const { name, ruleId } = parseInput(ruleParams, req.params, 'rule');
    await rules.deleteRule(ctx, name, ruleId);
    res.status(204).end();
  });

  router.get('/connectors/:name/unmapped', manage, async (req, res) => {
    res.json(await unmappedReport(ctx.pool, nameOf(req.params), parseInput(unmappedQuery, req.query, 'query')));
  });
  router.post('/connectors/:name/reapply', manage, async (req, res) => {
    const connector = await connectors.mustGetConnector(ctx.pool, nameOf(req.params));
    res.json(await reapplyRules(ctx, connector, ctx.now()));
  });
  router.post('/connectors/:name/sync', manage, async (req, res) => {
    const connector = await connectors.mustGetConnector(ctx.pool, nameOf(req.params));
    if (connector.kind !== 'zendesk') throw new AppError('CONFLICT', `Connector "${connector.name}" is a generic webhook; only Zendesk connectors are read by sync`);
    if (!connector.active) throw new AppError('CONFLICT', `Connector "${connector.name}" is not active`);
    await queueSyncNow(ctx.pool, connector.id);
    res.status(202).json({ queued: true, connector: connector.name });
  });
  return router;
}

/**
 * `POST /api/v1/hooks/:connector`, outside the bearer-token API: help desks sign with a shared
 * secret instead. The body stays raw, since the signature is over those exact bytes.
 */
export function connectorHookRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post('/api/v1/hooks/:connector', express.raw({ type: () => true, limit: ctx.config.BODY_LIMIT }), async (req, res) => {
    const name = String(req.params.connector);
    const connector = await getConnectorByName(ctx.pool, name);
    if (!connector || !connector.active) throw new AppError('NOT_FOUND', `No active connector named "${name}"`);
    const delivery = { rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), headers: req.headers };
    try {
      if (connector.kind === 'zendesk') {
        const result = await receiveZendeskHook(ctx, connector, delivery);
        req.log?.info({ module: 'connectors', connector: name, outcome: result.outcome, ticket: result.ticket }, 'zendesk webhook');
        res.status(result.outcome === 'deferred' ? 202 : 200).json(result);
        return;
      }
      const result = await receiveGenericHook(ctx, connector, delivery);
      req.log?.info({ module: 'connectors', connector: name, created: result.created, updated: result.updated, unmapped: result.unmapped }, 'webhook');
      res.status(result.created > 0 ? 201 : 200).json(result);
    } catch (error) {
      // A connector naming a secret that is not set is the operator's to fix, not the sender's.
      if (error instanceof ConnectorConfigError) throw new AppError('UNAVAILABLE', error.message);
      throw error;
    }
  });
  return router;
}
