import * as echarts from 'echarts';
import { Markup } from '../views/markup.ts';

export type ChartOption = Parameters<echarts.ECharts['setOption']>[0];

/** A readable palette with AA contrast on white. */
export const colors = { primary: '#1d4f91', raised: '#b3261e', expected: '#2b2b2b', upper: '#6b5e00', muted: '#5f6368' };

/**
 * ECharts' inline `style="…"` attributes become SVG presentation attributes (`font-size="12px"`),
 * which draw the same but need no 'unsafe-inline' in the Content-Security-Policy; its `<style>` block
 * only holds hover cursors, useless without JavaScript, and goes.
 */
function withoutInlineStyles(svg: string): string {
  return svg.replace(/<style\b[\s\S]*?<\/style>/g, '').replace(/ style="([^"]*)"/g, (_whole, declarations: string) =>
    declarations
      .split(';')
      .map((declaration) => declaration.split(':').map((part) => part.trim()))
      .filter(([property, value]) => property && value && /^[a-z-]+$/.test(property))
      .map(([property, value]) => ` ${property}="${value!.replace(/"/g, '&quot;')}"`)
      .join(''),
  );
}

// Drawing costs milliseconds per chart and a dashboard has dozens; the same figures give the same SVG.
const CACHE_SIZE = 1000;
const drawn = new Map<string, string>();
const ID_PLACEHOLDER = '@id-';
let drawings = 0;

/**
 * Draws a chart to SVG on the server (no browser, no JavaScript: it prints and is deterministic).
 * `label` becomes the image's accessible name; pages give a table of the same numbers beside it.
 */
export function renderChart(option: ChartOption, input: { width: number; height: number; label: string }): Markup {
  const key = JSON.stringify([option, input]);
  let svg = drawn.get(key);
  if (svg) {
    // Refresh its place: the map's order is the eviction order.
    drawn.delete(key);
  } else {
    svg = draw(option, input);
    if (drawn.size >= CACHE_SIZE) drawn.delete(drawn.keys().next().value!);
  }
  drawn.set(key, svg);
  // Element ids (clip paths) must be unique in a page, even when the same chart appears twice.
  return new Markup(svg.replaceAll(ID_PLACEHOLDER, `pp${++drawings}-`));
}

function draw(option: ChartOption, input: { width: number; height: number; label: string }): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: input.width, height: input.height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...option });
    const svg = withoutInlineStyles(chart.renderToSVGString()).replace(/\bzr\d+-/g, ID_PLACEHOLDER);
    const label = input.label.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
    return svg.replace(/^<svg /, `<svg role="img" aria-label="${label}" focusable="false" `);
  } finally {
    // Dispose always: an undisposed chart keeps an animation timer alive.
    chart.dispose();
  }
}
