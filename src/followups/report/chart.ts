import * as echarts from 'echarts';
import type { CaseReport, StoryMarker } from './build.ts';
import type { ReportLabels } from './labels.ts';

const MARKER_COLORS: Record<StoryMarker['kind'], string> = { problem: '#c23531', fix: '#2f9e44', followup: '#5c6f82' };
const WINDOW_COLORS = { before: 'rgba(194, 53, 49, 0.08)', after: 'rgba(47, 158, 68, 0.10)' };

interface WindowsShape {
  before?: { from: string; to: string };
  after?: { from: string; to: string };
}

/**
 * The story as an SVG string rendered on the server (ECharts' SSR renderer, no browser, no
 * JavaScript in the page): inquiries a day as bars, their 7-day share of all inquiries as a line,
 * the problem's start, the fix and the follow-ups as vertical lines, and the latest measurement's
 * before and after windows shaded. Animation is off, so the same report gives the same SVG.
 */
export function storyChartSvg(report: CaseReport, labels: ReportLabels, size = { width: 900, height: 340 }): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(storyChartOption(report, labels));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The story chart's ECharts option, shared by the SVG above and the web pages' chart renderer. */
export function storyChartOption(report: CaseReport, labels: ReportLabels): echarts.EChartsCoreOption {
  const days = report.story.days;
  const latestWindows = (report.measurements.at(-1)?.windows ?? {}) as WindowsShape;
  const shaded = (['before', 'after'] as const).flatMap((name) => {
    const window = latestWindows[name];
    if (!window) return [];
    const label = name === 'before' ? labels.beforeWindow : labels.afterWindow;
    return [[{ xAxis: window.from, name: label, itemStyle: { color: WINDOW_COLORS[name] } }, { xAxis: window.to }]];
  });
  return {
    animation: false,
    textStyle: { fontFamily: 'sans-serif' },
    // The legend names both axes, so the axes carry no names that would crowd the markers' labels.
    legend: { bottom: 0, data: [labels.countSeries, labels.shareSeries] },
    grid: { left: 40, right: 48, top: 28, bottom: 64 },
    xAxis: { type: 'category', data: days.map((d) => d.day), axisTick: { alignWithLabel: true } },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', axisLabel: { formatter: '{value} %' }, splitLine: { show: false } },
    ],
    series: [
      {
        name: labels.countSeries,
        type: 'bar',
        data: days.map((d) => d.count),
        itemStyle: { color: '#4c6ef5' },
        barCategoryGap: '20%',
        markLine: {
          symbol: 'none',
          silent: true,
          data: report.markers.map((m) => ({
            xAxis: m.day,
            lineStyle: { color: MARKER_COLORS[m.kind], type: m.kind === 'followup' ? 'dotted' : 'dashed', width: m.kind === 'fix' ? 2 : 1 },
            label: { formatter: m.label, position: 'end', color: MARKER_COLORS[m.kind] },
          })),
        },
        markArea: { silent: true, label: { position: 'insideTop', color: '#555' }, data: shaded },
      },
      {
        name: labels.shareSeries,
        type: 'line',
        yAxisIndex: 1,
        showSymbol: false,
        connectNulls: false,
        lineStyle: { width: 2, color: '#e8590c' },
        itemStyle: { color: '#e8590c' },
        data: days.map((d) => (d.share7 === null ? null : Math.round(d.share7 * 1000) / 10)),
      },
    ],
  };
}
