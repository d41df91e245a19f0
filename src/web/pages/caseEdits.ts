import { Router, type Request, type Response } from 'express';
import { CASE_STATUSES, DECISIONS, MAX_TEXT, type CaseStatus } from '../../cases/schemas.ts';
import { changeStatus, updateAndChangeStatus, updateCase, type CallContext } from '../../cases/service.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import { field } from '../http/forms.ts';
import { flash, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';
import { isStale, showConflict } from './caseConflict.ts';
import { formVersion, isCaseSection, parseSection, readSection } from './caseForms.ts';
import { showCase } from './casePage.ts';
import { moveRefusalText } from './caseParts.ts';

type Decision = (typeof DECISIONS)[number];

/** A case id in a page address (12 or PP-12); anything else is a page that does not exist. */
export function pageCaseId(req: Request): number {
  const match = /^(?:PP-)?(\d{1,9})$/i.exec(String(req.params.id));
  if (!match) throw new AppError('NOT_FOUND', `No case "${String(req.params.id)}"`);
  return Number(match[1]);
}

export const callOf = (ctx: AppContext, req: Request): CallContext => ({ principal: req.principal!, asOf: ctx.now(), timeZone: ctx.config.TZ_NAME });

/** A refusal the person can act on (a move the workflow does not allow, a value the service will not take). */
export const isRefusal = (error: unknown): error is AppError => error instanceof AppError && ['CONFLICT', 'UNPROCESSABLE'].includes(error.code);

/** The decision a move form sends: undefined when it has no decision field, null for "not decided", false when unknown. */
function readDecision(body: unknown): Decision | null | undefined | false {
  if (typeof (body as Record<string, unknown>)?.decision !== 'string') return undefined;
  const value = field(body, 'decision');
  if (!value) return null;
  return (DECISIONS as readonly string[]).includes(value) ? (value as Decision) : false;
}

/** The case page: GET, each section's edit form, and moves along the workflow. */
export function caseEditRoutes(ctx: AppContext): Router {
  const router = Router();
  const edit = requirePage('editCases');

  router.get('/cases/:id', ...requirePage('readCases'), async (req, res) => {
    await showCase(ctx, req, res, pageCaseId(req));
  });

  router.post('/cases/:id/edit/:section', ...edit, async (req: Request, res: Response) => {
    const caseId = pageCaseId(req);
    const section = req.params.section;
    if (!isCaseSection(section)) throw new AppError('NOT_FOUND', `No case section "${String(section)}"`);
    const values = readSection(section, req.body);
    const parsed = parseSection(section, values, tr(res));
    if ('errors' in parsed) return showCase(ctx, req, res, caseId, { form: section, values, errors: parsed.errors }, 400);
    try {
      await updateCase(ctx.pool, caseId, parsed.update, formVersion(req.body), callOf(ctx, req));
    } catch (error) {
      if (isStale(error)) return showConflict(ctx, req, res, { caseId, kind: section, yours: values });
      if (isRefusal(error)) return showCase(ctx, req, res, caseId, { form: section, values, errors: { form: error.message } }, 400);
      throw error;
    }
    flash(req, { kind: 'success', key: 'cases.saved' });
    res.redirect(303, `/cases/${caseId}#${section}`);
  });

  router.post('/cases/:id/status', ...edit, async (req, res) => {
    const caseId = pageCaseId(req);
    const status = field(req.body, 'status');
    const reason = field(req.body, 'reason').trim();
    if (!(CASE_STATUSES as readonly string[]).includes(status)) throw new AppError('INVALID_INPUT', `status: no status "${status}"`);
    const values = { status, reason };
    if (status === 'dropped' && !reason) {
      return showCase(ctx, req, res, caseId, { form: 'status', values, errors: { [`reason-${status}`]: tr(res)('cases.reasonRequired') } }, 400);
    }
    if (reason.length > MAX_TEXT) return showCase(ctx, req, res, caseId, { form: 'status', values, errors: { [`reason-${status}`]: tr(res)('form.tooLong') } }, 400);
    const decision = readDecision(req.body);
    if (decision === false) throw new AppError('INVALID_INPUT', `decision: must be one of ${DECISIONS.join(', ')}`);
    const move = { status: status as CaseStatus, reason: reason || undefined, expectedVersion: formVersion(req.body) };
    const shown = { ...values, ...(decision === undefined ? {} : { decision: decision ?? '' }) };
    try {
      // A decision settled with the move lands with it or not at all: one change, one version.
      const moved = decision === undefined
        ? await changeStatus(ctx.pool, caseId, move, callOf(ctx, req))
        : await updateAndChangeStatus(ctx.pool, caseId, { ...move, update: { decision } }, callOf(ctx, req));
      flash(req, { kind: 'success', key: 'cases.moved', params: { status: tr(res)(`cases.status.${moved.status}`) } });
    } catch (error) {
      if (isStale(error)) return showConflict(ctx, req, res, { caseId, kind: 'status', yours: shown });
      if (!isRefusal(error)) throw error;
      return showCase(ctx, req, res, caseId, { form: 'status', values: shown, errors: { [`move-${status}`]: moveRefusalText(error, status, tr(res)) } }, 400);
    }
    res.redirect(303, `/cases/${caseId}#workflow`);
  });
  return router;
}
