import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { numberFormats, type Locale } from '../format.ts';
import { verdictLabel } from '../labels.ts';
import type { ExperienceBeforeAfter } from '../../surveys/beforeAfter.ts';
import type { NpsFigure } from '../../surveys/figures.ts';
import type { MeasurementView } from '../measurementView.ts';
import type { CaseReport } from './build.ts';
import { storyChartSvg } from './chart.ts';
import { reportLabels, type ReportLabels } from './labels.ts';
import { formatDay } from './problem.ts';

const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/reports/', import.meta.url));

// An isolated instance: helpers or partials registered elsewhere never leak into reports.
const handlebars = Handlebars.create();
const compiled = new Map<string, { mtimeMs: number; render: Handlebars.TemplateDelegate }>();

/** Compiles a report template once per file version, so an edited template shows without a restart. */
async function template(name: string): Promise<Handlebars.TemplateDelegate> {
  const path = `${TEMPLATES_DIR}${name}`;
  const { mtimeMs } = await stat(path);
  const cached = compiled.get(path);
  if (cached?.mtimeMs === mtimeMs) return cached.render;
  const render = handlebars.compile(await readFile(path, 'utf8'), { strict: false });
  compiled.set(path, { mtimeMs, render });
  return render;
}

/**
 * The case report as a standalone HTML page: `templates/reports/case.hbs` inside
 * `templates/reports/layout.hbs` (print CSS, no scripts), the chart inlined as SVG. Every value
 * is HTML-escaped by Handlebars except the SVG, which ECharts wrote and escaped itself.
 */
export async function renderCaseReportHtml(report: CaseReport, page: ReportPageOptions = {}): Promise<string> {
  const labels = reportLabels[report.lang];
  const chartSvg = page.chartSvg ?? storyChartSvg(report, labels);
  const body = (await template('case.hbs'))({ labels, report, view: viewOf(report, labels), chartSvg });
  return renderReportLayout({ lang: report.lang, title: `${report.case.key} · ${report.case.title}`, body, ...(page.frame ? { frame: page.frame } : {}) });
}

/**
 * What the web app adds around a report it serves to a signed-in person: a nonce that lets the
 * layout's style block through its Content-Security-Policy, and a way back to the app (not printed).
 */
export interface ReportFrame {
  styleNonce: string;
  skipLabel: string;
  navLabel: string;
  back: { href: string; label: string };
  languages: Array<{ locale: string; name: string; href: string; current: boolean }>;
}

export interface ReportPageOptions {
  /** The chart as SVG already drawn (the web app draws it without inline styles). */
  chartSvg?: string;
  frame?: ReportFrame;
}

/** Any report body inside `templates/reports/layout.hbs`: print CSS, no scripts, optionally the web app's frame. */
export async function renderReportLayout(input: { lang: string; title: string; body: string; frame?: ReportFrame }): Promise<string> {
  return (await template('layout.hbs'))(input);
}

/** Numbers and days written out for people, in the report's language. */
function viewOf(report: CaseReport, labels: ReportLabels) {
  const lang = report.lang;
  const day = (d: string) => formatDay(d, lang);
  return {
    asOf: day(report.asOf),
    markets: report.case.markets.length ? report.case.markets.map((m) => m.name).join(', ') : labels.allMarkets,
    topics: report.case.topics.map((t) => t.name).join(', '),
    rootCauses: report.method.rootCauses.map((c) => ({ text: c.text, category: c.category ? (labels.category[c.category] ?? c.category) : null })),
    actions: report.method.actions.map((a) => ({
      title: a.title,
      owner: a.owner ?? labels.nobody,
      due: a.dueDate ? day(a.dueDate) : null,
      status: labels.actionStatus[a.status] ?? a.status,
    })),
    fix: report.fix ? { shippedAt: day(report.fix.fixDay), offsets: report.fix.offsetsDays.map((d) => `+${d}`).join(', ') } : null,
    followups: report.followups.map((f) => ({
      label: labels.followup(f.offsetDays),
      asOf: day(f.asOf),
      state: f.measurementId === null ? labels.planned : labels.measured,
    })),
    measurements: report.measurements.map((m) => measurementRow(m, labels, lang)),
    experience: report.measurements.flatMap((m) => experienceRow(m, labels, lang) ?? []),
  };
}

