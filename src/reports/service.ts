import { caseKey } from '../cases/view.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { listMarkets } from '../taxonomy/service.ts';
import { dayOf, type Day } from '../time.ts';
import { DAYS_PER_MONTH, impactOf, type CaseImpact } from './impact.ts';
import { checkPeriod, describeProblem, previousPeriodOf, type Period, type PeriodProblems } from './period.ts';
import * as repo from './repo.ts';
import type { PortfolioQuery } from './schemas.ts';
import { weeklyTrend, type TrendWeek } from './trend.ts';

export { lastFullQuarter, last90Days, type Period, type PeriodProblems } from './period.ts';
export { DAYS_PER_MONTH, type CaseImpact } from './impact.ts';
export type { TrendWeek } from './trend.ts';

const OPEN_CASES_SHOWN = 10;
const UNCOVERED_TOPICS_SHOWN = 10;

export interface CaseRef {
  id: number;
  key: string;
  title: string;
}

export interface CaseEvent extends CaseRef {
  /** The first day in the period the case had the event. */
  day: Day;
  currentStatus: string;
}

export interface PortfolioReport {
  /** Today in TZ_NAME, when the report was made; the period never goes past it. */
  today: Day;
  period: Period;
  previousPeriod: Period;
  market: { key: string; name: string } | null;
  /** Distinct cases with each event in the period, from the case history. */
  cases: Record<repo.CaseEventKind, { count: number; cases: CaseEvent[] }>;
  impact: {
    daysPerMonth: number;
    /** Sum of avoidedPerMonth over the resolved cases with a measurement. */
    avoidedPerMonth: number;
    measured: CaseImpact[];
    /** Resolved in the period but with no measurement by its end: never counted. */
    notMeasured: CaseRef[];
  };
  openProblems: {
    /** All inquiries in the period (in the market): the denominator of every share below. */
    totalInquiries: number;
    openCaseCount: number;
    cases: Array<CaseRef & { status: string; currentStatus: string; topics: string[]; count: number; share: number }>;
    topicsWithoutCase: Array<{ key: string; name: string; count: number; share: number }>;
  };
  /**
   * `dataSince`: the first day anything was logged. When it falls after the previous period began,
   * that period is only partly counted and `previousIncomplete` says so (the page warns).
   */
  trend: { total: number; previousTotal: number; change: number | null; weeks: TrendWeek[]; dataSince: Day | null; previousIncomplete: boolean };
}

export interface ReportClock {
  timeZone: string;
  now: Date;
}

/** The input problems by field, carried in an INVALID_INPUT error's details for pages to show by field. */
export interface PortfolioInputDetails {
  fields: PeriodProblems;
  problems: string[];
}

function invalid(fields: PeriodProblems, context: { from?: string; today: Day; market?: string }): AppError {
  const problems = Object.entries(fields).map(([field, problem]) => describeProblem(field as keyof PeriodProblems, problem, context));
  return new AppError('INVALID_INPUT', `Invalid query: ${problems.join('; ')}`, { fields, problems } satisfies PortfolioInputDetails);
}

/** The period and market a query asks for; bad dates, an upside-down or future period and unknown markets are INVALID_INPUT by field. */
export async function resolvePortfolioQuery(db: Db, query: PortfolioQuery, clock: ReportClock): Promise<{ period: Period; market: { id: number; key: string; name: string } | null; today: Day }> {
  const today = dayOf(clock.now, clock.timeZone);
  const checked = checkPeriod(query, today);
  const fields: PeriodProblems = 'problems' in checked ? { ...checked.problems } : {};
  let market: { id: number; key: string; name: string } | null = null;
  if (query.market) {
    const markets = await listMarkets(db, { includeArchived: true });
    const asked = markets.find((m) => m.key === query.market);
    // A merged market's inquiries live under the market it was merged into.
    const found = asked?.mergedInto ? markets.find((m) => m.key === asked.mergedInto) : asked;
    if (found) market = { id: found.id, key: found.key, name: found.name };
    else fields.market = 'unknownMarket';
  }
  if (Object.keys(fields).length > 0 || 'problems' in checked) {
    throw invalid(fields, { ...(query.from ? { from: query.from } : {}), today, ...(query.market ? { market: query.market } : {}) });
  }
  return { period: checked.period, market, today };
}

