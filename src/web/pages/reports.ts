import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.ts';
import { listCases, parseCaseId } from '../../cases/service.ts';
import { listCasesQuery } from '../../cases/schemas.ts';
import { buildCaseReport } from '../../followups/report/build.ts';
import { reportLabels } from '../../followups/report/labels.ts';
import { renderCaseReportHtml, type ReportFrame } from '../../followups/report/render.ts';
import { statusLabel } from '../../followups/labels.ts';
import { AppError } from '../../http/errors.ts';
import { MAX_PERIOD_DAYS } from '../../reports/period.ts';
import { renderPortfolioHtml } from '../../reports/render.ts';
import { last90Days, lastFullQuarter, portfolioReport, type PeriodProblems, type PortfolioInputDetails } from '../../reports/service.ts';
import { listMarkets } from '../../taxonomy/service.ts';
import { dayOf } from '../../time.ts';
import { caseStoryChart } from '../charts/charts.ts';
import { LOCALES, type Locale, type MessageKey } from '../i18n/index.ts';
import { CONTENT_SECURITY_POLICY } from '../http/security.ts';
import { localeOf, render, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';

const CASES_LISTED = 200;
const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', nb: 'Norsk bokmål' };

/** A repeated parameter (?from=a&from=b) reads as one bad value instead of being half-used. */
const queryText = (value: unknown): string => (value === undefined ? '' : String(value));

/** Reports for leadership: the index with the portfolio form and every case report, the portfolio report, and case reports with the session. */
export function reportsPageRoutes(ctx: AppContext): Router {
  const router = Router();
  const clock = () => ({ timeZone: ctx.config.TZ_NAME, now: ctx.now() });

  router.get('/reports', ...requirePage('readReports'), async (req, res) => {
    const quarter = lastFullQuarter(dayOf(ctx.now(), ctx.config.TZ_NAME));
    await renderIndex(ctx, req, res, { form: { from: quarter.from, to: quarter.to, market: queryText(req.query.market) }, problems: {} });
  });

  router.get('/reports/portfolio', ...requirePage('readReports'), async (req, res) => {
    const form = { from: queryText(req.query.from), to: queryText(req.query.to), market: queryText(req.query.market) };
    let report;
    try {
      report = await portfolioReport(ctx.pool, form, clock());
    } catch (error) {
      const fields = error instanceof AppError && error.code === 'INVALID_INPUT' ? (error.details as PortfolioInputDetails | undefined)?.fields : undefined;
      if (!fields) throw error;
      return renderIndex(ctx, req, res, { form, problems: fields }, 400);
    }
    const nonce = newNonce();
    const html = await renderPortfolioHtml(report, { locale: localeOf(res), timeZone: ctx.config.TZ_NAME, frame: frameOf(req, res, nonce, '/reports') });
    sendReport(res, html, nonce);
  });

  router.get('/reports/cases/:id', ...requirePage('readReports'), async (req, res) => {
    const locale = localeOf(res);
    const report = await buildCaseReport(ctx, parseCaseId(String(req.params.id)), locale);
    const nonce = newNonce();
    const html = await renderCaseReportHtml(report, {
      chartSvg: caseStoryChart(report, reportLabels[locale]).toHTML(),
      frame: frameOf(req, res, nonce, `/cases/${report.case.key}`),
    });
    sendReport(res, html, nonce);
  });

  return router;
}

async function renderIndex(ctx: AppContext, req: Request, res: Response, input: { form: { from: string; to: string; market: string }; problems: PeriodProblems }, status = 200) {
  const t = tr(res);
  const locale = localeOf(res);
  const today = dayOf(ctx.now(), ctx.config.TZ_NAME);
  const markets = await listMarkets(ctx.pool, { includeArchived: false });
  const cases = await listCases(ctx.pool, listCasesQuery.parse({ limit: String(CASES_LISTED) }), req.principal!);
  const errors = Object.fromEntries(
    Object.entries(input.problems).map(([field, problem]) => [field, t(`reports.error.${problem}` as MessageKey, { days: MAX_PERIOD_DAYS })]),
  );
  const link = (period: { from: string; to: string }) => ({ ...period, href: `/reports/portfolio?${new URLSearchParams(period).toString()}` });
  render(
    req,
    res,
    'reports',
    {
      title: t('reports.title'),
      form: input.form,
      errors,
      hasErrors: Object.keys(errors).length > 0,
      markets: markets.map((m) => ({ key: m.key, name: m.name, selected: m.key === input.form.market })),
      quick: { quarter: link(lastFullQuarter(today)), last90: link(last90Days(today)) },
      cases: [...cases]
        .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || b.id - a.id)
        .map((c) => ({ key: c.key, title: c.title, status: statusLabel(c.status, locale), updatedAt: c.updatedAt, href: `/reports/cases/${c.key}` })),
    },
    { status },
  );
}

const newNonce = () => randomBytes(16).toString('base64');

/** The way back to the app and the language switch around a printed report (hidden on paper). */
function frameOf(req: Request, res: Response, nonce: string, back: string): ReportFrame {
  const t = tr(res);
  const current = localeOf(res);
  return {
    styleNonce: nonce,
    skipLabel: t('layout.skip'),
    navLabel: t('reports.frame.nav'),
    back: { href: back, label: t('reports.back') },
    languages: LOCALES.map((locale) => {
      const url = new URL(req.originalUrl, 'http://page.invalid');
      url.searchParams.set('lang', locale);
      return { locale, name: LANGUAGE_NAMES[locale], href: `${url.pathname}${url.search}`, current: locale === current };
    }),
  };
}

/** Reports carry their own print styles in one block; the page's CSP lets exactly that block through by its nonce. */
function sendReport(res: Response, html: string, nonce: string): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY.replace("style-src 'self'", `style-src 'self' 'nonce-${nonce}'`));
  res.status(200).set('Cache-Control', 'no-store').set('Content-Language', localeOf(res)).type('html').send(html);
}
