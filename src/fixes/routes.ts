import { Router, type Request, type Response } from 'express';
import { requirePermission } from '../auth/middleware.ts';
import { parseCaseId } from '../cases/service.ts';
import { parseIfMatch, requireIfMatch } from '../cases/concurrency.ts';
import type { AppContext } from '../context.ts';
import { parseInput } from '../http/validation.ts';
import { fixedFeedAtom } from './feed.ts';
import { listNotesQuery, updateNoteBody, withdrawBody } from './schemas.ts';
import * as service from './service.ts';
import type { FixedNoteView } from './view.ts';

/** Fixed notes: everyone signed in reads published ones; analysts and admins draft, edit, approve and withdraw. */
export function fixedNoteRoutes(ctx: AppContext): Router {
  const router = Router();
  const read = requirePermission('readCases');
  const edit = requirePermission('editCases');
  const call = (req: Request): service.NoteCall => ({ principal: req.principal!, asOf: ctx.now(), timeZone: ctx.config.TZ_NAME });
  const caseId = (req: Request) => parseCaseId(String(req.params.id));
  const sendNote = (res: Response, note: FixedNoteView, status = 200) => res.status(status).set('ETag', `"${note.version}"`).json(note);

  router.get('/fixed-notes', read, async (req, res) => {
    res.json({ notes: await service.listNotes(ctx.pool, parseInput(listNotesQuery, req.query, 'query'), req.principal!) });
  });
  router.get('/cases/:id/fixed-note', read, async (req, res) => {
    sendNote(res, await service.getNote(ctx.pool, caseId(req), req.principal!));
  });
  router.post('/cases/:id/fixed-note', edit, async (req, res) => {
    sendNote(res, await service.draftNote(ctx.pool, caseId(req), call(req)), 201);
  });
  router.patch('/cases/:id/fixed-note', edit, async (req, res) => {
    const id = caseId(req);
    const version = requireIfMatch(req.get('if-match'), 'fixed note');
    const body = parseInput(updateNoteBody, req.body, 'fixed note', 'UNPROCESSABLE');
    sendNote(res, await service.updateNote(ctx.pool, id, body, version, call(req)));
  });
  router.post('/cases/:id/fixed-note/approve', edit, async (req, res) => {
    sendNote(res, await service.approveNote(ctx.pool, caseId(req), parseIfMatch(req.get('if-match')), call(req)));
  });
  router.post('/cases/:id/fixed-note/withdraw', edit, async (req, res) => {
    const { reason } = parseInput(withdrawBody, req.body ?? {}, 'withdrawal', 'UNPROCESSABLE');
    sendNote(res, await service.withdrawNote(ctx.pool, caseId(req), { reason, expectedVersion: parseIfMatch(req.get('if-match')) }, call(req)));
  });
  router.get('/cases/:id/fixed-note/tickets', edit, async (req, res) => {
    res.json({ tickets: await service.noteTickets(ctx.pool, caseId(req)) });
  });
  router.post('/cases/:id/fixed-note/tickets/retry', edit, async (req, res) => {
    res.json(await service.retryTickets(ctx.pool, caseId(req), call(req)));
  });
  return router;
}

/** The public Atom feed of published notes: no sign-in, nothing but what a person approved. */
export function fixedFeedRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/feeds/fixed.atom', async (req, res) => {
    const lang = req.query.lang === 'nb' ? 'nb' : 'en';
    const { notes, changedAt } = await service.publishedNotes(ctx.pool);
    // A feed that never had an entry still needs an `updated`: the epoch says "never changed".
    const xml = fixedFeedAtom({ baseUrl: ctx.config.PUBLIC_BASE_URL, lang, notes, changedAt: changedAt ?? new Date(0) });
    res.type('application/atom+xml; charset=utf-8').set('Cache-Control', 'public, max-age=300').send(xml);
  });
  return router;
}
