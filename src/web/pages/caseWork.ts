import { Router, type Request } from 'express';
import { actorName } from '../../auth/principal.ts';
import { can } from '../../auth/roles.ts';
import { createAction, updateAction } from '../../cases/actions.ts';
import { addComment } from '../../cases/comments.ts';
import { ACTION_STATUSES, MAX_TEXT, type ActionStatus, type UpdateActionBody } from '../../cases/schemas.ts';
import { getCase } from '../../cases/service.ts';
import type { AppContext } from '../../context.ts';
import { markFixShipped } from '../../followups/fixShipped.ts';
import { AppError } from '../../http/errors.ts';
import { parseInstant, isValidDay } from '../../time.ts';
import { createLink, retryLink } from '../../trackers/links.ts';
import { field, type FieldErrors } from '../http/forms.ts';
import { flash, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';
import { isStale, showConflict } from './caseConflict.ts';
import { callOf, isRefusal, pageCaseId } from './caseEdits.ts';
import { formVersion, parseDueDate } from './caseForms.ts';
import { showCase } from './casePage.ts';

const positiveId = (value: string) => (/^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : undefined);
const idParam = (req: Request, name: string) => {
  const id = positiveId(String(req.params[name]));
  if (id === undefined) throw new AppError('NOT_FOUND', `No ${name} "${String(req.params[name])}"`);
  return id;
};

/** Checks an action form: a title (unless only the status is sent), an owner id, a real due date. */
function actionProblems(values: Record<string, string>, t: ReturnType<typeof tr>, statusOnly: boolean): FieldErrors {
  const errors: FieldErrors = {};
  if (!statusOnly) {
    if (!values.title!.trim()) errors.title = t('cases.action.titleRequired');
    else if (values.title!.trim().length > 200) errors.title = t('cases.titleTooLong');
    if (values.ownerId && positiveId(values.ownerId) === undefined) errors.ownerId = t('cases.ownerInvalid');
    if (!parseDueDate(values.dueDate!).ok) errors.dueDate = t('cases.action.dueInvalid');
  }
  if (values.status !== undefined && !(ACTION_STATUSES as readonly string[]).includes(values.status)) errors.status = t('cases.action.statusInvalid');
  return errors;
}

/** The work on a case: actions, comments, the fix and its follow-ups, and tracker issues. */
export function caseWorkRoutes(ctx: AppContext): Router {
  const router = Router();

  // Adding an action or a comment overwrites nothing anyone else wrote, so these forms carry no case
  // version and a page opened before someone else's edit may still add to the case.
  router.post('/cases/:id/actions', ...requirePage('editCases'), async (req, res) => {
    const caseId = pageCaseId(req);
    const values = { title: field(req.body, 'title'), ownerId: field(req.body, 'ownerId'), dueDate: field(req.body, 'dueDate') };
    const errors = actionProblems(values, tr(res), false);
    if (Object.keys(errors).length) return showCase(ctx, req, res, caseId, { form: 'newAction', values, errors }, 400);
    try {
      await createAction(ctx.pool, caseId, { title: values.title.trim(), ownerId: positiveId(values.ownerId) ?? null, dueDate: values.dueDate.trim() || null }, callOf(ctx, req));
    } catch (error) {
      if (isRefusal(error)) return showCase(ctx, req, res, caseId, { form: 'newAction', values, errors: { form: error.message } }, 400);
      throw error;
    }
    flash(req, { kind: 'success', key: 'cases.action.added' });
    res.redirect(303, `/cases/${caseId}#actions`);
  });

  router.post('/cases/:id/actions/:actionId', ...requirePage('updateActions'), async (req, res) => {
    const caseId = pageCaseId(req);
    const actionId = idParam(req, 'actionId');
    // Analysts and admins edit the whole action; others (its owner) only move its status.
    const statusOnly = !can(req.principal!.role, 'editCases');
    const values: Record<string, string> = statusOnly
      ? { status: field(req.body, 'status') }
      : { title: field(req.body, 'title'), ownerId: field(req.body, 'ownerId'), dueDate: field(req.body, 'dueDate'), status: field(req.body, 'status') };
    const errors = actionProblems(values, tr(res), statusOnly);
    if (Object.keys(errors).length) return showCase(ctx, req, res, caseId, { form: `action-${actionId}`, values, errors }, 400);
    const body: UpdateActionBody = statusOnly
      ? { status: values.status as ActionStatus }
      : { title: values.title!.trim(), ownerId: positiveId(values.ownerId!) ?? null, dueDate: values.dueDate!.trim() || null, status: values.status as ActionStatus };
    try {
      await updateAction(ctx.pool, caseId, actionId, body, formVersion(req.body), callOf(ctx, req));
    } catch (error) {
      if (isStale(error)) {
        const action = (await getCase(ctx.pool, caseId)).actions.find((a) => a.id === actionId);
        return showConflict(ctx, req, res, { caseId, kind: 'action', yours: values, ...(action ? { action } : {}) });
      }
      if (isRefusal(error)) return showCase(ctx, req, res, caseId, { form: `action-${actionId}`, values, errors: { form: error.message } }, 400);
      throw error;
    }
    flash(req, { kind: 'success', key: 'cases.action.saved' });
    res.redirect(303, `/cases/${caseId}#actions`);
  });

  router.post('/cases/:id/comments', ...requirePage('commentOnCases'), async (req, res) => {
    const caseId = pageCaseId(req);
    const body = field(req.body, 'body');
    const problem = !body.trim() ? 'cases.comment.required' : body.length > MAX_TEXT ? 'form.tooLong' : undefined;
    if (problem) return showCase(ctx, req, res, caseId, { form: 'comment', values: { body }, errors: { body: tr(res)(problem) } }, 400);
    await addComment(ctx.pool, caseId, body.trim(), callOf(ctx, req));
    flash(req, { kind: 'success', key: 'cases.comment.added' });
    res.redirect(303, `/cases/${caseId}#comments`);
  });

  router.post('/cases/:id/fix-shipped', ...requirePage('editCases'), async (req, res) => {
    const caseId = pageCaseId(req);
    const shippedOn = field(req.body, 'shippedOn').trim();
    const values = { shippedOn };
    const t = tr(res);
    // The fix counts from the start of its day in the organisation's time zone: the fix day is a guard day.
    const shippedAt = isValidDay(shippedOn) ? parseInstant(shippedOn, ctx.config.TZ_NAME) : undefined;
    if (!shippedAt) return showCase(ctx, req, res, caseId, { form: 'fix', values, errors: { shippedOn: t('cases.fix.dayInvalid') } }, 400);
    try {
      await markFixShipped(ctx, caseId, { shippedAt, actor: actorName(req.principal!), actorUserId: req.principal!.userId, expectedVersion: formVersion(req.body) });
    } catch (error) {
      if (isStale(error)) return showConflict(ctx, req, res, { caseId, kind: 'fix', yours: values });
      if (isRefusal(error)) return showCase(ctx, req, res, caseId, { form: 'fix', values, errors: { shippedOn: error.message } }, 400);
      throw error;
    }
    flash(req, { kind: 'success', key: 'cases.fix.recorded' });
    res.redirect(303, `/cases/${caseId}#followup`);
  });

  router.post('/cases/:id/links', ...requirePage('linkTrackers'), async (req, res) => {
    const caseId = pageCaseId(req);
    const connection = positiveId(field(req.body, 'connection'));
    const actionId = positiveId(field(req.body, 'actionId'));
    try {
      if (connection === undefined) throw new AppError('UNPROCESSABLE', tr(res)('cases.link.connectionRequired'));
      await createLink(ctx.pool, caseId, { connection, ...(actionId ? { actionId } : {}) }, { principal: req.principal!, asOf: ctx.now() });
      flash(req, { kind: 'success', key: 'cases.link.created' });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      flash(req, { kind: 'error', key: 'cases.refused', params: { reason: error.message } });
    }
    res.redirect(303, `/cases/${caseId}#trackers`);
  });

  router.post('/cases/:id/links/:linkId/retry', ...requirePage('linkTrackers'), async (req, res) => {
    const caseId = pageCaseId(req);
    await retryLink(ctx.pool, caseId, idParam(req, 'linkId'), ctx.now());
    flash(req, { kind: 'success', key: 'cases.link.retried' });
    res.redirect(303, `/cases/${caseId}#trackers`);
  });
  return router;
}
