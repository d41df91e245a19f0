import type { Translate } from '../i18n/index.ts';
import type { Markup } from '../views/markup.ts';
import { colors, renderChart, type ChartOption } from './svg.ts';
import { storyChartOption } from '../../followups/report/chart.ts';
import type { CaseReport } from '../../followups/report/build.ts';
import type { ReportLabels } from '../../followups/report/labels.ts';

/**
 * Day labels for a chart's x axis as people read them ("6 Nov", "6. nov."), from the ISO days the
 * series carry; the table under each chart keeps the full day.
 */
function dayLabels(t: Translate) {
  const format = new Intl.DateTimeFormat(t('chart.locale'), { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return { color: colors.muted, formatter: (day: string) => (/^\d{4}-\d{2}-\d{2}$/.test(day) ? format.format(new Date(`${day}T12:00:00Z`)) : day) };
}

/** A small line of daily counts for a table row; its label says the range in words. */
export function sparkline(series: Array<{ day: string; count: number }>, t: Translate): Markup {
  const counts = series.map((d) => d.count);
  const label = t('chart.sparkline', {
    from: series[0]?.day ?? '',
    to: series.at(-1)?.day ?? '',
    min: counts.length ? Math.min(...counts) : 0,
    max: counts.length ? Math.max(...counts) : 0,
    last: counts.at(-1) ?? 0,
  });
  return renderChart(
    {
      grid: { left: 1, right: 1, top: 2, bottom: 2 },
      xAxis: { type: 'category', show: false, boundaryGap: false, data: series.map((d) => d.day) },
      yAxis: { type: 'value', show: false, min: 0 },
      series: [{ type: 'line', data: counts, symbol: 'none', lineStyle: { width: 1.5, color: colors.primary }, areaStyle: { color: colors.primary, opacity: 0.12 } }],
    },
    { width: 120, height: 28, label },
  );
}

/** Daily counts as bars with dates along the bottom (a topic's page). */
export function dailyChart(series: Array<{ day: string; count: number }>, t: Translate): Markup {
  return renderChart(
    {
      grid: { left: 44, right: 12, top: 16, bottom: 40 },
      xAxis: { type: 'category', data: series.map((d) => d.day), axisLabel: dayLabels(t) },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: colors.muted } },
      series: [{ name: t('chart.inquiries'), type: 'bar', data: series.map((d) => d.count), itemStyle: { color: colors.primary } }],
    },
    { width: 720, height: 260, label: t('chart.daily', { from: series[0]?.day ?? '', to: series.at(-1)?.day ?? '' }) },
  );
}

export interface SpikeDay {
  day: string;
  count: number;
  expected: number;
  upper: number;
  holiday: boolean;
  raised: boolean;
}

/** Observed counts (raised days in red) against the expected level and the upper bound the detector used. */
export function spikeChart(daily: SpikeDay[], t: Translate): Markup {
  const round = (n: number) => Math.round(n * 10) / 10;
  return renderChart(
    {
      grid: { left: 44, right: 12, top: 40, bottom: 40 },
      legend: { top: 4, data: [t('chart.observed'), t('chart.expected'), t('chart.upper')], textStyle: { color: colors.expected } },
      xAxis: { type: 'category', data: daily.map((d) => d.day), axisLabel: dayLabels(t) },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: colors.muted } },
      series: [
        {
          name: t('chart.observed'),
          type: 'bar',
          itemStyle: { color: colors.primary },
          data: daily.map((d) => ({ value: d.count, itemStyle: { color: d.raised ? colors.raised : colors.primary } })),
        },
        { name: t('chart.expected'), type: 'line', symbol: 'none', data: daily.map((d) => round(d.expected)), lineStyle: { color: colors.expected, width: 2 }, itemStyle: { color: colors.expected } },
        { name: t('chart.upper'), type: 'line', symbol: 'none', data: daily.map((d) => round(d.upper)), lineStyle: { color: colors.upper, width: 2, type: 'dashed' }, itemStyle: { color: colors.upper } },
      ],
    },
    { width: 760, height: 300, label: t('chart.spike', { from: daily[0]?.day ?? '', to: daily.at(-1)?.day ?? '', raised: daily.filter((d) => d.raised).length }) },
  );
}

