import type { Day } from '../time.ts';
import { evaluateDay, type Finding, type Series } from './detector.ts';
import { defaultParams, type DetectorParams } from './params.ts';

/**
 * Walks a series day by day as if live: day t is judged only on days up to t, and days raised by a
 * count test are kept out of later baselines. Returns the findings of every day from `fromIndex`.
 */
export function replaySeries(
  series: Series,
  holidays: Set<Day>,
  options: { fromIndex?: number; params?: DetectorParams } = {},
): Array<{ day: Day; findings: Finding[] }> {
  const params = options.params ?? defaultParams;
  const flagged = new Array<boolean>(series.days.length).fill(false);
  const out: Array<{ day: Day; findings: Finding[] }> = [];
  for (let t = options.fromIndex ?? 0; t < series.days.length; t++) {
    // evaluateDay reads no index after t (a test replays a cut series to prove it).
    const findings = evaluateDay(series, t, holidays, flagged, params);
    if (findings.some((f) => f.kind !== 'share')) flagged[t] = true;
    out.push({ day: series.days[t]!, findings });
  }
  return out;
}
