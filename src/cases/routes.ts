import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requirePermission } from '../auth/middleware.ts';
import type { AppContext } from '../context.ts';
import { parseInput, rowIdText } from '../http/validation.ts';
import { createAction, listActions, updateAction } from './actions.ts';
import { addComment, listComments } from './comments.ts';
import { addSpikeToCase } from './spikes.ts';
import { parseIfMatch, requireIfMatch } from './concurrency.ts';
import * as schemas from './schemas.ts';
import * as service from './service.ts';

const actionParam = z.object({ actionId: rowIdText() });

/** Problem cases: anyone signed in reads and comments; analysts and admins write; owners move their actions. */
export function caseRoutes(ctx: AppContext): Router {
  const router = Router();
  const read = requirePermission('readCases');
  const edit = requirePermission('editCases');
  const call = (req: Request): service.CallContext => ({ principal: req.principal!, asOf: ctx.now(), timeZone: ctx.config.TZ_NAME });
  const caseId = (req: Request) => service.parseCaseId(String(req.params.id));
  // Case bodies are well-formed JSON with content we cannot accept: 422, as the API promises.
  const body = <T>(schema: z.ZodType<T>, req: Request, what: string) => parseInput(schema, req.body, what, 'UNPROCESSABLE');
  const sendCase = (res: Response, view: { version: number }, status = 200) => res.status(status).set('ETag', `"${view.version}"`).json(view);

  router.get('/cases', read, async (req, res) => {
    const query = parseInput(schemas.listCasesQuery, req.query, 'query');
    res.json({ cases: await service.listCases(ctx.pool, query, req.principal!) });
  });
  router.post('/cases', edit, async (req, res) => {
    sendCase(res, await service.createCase(ctx.pool, body(schemas.createCaseBody, req, 'case'), call(req)), 201);
  });
  router.get('/cases/:id', read, async (req, res) => {
    sendCase(res, await service.getCaseWithLiveEvidence(ctx.pool, caseId(req), { asOf: ctx.now(), timeZone: ctx.config.TZ_NAME }));
  });
  router.patch('/cases/:id', edit, async (req, res) => {
    const id = caseId(req);
    const version = requireIfMatch(req.get('if-match'), 'case');
    sendCase(res, await service.updateCase(ctx.pool, id, body(schemas.updateCaseBody, req, 'case update'), version, call(req)));
  });
  router.post('/cases/:id/status', edit, async (req, res) => {
    const id = caseId(req);
    const { status, reason } = body(schemas.statusBody, req, 'status change');
    sendCase(res, await service.changeStatus(ctx.pool, id, { status, reason, expectedVersion: parseIfMatch(req.get('if-match')) }, call(req)));
  });
  router.post('/cases/:id/spikes', edit, async (req, res) => {
    const { spikeId } = body(schemas.addSpikeBody, req, 'spike');
    sendCase(res, await addSpikeToCase(ctx.pool, caseId(req), spikeId, call(req)));
  });
  router.get('/cases/:id/history', read, async (req, res) => {
    res.json({ history: await service.caseHistory(ctx.pool, caseId(req)) });
  });

  router.get('/cases/:id/actions', read, async (req, res) => {
    res.json({ actions: await listActions(ctx.pool, caseId(req)) });
  });
  router.post('/cases/:id/actions', edit, async (req, res) => {
    const action = await createAction(ctx.pool, caseId(req), body(schemas.createActionBody, req, 'action'), call(req));
    res.status(201).set('ETag', `"${action.version}"`).json(action);
  });
  router.patch('/cases/:id/actions/:actionId', requirePermission('updateActions'), async (req, res) => {
    const id = caseId(req);
    const { actionId } = parseInput(actionParam, req.params, 'action id');
    const version = requireIfMatch(req.get('if-match'), 'action');
    const action = await updateAction(ctx.pool, id, actionId, body(schemas.updateActionBody, req, 'action update'), version, call(req));
    res.set('ETag', `"${action.version}"`).json(action);
  });

  router.get('/cases/:id/comments', read, async (req, res) => {
    res.json({ comments: await listComments(ctx.pool, caseId(req)) });
  });
  router.post('/cases/:id/comments', requirePermission('commentOnCases'), async (req, res) => {
    const { body: text } = body(schemas.commentBody, req, 'comment');
    res.status(201).json(await addComment(ctx.pool, caseId(req), text, call(req)));
  });
  return router;
}
