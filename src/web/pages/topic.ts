import { Router } from 'express';
import { can } from '../../auth/roles.ts';
import type { AppContext } from '../../context.ts';
import { listCases } from '../../cases/service.ts';
import { findSpikes } from '../../detection/service.ts';
import { volume } from '../../inquiries/stats.ts';
import { getTopic, listTopics } from '../../taxonomy/service.ts';
import { dayOf } from '../../time.ts';
import { dailyChart } from '../charts/charts.ts';
import { render, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';
import { notesInPeriod } from '../repo.ts';
import { filterView } from './dashboard.ts';
import { periodQuery, readPeriod } from './period.ts';
import { marketChoices } from './pickers.ts';
import { spikeRow } from './spikeRows.ts';

const NOTES = 20;
const CASES = 10;

/** One topic (its sub-topics included): daily counts, share of all inquiries, change, latest notes, open spikes, and its cases. */
export function topicRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/topics/:key', ...requirePage('readStats'), async (req, res) => {
    const t = tr(res);
    const topic = await getTopic(ctx.pool, String(req.params.key));
    const choice = readPeriod(req, dayOf(ctx.now(), ctx.config.TZ_NAME));
    const markets = await marketChoices(ctx.pool);
    const market = markets.find((m) => m.key === req.query.market);
    const report = await volume(
      ctx.pool,
      { from: choice.from, to: choice.to, groupBy: 'day', topic: topic.key, ...(market ? { market: market.key } : {}) },
      { timeZone: ctx.config.TZ_NAME, now: ctx.now() },
    );
    const daily = report.groups.map((g) => ({ day: g.key, count: g.count }));
    const share = report.allInquiries === 0 ? 0 : report.total / report.allInquiries;
    const previousShare = report.previousAllInquiries === 0 ? 0 : report.previousTotal / report.previousAllInquiries;
    // What was done about this topic before, whatever became of it: the newest changed first.
    const canReadCases = can(req.principal!.role, 'readCases');
    const cases = canReadCases
      ? await listCases(ctx.pool, { topic: topic.key, limit: CASES + 1, ...(market ? { market: market.key } : {}) }, req.principal!)
      : [];
    const [notes, allTopics, spikes] = await Promise.all([
      notesInPeriod(ctx.pool, { from: choice.from, to: choice.to, topicKey: topic.key, marketKey: market?.key ?? null, limit: NOTES }),
      listTopics(ctx.pool, { includeArchived: false }),
      findSpikes(ctx.pool, { topic: topic.key, status: ['open', 'acknowledged'], ...(market ? { market: market.key } : {}) }),
    ]);
    const query = periodQuery(choice, market?.key ?? null);
    render(req, res, 'topic', {
      title: topic.name,
      topic,
      parent: topic.parentKey ? allTopics.find((x) => x.key === topic.parentKey) : undefined,
      children: allTopics.filter((x) => x.parentKey === topic.key).map((x) => ({ ...x, href: `/topics/${encodeURIComponent(x.key)}?${query}` })),
      filters: filterView(req, choice, markets, market?.key ?? null),
      action: `/topics/${encodeURIComponent(topic.key)}`,
      query,
      report,
      share,
      previousShare,
      shareChange: share - previousShare,
      daily,
      chart: dailyChart(daily, t),
      notes,
      spikes: spikes.map((s) => spikeRow(s, new Map(markets.map((m) => [m.key, m.name])))),
      canCreateCase: can(req.principal!.role, 'editCases'),
      cases: cases.slice(0, CASES).map((c) => ({ key: c.key, id: c.id, title: c.title, status: c.status, statusLabel: `cases.status.${c.status}` })),
      moreCases: cases.length > CASES,
      casesHref: `/cases?${new URLSearchParams({ view: 'list', topic: topic.key, ...(market ? { market: market.key } : {}) })}`,
      canReadCases,
    });
  });
  return router;
}
