import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { can } from '../../auth/roles.ts';
import { parseCaseId } from '../../cases/service.ts';
import type { AppContext } from '../../context.ts';
import { approveNote, listNotes, publishedNote, updateNote, withdrawNote, type NoteCall, type NoteRefusal } from '../../fixes/service.ts';
import type { FixedNoteView } from '../../fixes/view.ts';
import { AppError } from '../../http/errors.ts';
import { field, fieldErrors, type FieldErrors } from '../http/forms.ts';
import { flash, localeOf, render, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';

const noteForm = z
  .object({
    title: z.string().trim().min(1, 'fixed.titleRequired').max(200, 'fixed.titleTooLong'),
    body: z.string().trim().min(1, 'fixed.bodyRequired').max(4000, 'fixed.bodyTooLong'),
    titleNb: z.string().trim().max(200, 'fixed.titleTooLong'),
    bodyNb: z.string().trim().max(4000, 'fixed.bodyTooLong'),
    version: z.coerce.number().int().positive(),
  })
  .superRefine((form, issues) => {
    // The Norwegian text is optional, but a title without a text (or the reverse) is half a note.
    if (Boolean(form.titleNb) === Boolean(form.bodyNb)) return;
    issues.addIssue({ code: 'custom', path: [form.titleNb ? 'bodyNb' : 'titleNb'], message: 'fixed.nbBoth' });
  });
const withdrawForm = z.object({ reason: z.string().trim().max(500, 'fixed.reasonTooLong') });
type NoteFormValues = { title: string; body: string; titleNb: string; bodyNb: string; version: string };

/** A refusal from the service in the page's language where it is one the page knows, else as the service said it. */
function refusalText(error: AppError, t: ReturnType<typeof tr>): string {
  const details = error.details as { refusal?: NoteRefusal; caseKey?: string } | undefined;
  return details?.refusal ? t(`fixed.refusal.${details.refusal}`, { key: details.caseKey ?? '' }) : error.message;
}

const paragraphs = (text: string) => text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);

/** A note being edited again after a refusal: what the person typed and what was wrong with it. */
interface Editing {
  caseId: number;
  values: NoteFormValues;
  errors: FieldErrors;
  formError?: string;
}

