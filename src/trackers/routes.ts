import express, { Router } from 'express';
import { requirePermission } from '../auth/middleware.ts';
import { parseCaseId } from '../cases/service.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../http/errors.ts';
import { parseInput } from '../http/validation.ts';
import * as connections from './connections.ts';
import { receiveWebhook } from './inbound.ts';
import * as links from './links.ts';
import { connectionBody, createLinkBody, idParam, linkParams } from './schemas.ts';

/** Tracker connections (admins: they name secrets and where issues go) and a case's tracker links. */
export function trackerRoutes(ctx: AppContext): Router {
  const router = Router();
  const manage = requirePermission('manageTrackers');
  const link = requirePermission('linkTrackers');
  const read = requirePermission('readCases');

  router.get('/tracker-connections', manage, async (_req, res) => {
    res.json({ connections: await connections.listConnections(ctx.pool) });
  });
  router.post('/tracker-connections', manage, async (req, res) => {
    const body = parseInput(connectionBody, req.body, 'tracker connection', 'UNPROCESSABLE');
    res.status(201).json(await connections.createConnection(ctx.pool, body, ctx.now()));
  });
  router.get('/tracker-connections/:id', manage, async (req, res) => {
    res.json(await connections.mustGetConnection(ctx.pool, parseInput(idParam, req.params, 'connection id').id));
  });
  router.patch('/tracker-connections/:id', manage, async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'connection id');
    const body = parseInput(connectionBody, req.body, 'tracker connection', 'UNPROCESSABLE');
    res.json(await connections.updateConnection(ctx.pool, id, body, ctx.now()));
  });
  router.delete('/tracker-connections/:id', manage, async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'connection id');
    res.json(await connections.updateConnection(ctx.pool, id, { active: false }, ctx.now()));
  });
  router.post('/tracker-connections/:id/test', manage, async (req, res) => {
    const connection = await connections.mustGetConnection(ctx.pool, parseInput(idParam, req.params, 'connection id').id);
    res.json(await connections.testConnection(ctx, connection.config));
  });

  router.get('/cases/:id/tracker-links', read, async (req, res) => {
    res.json({ links: await links.listLinks(ctx.pool, parseCaseId(String(req.params.id))) });
  });
  router.post('/cases/:id/tracker-links', link, async (req, res) => {
    const caseId = parseCaseId(String(req.params.id));
    const body = parseInput(createLinkBody, req.body, 'tracker link', 'UNPROCESSABLE');
    res.status(201).json(await links.createLink(ctx.pool, caseId, body, { principal: req.principal!, asOf: ctx.now() }));
  });
  router.post('/cases/:id/tracker-links/:linkId/retry', link, async (req, res) => {
    const { id, linkId } = parseInput(linkParams, req.params, 'link');
    res.json(await links.retryLink(ctx.pool, parseCaseId(id), linkId, ctx.now()));
  });
  return router;
}

const PROVIDERS = new Set(['jira', 'github']);

/**
 * `POST /webhooks/jira` and `/webhooks/github`, outside /api/v1: trackers sign with a shared
 * secret, not a token. The body is kept raw, since the signature is over those exact bytes.
 */
export function trackerWebhookRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post('/webhooks/:provider', express.raw({ type: () => true, limit: '5mb' }), async (req, res) => {
    const provider = String(req.params.provider);
    if (!PROVIDERS.has(provider)) throw new AppError('NOT_FOUND', `No webhook receiver for "${provider}"`);
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = await receiveWebhook(ctx, provider as 'jira' | 'github', { rawBody, headers: req.headers });
    req.log?.info({ module: 'trackers', provider, ...result }, 'tracker webhook');
    res.status(result.outcome === 'applied' || result.outcome === 'duplicate' ? 200 : 202).json(result);
  });
  return router;
}
