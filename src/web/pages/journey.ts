import { Router } from 'express';
import type { AppContext } from '../../context.ts';
import type { Stop } from '../../journey/stops.ts';
import { journeyView, type PhaseStop } from '../../journey/view.ts';
import type { CesFigure, NpsFigure } from '../../surveys/figures.ts';
import { dayOf } from '../../time.ts';
import { journeyChart } from '../charts/charts.ts';
import { render, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';
import type { Translate } from '../i18n/index.ts';
import { filterView } from './dashboard.ts';
import { readPeriod } from './period.ts';
import { marketChoices } from './pickers.ts';

// `|| 0`: a value that rounds to zero from below is 0, not "-0".
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits || 0;

/** NPS as the page shows it: the figure with its interval, or how many answers there are of the minimum. */
function npsView(figure: NpsFigure) {
  if (figure.insufficient) return { n: figure.n, insufficient: true, needed: figure.needed };
  return { n: figure.n, insufficient: false, value: round(figure.nps), low: round(figure.ci.low), high: round(figure.ci.high) };
}

function cesViews(ces: Partial<Record<string, CesFigure>>) {
  return Object.entries(ces).map(([scale, figure]) =>
    figure!.insufficient
      ? { scale: scale.replace('-', '–'), n: figure!.n, insufficient: true, needed: figure!.needed }
      : { scale: scale.replace('-', '–'), n: figure!.n, insufficient: false, mean: round(figure!.mean, 2), low: figure!.ci && round(figure!.ci.low, 2), high: figure!.ci && round(figure!.ci.high, 2) },
  );
}

/** What one stop (a phase or the unplaced remainder) shows: figures, topics, touch points, linked spikes and cases. */
function stopView(stop: Stop, marketNames: Map<string, string>) {
  const topicNames = new Map(stop.topics.map((topic) => [topic.key, topic.name]));
  return {
    inquiries: stop.inquiries,
    topics: stop.topics.map((topic) => ({ ...topic, inheritedFromName: topic.inheritedFrom && (topicNames.get(topic.inheritedFrom) ?? topic.inheritedFrom) })),
    nps: npsView(stop.experience.current.nps),
    ces: cesViews(stop.experience.current.ces),
    openSpikes: stop.openSpikes.map((spike) => ({
      ...spike,
      topicName: topicNames.get(spike.topic) ?? spike.topic,
      marketName: spike.market ? (marketNames.get(spike.market) ?? spike.market) : null,
      kindLabel: `spikeKind.${spike.kind}`,
      statusLabel: `spikeStatus.${spike.status}`,
    })),
    openCases: stop.openCases.map((c) => ({ ...c, statusLabel: `triage.caseStatus.${c.status}` })),
  };
}

function phaseView(phase: PhaseStop, marketNames: Map<string, string>) {
  return {
    key: phase.key,
    name: phase.name,
    description: phase.description,
    momentOfTruth: phase.momentOfTruth,
    touchPoints: phase.touchPoints,
    ...stopView(phase, marketNames),
  };
}

function chartLabel(t: Translate, phases: Array<{ name: string; inquiries: { count: number } }>, period: { from: string; to: string }) {
  const counts = phases.map((p) => `${p.name} ${p.inquiries.count}`).join(', ');
  return t('journey.chartLabel', { from: period.from, to: period.to, counts });
}

/** The customer journey page: per phase, in order, where it pinches — volume, share, spikes, cases, NPS and CES. */
export function journeyPageRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/journey', ...requirePage('readStats'), async (req, res) => {
    const t = tr(res);
    const choice = readPeriod(req, dayOf(ctx.now(), ctx.config.TZ_NAME));
    const markets = await marketChoices(ctx.pool);
    const market = markets.find((m) => m.key === req.query.market);
    const view = await journeyView(
      ctx.pool,
      { from: choice.from, to: choice.to, ...(market ? { market: market.key } : {}) },
      { timeZone: ctx.config.TZ_NAME, now: ctx.now(), minSample: ctx.config.SURVEY_MIN_SAMPLE },
    );
    const marketNames = new Map(markets.map((m) => [m.key, m.name]));
    const phases = view.phases.map((phase) => phaseView(phase, marketNames));
    const nameOf = (key: string | null) => view.phases.find((p) => p.key === key)?.name;
    render(req, res, 'journey', {
      title: t('journey.title'),
      filters: filterView(req, choice, markets, market?.key ?? null),
      view,
      phases,
      unplaced: stopView(view.unplaced, marketNames),
      hasUnplaced: view.unplaced.topics.length + view.unplaced.openSpikes.length + view.unplaced.openCases.length > 0,
      pinches: { mostInquiries: nameOf(view.pinches.mostInquiries), lowestNps: nameOf(view.pinches.lowestNps), mostOpenSpikes: nameOf(view.pinches.mostOpenSpikes) },
      chart: journeyChart(
        view.phases.map((p) => ({ name: p.name, count: p.inquiries.count, momentOfTruth: p.momentOfTruth })),
        chartLabel(t, view.phases, view.period),
      ),
    });
  });
  return router;
}