/** A case's evidence snapshot: daily counts of its topics, with the expected level before the problem when a spike gave one. */
export function evidenceChart(daily: Array<{ day: string; count: number }>, expectedPerDay: number | null, t: Translate): Markup {
  const expected = expectedPerDay === null ? [] : [
    { name: t('chart.expected'), type: 'line' as const, symbol: 'none', data: daily.map(() => Math.round(expectedPerDay * 10) / 10), lineStyle: { color: colors.expected, width: 2, type: 'dashed' as const }, itemStyle: { color: colors.expected } },
  ];
  return renderChart(
    {
      grid: { left: 44, right: 12, top: expected.length ? 40 : 16, bottom: 40 },
      ...(expected.length ? { legend: { top: 4, data: [t('chart.inquiries'), t('chart.expected')], textStyle: { color: colors.expected } } } : {}),
      xAxis: { type: 'category', data: daily.map((d) => d.day), axisLabel: dayLabels(t) },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: colors.muted } },
      series: [{ name: t('chart.inquiries'), type: 'bar', data: daily.map((d) => d.count), itemStyle: { color: colors.primary } }, ...expected],
    },
    { width: 760, height: 280, label: t('chart.daily', { from: daily[0]?.day ?? '', to: daily.at(-1)?.day ?? '' }) },
  );
}

/** Inquiries per journey phase, in journey order; moments of truth in red, so the bars say where the journey is won or lost. */
export function journeyChart(phases: Array<{ name: string; count: number; momentOfTruth: boolean }>, label: string): Markup {
  return renderChart(
    {
      grid: { left: 48, right: 12, top: 16, bottom: 40 },
      xAxis: { type: 'category', data: phases.map((p) => p.name), axisLabel: { color: colors.muted, interval: 0 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: colors.muted } },
      series: [
        {
          type: 'bar',
          data: phases.map((p) => ({ value: p.count, itemStyle: { color: p.momentOfTruth ? colors.raised : colors.primary } })),
          label: { show: true, position: 'top', color: colors.expected },
        },
      ],
    },
    { width: 640, height: 260, label },
  );
}

/** The case report's story chart, drawn like every page chart (no inline styles, so the page's CSP holds). */
export function caseStoryChart(report: CaseReport, labels: ReportLabels): Markup {
  return renderChart(storyChartOption(report, labels) as ChartOption, { width: 900, height: 340, label: labels.chartCaption });
}

/** A period's weekly inquiry totals as a line, the same weeks of the period before as a dashed line. */
export function weeklyTrendChart(weeks: Array<{ from: string; days: number; count: number; previousCount: number }>, t: Translate): Markup {
  const current = t('reports.trend.current');
  const previous = t('reports.trend.previous');
  return renderChart(
    {
      grid: { left: 52, right: 16, top: 40, bottom: 40 },
      legend: { top: 4, data: [current, previous], textStyle: { color: colors.expected } },
      // A short last week says so on its label, so its lower total is not read as a fall.
      xAxis: { type: 'category', data: weeks.map((w) => (w.days < 7 ? t('reports.trend.shortWeek', { from: w.from, days: w.days }) : w.from)), axisLabel: { color: colors.muted } },
      yAxis: { type: 'value', minInterval: 1, min: 0, axisLabel: { color: colors.muted } },
      series: [
        { name: current, type: 'line', data: weeks.map((w) => w.count), lineStyle: { color: colors.primary, width: 2 }, itemStyle: { color: colors.primary } },
        { name: previous, type: 'line', data: weeks.map((w) => w.previousCount), lineStyle: { color: colors.muted, width: 2, type: 'dashed' }, itemStyle: { color: colors.muted } },
      ],
    },
    { width: 760, height: 300, label: t('reports.trend.chartLabel', { from: weeks[0]?.from ?? '', to: weeks.at(-1)?.from ?? '', weeks: weeks.length }) },
  );
}
