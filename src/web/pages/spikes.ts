import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { can } from '../../auth/roles.ts';
import { createCaseBody } from '../../cases/schemas.ts';
import { createCase } from '../../cases/service.ts';
import type { AppContext } from '../../context.ts';
import { acknowledgeSpike, dismissSpike, findSpikes, getSpikeDetail } from '../../detection/service.ts';
import { SPIKE_STATUSES } from '../../detection/spikes.ts';
import { AppError } from '../../http/errors.ts';
import { parseInput } from '../../http/validation.ts';
import { dayOf, isValidDay } from '../../time.ts';
import { spikeChart } from '../charts/charts.ts';
import { field, fieldErrors, type FieldErrors } from '../http/forms.ts';
import { flash, render, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';
import { marketChoices, topicChoices } from './pickers.ts';
import { spikeRow } from './spikeRows.ts';

const DEFAULT_STATUSES = ['open', 'acknowledged'];
const dismissForm = z.object({ reason: z.string().trim().min(1, 'spike.reasonRequired').max(2000, 'spike.reasonTooLong') });
const spikeId = (req: Request) => {
  const id = Number(req.params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('NOT_FOUND', `No spike "${String(req.params.id)}"`);
  return id;
};
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);

/** Spikes: a filterable list, and a page per spike with its chart, triage and "create a case". */
export function spikePageRoutes(ctx: AppContext): Router {
  const router = Router();
  const read = requirePage('readSpikes');

  router.get('/spikes', ...read, async (req, res) => {
    const t = tr(res);
    const asked = list(req.query.status).filter((s) => (SPIKE_STATUSES as readonly string[]).includes(s));
    // A submitted filter form always sends `filtered`, so unticking every box means "any status".
    const statuses = asked.length > 0 ? asked : req.query.filtered ? [] : DEFAULT_STATUSES;
    const [topics, markets] = await Promise.all([topicChoices(ctx.pool), marketChoices(ctx.pool)]);
    const topic = topics.find((x) => x.key === req.query.topic)?.key;
    const market = markets.find((x) => x.key === req.query.market)?.key;
    const errors: FieldErrors = {};
    const day = (name: 'from' | 'to') => {
      const value = typeof req.query[name] === 'string' ? String(req.query[name]).trim() : '';
      if (value && !isValidDay(value)) errors[name] = t('period.badDate');
      return value && isValidDay(value) ? value : undefined;
    };
    const from = day('from');
    const to = day('to');
    const spikes = await findSpikes(ctx.pool, {
      ...(statuses.length ? { status: statuses } : {}),
      ...(topic ? { topic } : {}),
      ...(market ? { market } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    });
    spikes.sort((a, b) => b.lastDay.localeCompare(a.lastDay) || b.score - a.score);
    render(req, res, 'spikes', {
      title: t('spikes.title'),
      statuses: SPIKE_STATUSES.map((s) => ({ value: s, label: `spikeStatus.${s}`, checked: statuses.includes(s) })),
      topics: topics.map((x) => ({ key: x.key, label: x.label, selected: x.key === topic })),
      markets: markets.map((x) => ({ key: x.key, name: x.name, selected: x.key === market })),
      from: typeof req.query.from === 'string' ? req.query.from : '',
      to: typeof req.query.to === 'string' ? req.query.to : '',
      errors,
      spikes: spikes.map((s) => spikeRow(s, new Map(markets.map((m) => [m.key, m.name])))),
      canCreateCase: can(req.principal!.role, 'editCases'),
    });
  });

  async function showSpike(req: Request, res: Response, input: { reason?: string; errors?: FieldErrors; status?: number } = {}) {
    const t = tr(res);
    const today = dayOf(ctx.now(), ctx.config.TZ_NAME);
    const spike = await getSpikeDetail(ctx.pool, spikeId(req), { today, country: ctx.config.HOLIDAY_COUNTRY });
    const role = req.principal!.role;
    const markets = await marketChoices(ctx.pool);
    const row = spikeRow(spike, new Map(markets.map((m) => [m.key, m.name])));
    render(
      req,
      res,
      'spike',
      {
        title: t('spike.title', { topic: spike.topicName }),
        spike: row,
        chart: spike.daily.length ? spikeChart(spike.daily, t) : undefined,
        daily: spike.daily.map((d) => ({ ...d, expected: Math.round(d.expected * 10) / 10, upper: Math.round(d.upper * 10) / 10 })),
        raisedDays: spike.raisedDays.map((d) => ({ ...d, kindLabel: `spikeKind.${d.kind}`, observed: Math.round(d.observed * 10) / 10, expected: Math.round(d.expected * 10) / 10, upper: Math.round(d.upper * 10) / 10, score: Math.round(d.score * 10) / 10 })),
        canAcknowledge: can(role, 'triageSpikes') && spike.status === 'open',
        canDismiss: can(role, 'triageSpikes') && row.triageable,
        canCreateCase: can(role, 'editCases') && spike.status !== 'linked',
        reason: input.reason ?? '',
        errors: input.errors ?? {},
      },
      { status: input.status ?? 200 },
    );
  }

  router.get('/spikes/:id', ...read, async (req, res) => {
    await showSpike(req, res);
  });

  /**
   * Runs a step on a spike and goes where it says (by default back to the spike); a refusal from the
   * service (e.g. already dismissed) is shown on the spike, not thrown.
   */
  const act = async (req: Request, res: Response, step: () => Promise<string | void>) => {
    let next: string | void = undefined;
    try {
      next = await step();
    } catch (error) {
      if (!(error instanceof AppError) || !['CONFLICT', 'UNPROCESSABLE'].includes(error.code)) throw error;
      flash(req, { kind: 'error', key: 'spike.refused', params: { reason: error.message } });
    }
    res.redirect(303, next || `/spikes/${spikeId(req)}`);
  };

  router.post('/spikes/:id/acknowledge', ...requirePage('triageSpikes'), async (req, res) => {
    await act(req, res, async () => {
      await acknowledgeSpike(ctx.pool, spikeId(req), ctx.now());
      flash(req, { kind: 'success', key: 'spike.acknowledged' });
    });
  });

  router.post('/spikes/:id/dismiss', ...requirePage('triageSpikes'), async (req, res) => {
    const parsed = dismissForm.safeParse({ reason: field(req.body, 'reason') });
    if (!parsed.success) {
      await showSpike(req, res, { reason: field(req.body, 'reason'), errors: fieldErrors(parsed.error, tr(res)), status: 400 });
      return;
    }
    await act(req, res, async () => {
      await dismissSpike(ctx.pool, spikeId(req), parsed.data.reason, ctx.now());
      flash(req, { kind: 'success', key: 'spike.dismissed' });
    });
  });

  // A new case opens on its own page, where refining it starts; a refusal stays on the spike.
  router.post('/spikes/:id/case', ...requirePage('editCases'), async (req, res) => {
    await act(req, res, async () => {
      const body = parseInput(createCaseBody, { spikeId: spikeId(req) }, 'case', 'UNPROCESSABLE');
      const created = await createCase(ctx.pool, body, { principal: req.principal!, asOf: ctx.now(), timeZone: ctx.config.TZ_NAME });
      flash(req, { kind: 'success', key: 'spike.caseCreated', params: { key: created.key, title: created.title } });
      return `/cases/${created.id}`;
    });
  });
  return router;
}