/**
 * The portfolio report for leadership: what happened to cases in the period, what the resolved ones
 * measurably saved, where the biggest open problems are, and the total inquiry trend against the
 * period before.
 */
export async function portfolioReport(db: Db, query: PortfolioQuery, clock: ReportClock): Promise<PortfolioReport> {
  const { period, market, today } = await resolvePortfolioQuery(db, query, clock);
  const previous = previousPeriodOf(period);
  const scope = { from: period.from, to: period.to, timeZone: clock.timeZone, marketId: market?.id ?? null };

  const events = await repo.listCaseEvents(db, scope);
  const cases = { opened: eventsOf(events, 'opened'), shipped: eventsOf(events, 'shipped'), resolved: eventsOf(events, 'resolved'), reopened: eventsOf(events, 'reopened') };
  const impact = await impactOfResolved(db, cases.resolved.cases, period.to);

  const daily = await repo.listDailyTotals(db, { from: previous.from, to: period.to, marketId: scope.marketId });
  const weeks = weeklyTrend(period, previous, daily);
  const total = weeks.reduce((sum, w) => sum + w.count, 0);
  const previousTotal = weeks.reduce((sum, w) => sum + w.previousCount, 0);
  const dataSince = await repo.firstLoggedDay(db, { marketId: scope.marketId });

  return {
    today,
    period,
    previousPeriod: previous,
    market: market ? { key: market.key, name: market.name } : null,
    cases,
    impact,
    openProblems: await openProblems(db, scope, total),
    trend: {
      total,
      previousTotal,
      change: previousTotal === 0 ? null : (total - previousTotal) / previousTotal,
      weeks,
      dataSince,
      previousIncomplete: dataSince !== null && dataSince > previous.from,
    },
  };
}

function eventsOf(rows: repo.CaseEventRow[], kind: repo.CaseEventKind) {
  const cases = rows.filter((r) => r.kind === kind).map((r) => ({ id: r.caseId, key: caseKey(r.caseId), title: r.title, day: r.day, currentStatus: r.currentStatus }));
  return { count: cases.length, cases };
}

async function impactOfResolved(db: Db, resolved: CaseEvent[], upTo: Day): Promise<PortfolioReport['impact']> {
  const latest = new Map((await repo.listLatestMeasurements(db, { caseIds: resolved.map((c) => c.id), upTo })).map((m) => [m.caseId, m]));
  const measured: CaseImpact[] = [];
  const notMeasured: CaseRef[] = [];
  for (const c of resolved) {
    const m = latest.get(c.id);
    const figures = m ? impactOf(m.figures) : undefined;
    if (!m || !figures) {
      notMeasured.push({ id: c.id, key: c.key, title: c.title });
      continue;
    }
    measured.push({
      caseId: c.id,
      key: c.key,
      title: c.title,
      measurement: { id: m.id, asOf: m.asOf, kind: m.kind, offsetDays: m.offsetDays, verdict: m.verdict, sentence: { en: m.sentenceEn, nb: m.sentenceNb } },
      ...figures,
    });
  }
  measured.sort((a, b) => b.avoidedPerMonth - a.avoidedPerMonth || a.caseId - b.caseId);
  return { daysPerMonth: DAYS_PER_MONTH, avoidedPerMonth: measured.reduce((sum, c) => sum + c.avoidedPerMonth, 0), measured, notMeasured };
}

async function openProblems(db: Db, scope: { from: Day; to: Day; timeZone: string; marketId: number | null }, totalInquiries: number): Promise<PortfolioReport['openProblems']> {
  const share = (count: number) => (totalInquiries === 0 ? 0 : count / totalInquiries);
  const open = await repo.listOpenCasesWithVolume(db, scope);
  const covered = new Set(open.flatMap((c) => c.topicIds));
  const topics = await repo.listTopicVolumes(db, scope);
  return {
    totalInquiries,
    openCaseCount: open.length,
    cases: open.slice(0, OPEN_CASES_SHOWN).map((c) => ({
      id: c.caseId,
      key: caseKey(c.caseId),
      title: c.title,
      status: c.status,
      currentStatus: c.currentStatus,
      topics: c.topics,
      count: c.count,
      share: share(c.count),
    })),
    topicsWithoutCase: topics
      .filter((t) => !covered.has(t.topicId))
      .slice(0, UNCOVERED_TOPICS_SHOWN)
      .map((t) => ({ key: t.key, name: t.name, count: t.count, share: share(t.count) })),
  };
}