/** "What we fixed": published notes for agents; drafts, editing, approval and withdrawal for analysts and admins. */
export function fixedPageRoutes(ctx: AppContext): Router {
  const router = Router();
  const call = (req: Request): NoteCall => ({ principal: req.principal!, asOf: ctx.now(), timeZone: ctx.config.TZ_NAME });
  const caseIdOf = (req: Request) => parseCaseId(String(req.params.id));

  async function showPage(req: Request, res: Response, input: { editing?: Editing; status?: number } = {}) {
    const t = tr(res);
    const reviewer = can(req.principal!.role, 'editCases');
    const notes = await listNotes(ctx.pool, { status: reviewer ? [] : ['published'], limit: 500 }, req.principal!);
    const nb = localeOf(res) === 'nb';
    const shown = (note: FixedNoteView) => {
      const text = nb && note.nb ? note.nb : { title: note.title, body: note.body };
      const editing = input.editing?.caseId === note.caseId ? input.editing : undefined;
      return {
        ...note,
        shownTitle: text.title,
        paragraphs: paragraphs(text.body),
        form: editing?.values ?? { title: note.title, body: note.body, titleNb: note.nb?.title ?? '', bodyNb: note.nb?.body ?? '', version: String(note.version) },
        errors: editing?.errors ?? {},
        formError: editing?.formError,
        canApprove: note.caseStatus === 'resolved',
        hasTickets: note.helpDesk.total > 0,
      };
    };
    const byStatus = (status: FixedNoteView['status']) => notes.filter((n) => n.status === status).map(shown);
    render(
      req,
      res,
      'fixed',
      { title: t('fixed.title'), reviewer, published: byStatus('published'), drafts: byStatus('draft'), withdrawn: byStatus('withdrawn') },
      { status: input.status ?? 200 },
    );
  }

  router.get('/fixed', ...requirePage('readCases'), async (req, res) => {
    await showPage(req, res);
  });

  // One published note, for anyone: the public feed and the digests link here, and their readers
  // (customers, agents on a phone) have no account. It shows the note's texts and nothing of the case.
  router.get('/fixed/notes/:noteId', async (req, res) => {
    const note = await publishedNote(ctx.pool, /^\d{1,9}$/.test(String(req.params.noteId)) ? Number(req.params.noteId) : 0);
    const text = localeOf(res) === 'nb' && note.nb ? note.nb : { title: note.title, body: note.body };
    render(req, res, 'fixed-note', {
      title: text.title,
      note: { id: note.id, publishedAt: note.publishedAt, shownTitle: text.title, paragraphs: paragraphs(text.body) },
      // Signed-in readers may go on to the agents' page; the public has the feed.
      allHref: req.principal && can(req.principal.role, 'readCases') ? '/fixed' : null,
    });
  });

  /** Runs a step on a note; a refusal from the service (case reopened, already published) is shown, not thrown. */
  const act = async (req: Request, res: Response, step: () => Promise<FixedNoteView>, successKey: 'fixed.saved' | 'fixed.approved' | 'fixed.withdrawnDone') => {
    try {
      const note = await step();
      flash(req, { kind: 'success', key: successKey, params: { key: note.caseKey } });
    } catch (error) {
      if (!(error instanceof AppError) || !['CONFLICT', 'PRECONDITION_FAILED', 'NOT_FOUND'].includes(error.code)) throw error;
      flash(req, { kind: 'error', key: 'fixed.refused', params: { reason: refusalText(error, tr(res)) } });
    }
    res.redirect(303, '/fixed');
  };

  router.post('/fixed/:id/edit', ...requirePage('editCases'), async (req, res) => {
    const caseId = caseIdOf(req);
    const values: NoteFormValues = {
      title: field(req.body, 'title'),
      body: field(req.body, 'body'),
      titleNb: field(req.body, 'titleNb'),
      bodyNb: field(req.body, 'bodyNb'),
      version: field(req.body, 'version'),
    };
    const parsed = noteForm.safeParse(values);
    if (!parsed.success) {
      await showPage(req, res, { editing: { caseId, values, errors: fieldErrors(parsed.error, tr(res)) }, status: 400 });
      return;
    }
    const { title, body, titleNb, bodyNb, version } = parsed.data;
    try {
      const note = await updateNote(ctx.pool, caseId, { title, body, nb: titleNb ? { title: titleNb, body: bodyNb } : null }, version, call(req));
      flash(req, { kind: 'success', key: 'fixed.saved', params: { key: note.caseKey } });
      res.redirect(303, `/fixed#note-${note.id}`);
    } catch (error) {
      if (!(error instanceof AppError) || !['CONFLICT', 'PRECONDITION_FAILED'].includes(error.code)) throw error;
      // Stale or published meanwhile: keep what the person typed and say why nothing was saved.
      const stale = error.code === 'PRECONDITION_FAILED';
      await showPage(req, res, { editing: { caseId, values, errors: {}, formError: stale ? tr(res)('fixed.stale') : refusalText(error, tr(res)) }, status: 409 });
    }
  });

  router.post('/fixed/:id/approve', ...requirePage('editCases'), async (req, res) => {
    const caseId = caseIdOf(req);
    await act(req, res, () => approveNote(ctx.pool, caseId, undefined, call(req)), 'fixed.approved');
  });

  router.post('/fixed/:id/withdraw', ...requirePage('editCases'), async (req, res) => {
    const caseId = caseIdOf(req);
    const parsed = withdrawForm.safeParse({ reason: field(req.body, 'reason') });
    if (!parsed.success) {
      flash(req, { kind: 'error', key: 'fixed.refused', params: { reason: fieldErrors(parsed.error, tr(res)).reason ?? '' } });
      res.redirect(303, '/fixed');
      return;
    }
    await act(req, res, () => withdrawNote(ctx.pool, caseId, { reason: parsed.data.reason || undefined }, call(req)), 'fixed.withdrawnDone');
  });
  return router;
}
