import { Router, type Request } from 'express';
import { can } from '../../auth/roles.ts';
import type { AppContext } from '../../context.ts';
import { findSpikes } from '../../detection/service.ts';
import { volume, type VolumeGroup } from '../../inquiries/stats.ts';
import { addDays, dayOf, daysInclusive } from '../../time.ts';
import { sparkline } from '../charts/charts.ts';
import { render, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';
import { dailyCountsByTopic } from '../repo.ts';
import { periodQuery, readPeriod, type PeriodChoice } from './period.ts';
import { marketChoices } from './pickers.ts';
import { spikeRow } from './spikeRows.ts';

const SHOWN_TOPICS = 25;
const SORTS = ['volume', 'share', 'change'] as const;
type Sort = (typeof SORTS)[number];

const byChange = (g: VolumeGroup) => (g.change === null ? (g.count > 0 ? Number.POSITIVE_INFINITY : 0) : g.change);
const sorters: Record<Sort, (a: VolumeGroup, b: VolumeGroup) => number> = {
  volume: (a, b) => b.count - a.count || a.name.localeCompare(b.name),
  // Share gained against the previous period, in points: what grew relative to everything else.
  share: (a, b) => b.share - b.previousShare - (a.share - a.previousShare) || b.count - a.count,
  change: (a, b) => byChange(b) - byChange(a) || b.count - a.count,
};

/** Where it pinches: topics ranked for a period and market, each with its change and a small daily chart; open spikes on top. */
export function dashboardRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/dashboard', ...requirePage('readStats'), async (req, res) => {
    const t = tr(res);
    const today = dayOf(ctx.now(), ctx.config.TZ_NAME);
    const choice = readPeriod(req, today);
    const markets = await marketChoices(ctx.pool);
    const market = markets.find((m) => m.key === req.query.market);
    const sort: Sort = (SORTS as readonly string[]).includes(String(req.query.sort)) ? (req.query.sort as Sort) : 'volume';
    const report = await volume(
      ctx.pool,
      { from: choice.from, to: choice.to, groupBy: 'topic', ...(market ? { market: market.key } : {}) },
      { timeZone: ctx.config.TZ_NAME, now: ctx.now() },
    );
    const ranked = [...report.groups].sort(sorters[sort]).slice(0, SHOWN_TOPICS);
    const series = await sparklineSeries(ctx, ranked.map((g) => g.key), choice, market?.id ?? null);
    const spikes = (await findSpikes(ctx.pool, { status: ['open', 'acknowledged'], ...(market ? { market: market.key } : {}) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
    const query = periodQuery(choice, market?.key ?? null);
    render(req, res, 'dashboard', {
      today: choice.to < today ? await todaySoFar(ctx, today, market?.key) : null,
      title: t('dashboard.title'),
      filters: filterView(req, choice, markets, market?.key ?? null, sort),
      report,
      query,
      shownCount: ranked.length,
      topics: ranked.map((group, index) => ({
        ...group,
        rank: index + 1,
        shareChange: group.share - group.previousShare,
        trend: group.change === null ? (group.count > 0 ? 'up' : '') : group.change > 0 ? 'up' : group.change < 0 ? 'down' : '',
        chart: sparkline(series.get(group.key)!, t),
        href: `/topics/${encodeURIComponent(group.key)}?${query}`,
      })),
      spikes: spikes.map((s) => spikeRow(s, new Map(markets.map((m) => [m.key, m.name])))),
      canCreateCase: can(req.principal!.role, 'editCases'),
    });
  });
  return router;
}

/**
 * Today's count beside periods of whole days, so a leader sees what agents log today, and a link
 * to today's topics (a custom period, whose change against yesterday is the reader's call).
 */
async function todaySoFar(ctx: AppContext, today: string, market: string | undefined) {
  const report = await volume(ctx.pool, { from: today, to: today, groupBy: 'market', ...(market ? { market } : {}) }, { timeZone: ctx.config.TZ_NAME, now: ctx.now() });
  const params = new URLSearchParams({ period: 'custom', from: today, to: today });
  if (market) params.set('market', market);
  return { count: report.total, href: `/dashboard?${params}` };
}

/** Zero-filled daily counts per topic over the period (one query for all rows). */
async function sparklineSeries(ctx: AppContext, topicKeys: string[], choice: PeriodChoice, marketId: number | null) {
  const rows = await dailyCountsByTopic(ctx.pool, { from: choice.from, to: choice.to, topicKeys, marketId });
  const days = Array.from({ length: daysInclusive(choice.from, choice.to) }, (_, i) => addDays(choice.from, i));
  const counts = new Map(rows.map((r) => [`${r.topic}|${r.day}`, r.count]));
  return new Map(topicKeys.map((key) => [key, days.map((day) => ({ day, count: counts.get(`${key}|${day}`) ?? 0 }))]));
}

export function filterView(req: Request, choice: PeriodChoice, markets: Array<{ key: string; name: string }>, market: string | null, sort?: Sort) {
  const raw = (name: string) => (typeof req.query[name] === 'string' ? String(req.query[name]) : '');
  return {
    periods: ['7', '30', '90', 'custom'].map((p) => ({ value: p, label: `period.${p}`, checked: p === choice.period })),
    custom: choice.period === 'custom',
    from: choice.period === 'custom' ? raw('from') || choice.from : choice.from,
    to: choice.period === 'custom' ? raw('to') || choice.to : choice.to,
    errors: choice.errors,
    markets: markets.map((m) => ({ key: m.key, name: m.name, selected: m.key === market })),
    sorts: sort ? SORTS.map((s) => ({ value: s, label: `dashboard.sort.${s}`, selected: s === sort })) : undefined,
  };
}
