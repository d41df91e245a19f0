import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { can } from '../../auth/roles.ts';
import { parseCaseId, updateCase } from '../../cases/service.ts';
import { ALL_OUTCOMES, DECISION_GROUPS, triageReport, type TriageCase, type TriageQuery, type TriageReport } from '../../cases/triage.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import { isValidDay } from '../../time.ts';
import { field, fieldErrors, type FieldErrors, textOf } from '../http/forms.ts';
import { flash, render, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';
import { marketChoices } from './pickers.ts';

const decisionForm = z.object({
  decision: z.enum(DECISION_GROUPS, { message: 'triage.decisionInvalid' }),
  version: z.coerce.number({ message: 'triage.versionInvalid' }).int('triage.versionInvalid').positive('triage.versionInvalid'),
});

/** A refused decision, shown next to that case's field with what was chosen kept. */
interface DecisionProblem {
  caseId: number;
  decision: string;
  errors: FieldErrors;
}

interface Filters {
  query: TriageQuery;
  raw: { from: string; to: string; market: string };
  errors: FieldErrors;
  /** The filters as a query string, to come back to the same view after a form. */
  search: string;
}

const decisionLabel = (decision: string | null) => `triage.decision.${decision ?? 'none'}` as MessageKey;

/** Reads the page's filters; a bad date is reported next to its field and left out of the query. */
async function readFilters(ctx: AppContext, req: Request, t: Translate): Promise<Filters & { markets: Array<{ key: string; name: string }> }> {
  const raw = { from: textOf(req.query.from), to: textOf(req.query.to), market: textOf(req.query.market) };
  const markets = await marketChoices(ctx.pool);
  const errors: FieldErrors = {};
  for (const name of ['from', 'to'] as const) if (raw[name] && !isValidDay(raw[name])) errors[name] = t('period.badDate');
  const from = raw.from && !errors.from ? raw.from : undefined;
  let to = raw.to && !errors.to ? raw.to : undefined;
  if (from && to && from > to) {
    errors.to = t('period.toBeforeFrom');
    to = undefined;
  }
  const market = markets.find((m) => m.key === raw.market)?.key;
  const query: TriageQuery = { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(market ? { market } : {}) };
  return { query, raw, errors, markets, search: new URLSearchParams(query as Record<string, string>).toString() };
}

function caseRow(c: TriageCase, canDecide: boolean, problem: DecisionProblem | undefined) {
  const chosen = problem?.caseId === c.id ? problem.decision : (c.decision ?? 'none');
  return {
    ...c,
    statusLabel: `triage.caseStatus.${c.status}`,
    decisionLabel: decisionLabel(c.decision),
    marketNames: c.markets.map((m) => m.name).join(', '),
    canDecide,
    choices: DECISION_GROUPS.map((d) => ({ value: d, label: decisionLabel(d === 'none' ? null : d), selected: d === chosen })),
    error: problem?.caseId === c.id ? Object.values(problem.errors)[0] : undefined,
  };
}

function pageData(report: TriageReport, t: Translate, canDecide: boolean, problem: DecisionProblem | undefined) {
  const { outcomes, total } = report;
  const cells = (counts: Record<string, number>) => ALL_OUTCOMES.map((o) => ({ outcome: o, count: counts[o] ?? 0 }));
  return {
    sentence: t(total === 1 ? 'triage.sentence.one' : 'triage.sentence.other', {
      total,
      solved: outcomes.solved,
      improving: outcomes.being_improved,
      later: outcomes.scheduled_later,
      discuss: outcomes.to_discuss,
    }),
    droppedNote: outcomes.dropped > 0 ? t(outcomes.dropped === 1 ? 'triage.droppedNote.one' : 'triage.droppedNote.other', { dropped: outcomes.dropped }) : undefined,
    outcomeHeads: ALL_OUTCOMES.map((o) => ({ outcome: o, label: `triage.outcome.${o}` })),
    matrix: report.byDecision.map((row) => ({ decision: row.decision, label: decisionLabel(row.decision === 'none' ? null : row.decision), cells: cells(row.counts), total: row.counts.total })),
    totals: { cells: cells(outcomes), total },
    groups: ALL_OUTCOMES.map((outcome) => {
      const cases = report.cases.filter((c) => c.outcome === outcome).map((c) => caseRow(c, canDecide, problem));
      return { outcome, label: `triage.outcome.${outcome}`, count: cases.length, cases };
    }),
    empty: report.cases.length === 0,
  };
}

/** Triage at /cases/triage: cases by decision (now, later, discuss) and outcome, with Gome's counts; analysts set decisions here. */
export function triagePageRoutes(ctx: AppContext): Router {
  const router = Router();

  async function showTriage(req: Request, res: Response, input: { problem?: DecisionProblem; status?: number } = {}) {
    const t = tr(res);
    const filters = await readFilters(ctx, req, t);
    const report = await triageReport(ctx.pool, filters.query, { timeZone: ctx.config.TZ_NAME });
    const canDecide = can(req.principal!.role, 'editCases');
    render(
      req,
      res,
      'triage',
      {
        title: t('triage.title'),
        filters: { ...filters.raw, errors: filters.errors, markets: filters.markets.map((m) => ({ ...m, selected: m.key === filters.query.market })) },
        search: filters.search,
        canDecide,
        ...pageData(report, t, canDecide, input.problem),
      },
      { status: input.status ?? 200 },
    );
  }

  router.get('/cases/triage', ...requirePage('readCases'), async (req, res) => {
    await showTriage(req, res);
  });

  router.post('/cases/triage/:id/decision', ...requirePage('editCases'), async (req, res) => {
    const t = tr(res);
    const id = parseCaseId(String(req.params.id));
    const decision = field(req.body, 'decision');
    const parsed = decisionForm.safeParse({ decision, version: field(req.body, 'version') || undefined });
    if (!parsed.success) {
      return showTriage(req, res, { problem: { caseId: id, decision, errors: fieldErrors(parsed.error, t) }, status: 400 });
    }
    const key = `PP-${id}`;
    try {
      const chosen = parsed.data.decision === 'none' ? null : parsed.data.decision;
      await updateCase(ctx.pool, id, { decision: chosen }, parsed.data.version, { principal: req.principal!, asOf: ctx.now(), timeZone: ctx.config.TZ_NAME });
      flash(req, { kind: 'success', key: 'triage.saved', params: { key, decision: t(decisionLabel(chosen)) } });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'PRECONDITION_FAILED') throw error;
      const current = (error.details as { current?: { decision?: string | null } } | undefined)?.current;
      flash(req, { kind: 'error', key: 'triage.stale', params: { key, decision: t(decisionLabel(current?.decision ?? null)) } });
    }
    const { search } = await readFilters(ctx, req, t);
    res.redirect(303, `/cases/triage${search ? `?${search}` : ''}#case-${id}`);
  });
  return router;
}
