import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { renderReportLayout, type ReportFrame } from '../followups/report/render.ts';
import { statusLabel, verdictLabel } from '../followups/labels.ts';
import { weeklyTrendChart } from '../web/charts/charts.ts';
import { translator, type Locale } from '../web/i18n/index.ts';
import { registerHelpers } from '../web/views/helpers.ts';
import type { PortfolioReport } from './service.ts';

const TEMPLATE = fileURLToPath(new URL('../../templates/reports/portfolio.hbs', import.meta.url));

// An isolated instance with the pages' helpers (t, num, pct, day …), so the report speaks the catalogue.
const handlebars = Handlebars.create();
registerHelpers(handlebars);
let compiled: Handlebars.TemplateDelegate | undefined;

const caseHref = (key: string) => `/reports/cases/${key}`;
const EVENT_KINDS = ['opened', 'shipped', 'resolved', 'reopened'] as const;

/**
 * The portfolio report as a standalone printable page: `templates/reports/portfolio.hbs` in the
 * reports layout, every string from the message catalogue, the trend chart as inline SVG.
 */
export async function renderPortfolioHtml(report: PortfolioReport, page: { locale: Locale; timeZone: string; frame: ReportFrame }): Promise<string> {
  compiled ??= handlebars.compile(await readFile(TEMPLATE, 'utf8'));
  const t = translator(page.locale);
  const body = compiled({ locale: page.locale, timeZone: page.timeZone, report, ...viewOf(report, page.locale), chart: weeklyTrendChart(report.trend.weeks, t) });
  const period = t('reports.portfolio.period', { from: report.period.from, to: report.period.to, days: report.period.days });
  return renderReportLayout({ lang: page.locale, title: `${t('reports.portfolio.heading')} · ${period} · Pinchpoint`, body, frame: page.frame });
}

function viewOf(report: PortfolioReport, locale: Locale) {
  const status = (s: string) => statusLabel(s, locale);
  return {
    events: EVENT_KINDS.map((kind) => ({
      kind,
      label: `reports.event.${kind}`,
      count: report.cases[kind].count,
      cases: report.cases[kind].cases.map((c) => ({ key: c.key, title: c.title, on: c.day, href: caseHref(c.key) })),
    })),
    impact: report.impact.measured.map((c) => ({
      key: c.key,
      title: c.title,
      href: caseHref(c.key),
      measuredOn: c.measurement.asOf,
      beforePerDay: c.beforePerDay,
      afterPerDay: c.afterPerDay,
      avoidedPerMonth: c.avoidedPerMonth,
      interval: c.interval && { lower: c.interval.lower, upper: c.interval.upper, hasLower: c.interval.lower !== null, hasUpper: c.interval.upper !== null },
      verdict: verdictLabel(c.measurement.verdict, locale),
    })),
    notMeasured: report.impact.notMeasured.map((c) => ({ ...c, href: caseHref(c.key) })),
    openCases: report.openProblems.cases.map((c) => ({ ...c, href: caseHref(c.key), topics: c.topics.join(', '), status: status(c.status), currentStatus: status(c.currentStatus) })),
    weeks: report.trend.weeks.map((w) => ({ ...w, change: w.previousCount === 0 ? null : (w.count - w.previousCount) / w.previousCount })),
  };
}