/** NPS before and after a measurement's fix, when the case's topics have survey answers in its windows. */
function experienceRow(m: MeasurementView, labels: ReportLabels, lang: Locale) {
  const experience = (m.figures as { experience?: ExperienceBeforeAfter }).experience;
  if (!experience?.hasAnswers) return undefined;
  const score = numberFormats(lang).npsPoints;
  const side = (figure: NpsFigure) =>
    figure.insufficient
      ? labels.tooFewAnswers(figure.n, figure.needed)
      : `${score(figure.nps)} (${score(figure.ci.low)} … ${score(figure.ci.high)}; ${labels.answers(figure.n)})`;
  const change = experience.change.nps;
  return {
    asOf: formatDay(m.asOf, lang),
    before: side(experience.before.nps),
    after: side(experience.after.nps),
    change: change ? `${score(change.delta)}${change.ci ? ` (${score(change.ci.low)} … ${score(change.ci.high)})` : ''}` : '—',
    significant: change?.significant ?? false,
  };
}

interface StoredWindow {
  from: string;
  to: string;
}
interface StoredSide {
  count: number;
  ratePerDay?: number | null;
  total?: number;
  share?: number | null;
}
interface StoredComparison {
  before: StoredSide;
  after: StoredSide;
  change: number | null;
  changeCi: { lower: number | null; upper: number | null };
  pValue: number | null;
}

function measurementRow(m: MeasurementView, labels: ReportLabels, lang: Locale) {
  const n = numberFormats(lang);
  const windows = m.windows as { before: StoredWindow; after: StoredWindow };
  const figures = m.figures as { rate: StoredComparison; share: StoredComparison };
  const judgement = m.judgement as { basis: 'rate' | 'share'; target?: { met: boolean } };
  const basis = figures[judgement.basis];
  const orDash = (value: number | null | undefined, format: (v: number) => string) => (value === null || value === undefined ? '—' : format(value));
  const side = (name: 'before' | 'after') => {
    const window = windows[name];
    const rate = figures.rate[name];
    const share = figures.share[name];
    return `${formatDay(window.from, lang)} – ${formatDay(window.to, lang)}: ${n.count(rate.count)} (${orDash(rate.ratePerDay, n.rate)} ${labels.perDay}, ${orDash(share.share, n.share)} ${labels.ofAll})`;
  };
  return {
    asOf: formatDay(m.asOf, lang),
    kind: m.kind === 'scheduled' ? `${labels.scheduled} ${labels.followup(m.offsetDays!)}` : labels.manual,
    before: side('before'),
    after: side('after'),
    change: orDash(basis.change, n.change),
    interval: `${orDash(basis.changeCi.lower, n.change)} … ${orDash(basis.changeCi.upper, n.change)}`,
    pValue: orDash(basis.pValue, (p) => formatP(p, lang)),
    verdict: verdictLabel(m.verdict, lang),
    verdictCode: m.verdict,
    targetMet: judgement.target === undefined ? '—' : judgement.target.met ? labels.yes : labels.no,
    sentence: m.sentence[lang],
  };
}

/** p < 0.001 as such; otherwise three decimals. */
function formatP(p: number, lang: Locale): string {
  const tag = lang === 'nb' ? 'nb-NO' : 'en-GB';
  if (p < 0.001) return `< ${new Intl.NumberFormat(tag, { minimumFractionDigits: 3 }).format(0.001)}`;
  return new Intl.NumberFormat(tag, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(p);
}
