import { CES_SCALES, scaleBounds, type CesScale } from './scales.ts';
import {
  meanDifferenceInterval,
  meanInterval,
  moments,
  npsDifferenceInterval,
  npsInterval,
  npsPoints,
  type Interval,
  type NpsCounts,
} from './statistics.ts';

/** Answers by score: NPS on 0–10, CES per scale. */
export interface ScoreCounts {
  nps: Map<number, number>;
  ces: Map<CesScale, Map<number, number>>;
}

export const emptyScoreCounts = (): ScoreCounts => ({ nps: new Map(), ces: new Map() });

export function addScore(counts: ScoreCounts, answer: { metric: string; scale: string; score: number; count: number }): void {
  const target = answer.metric === 'nps' ? counts.nps : mapFor(counts.ces, answer.scale as CesScale);
  target.set(answer.score, (target.get(answer.score) ?? 0) + answer.count);
}

function mapFor(byScale: Map<CesScale, Map<number, number>>, scale: CesScale): Map<number, number> {
  let map = byScale.get(scale);
  if (!map) byScale.set(scale, (map = new Map()));
  return map;
}

/** Too few answers: the figure says so instead of showing noise. `needed` is the minimum sample. */
export interface Insufficient {
  n: number;
  insufficient: true;
  needed: number;
}

export type NpsFigure =
  | Insufficient
  | { n: number; insufficient: false; nps: number; ci: Interval; promoters: number; passives: number; detractors: number };

export type CesFigure =
  | Insufficient
  | { n: number; insufficient: false; mean: number; ci: Interval | null; sd: number | null; distribution: Record<string, number> };

export interface Experience {
  nps: NpsFigure;
  /** One figure per CES scale answered (in this or the compared period); 5- and 7-point scales never mix. */
  ces: Partial<Record<CesScale, CesFigure>>;
}

export interface Difference {
  delta: number;
  ci: Interval | null;
  /** The 95 % interval excludes zero. */
  significant: boolean;
}

export interface ExperienceChange {
  /** NPS points; null when either period is below the minimum sample. */
  nps: Difference | null;
  ces: Partial<Record<CesScale, Difference | null>>;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const roundInterval = (interval: Interval, digits: number): Interval => ({ low: round(interval.low, digits), high: round(interval.high, digits) });

export function npsCounts(scores: ReadonlyMap<number, number>): NpsCounts {
  const counts = { promoters: 0, passives: 0, detractors: 0 };
  for (const [score, count] of scores) {
    if (score >= 9) counts.promoters += count;
    else if (score >= 7) counts.passives += count;
    else counts.detractors += count;
  }
  return counts;
}

const total = (scores: ReadonlyMap<number, number>) => [...scores.values()].reduce((sum, count) => sum + count, 0);

export function npsFigure(scores: ReadonlyMap<number, number>, minSample: number): NpsFigure {
  const n = total(scores);
  if (n < minSample || n === 0) return { n, insufficient: true, needed: minSample };
  const counts = npsCounts(scores);
  return { n, insufficient: false, nps: round(npsPoints(counts), 2), ci: roundInterval(npsInterval(counts), 2), ...counts };
}

export function cesFigure(scale: CesScale, scores: ReadonlyMap<number, number>, minSample: number): CesFigure {
  const { n, mean, variance } = moments(scores);
  if (n < minSample || n === 0) return { n, insufficient: true, needed: minSample };
  const { low, high } = scaleBounds(scale);
  const distribution: Record<string, number> = {};
  for (let score = low; score <= high; score++) distribution[String(score)] = scores.get(score) ?? 0;
  const ci = meanInterval(scores);
  return {
    n,
    insufficient: false,
    mean: round(mean, 3),
    ci: ci ? roundInterval(ci, 3) : null,
    sd: Number.isNaN(variance) ? null : round(Math.sqrt(variance), 3),
    distribution,
  };
}

/** NPS and CES of a set of answers; `scales` lists the CES scales to show (those answered in either compared period). */
export function experienceOf(counts: ScoreCounts, minSample: number, scales: readonly CesScale[] = answeredScales(counts)): Experience {
  const ces: Experience['ces'] = {};
  for (const scale of scales) ces[scale] = cesFigure(scale, counts.ces.get(scale) ?? new Map(), minSample);
  return { nps: npsFigure(counts.nps, minSample), ces };
}

export function answeredScales(...all: ScoreCounts[]): CesScale[] {
  return CES_SCALES.filter((scale) => all.some((counts) => total(counts.ces.get(scale) ?? new Map()) > 0));
}

const difference = (delta: number, ci: Interval | undefined, digits: number): Difference => ({
  delta: round(delta, digits),
  ci: ci ? roundInterval(ci, digits) : null,
  significant: ci ? ci.low > 0 || ci.high < 0 : false,
});

/** Change from `before` to `after` where both have enough answers; each with a 95 % interval. */
export function experienceChange(after: ScoreCounts, before: ScoreCounts, minSample: number): ExperienceChange {
  const enough = (scores: ReadonlyMap<number, number>) => total(scores) >= Math.max(minSample, 1);
  const change: ExperienceChange = { nps: null, ces: {} };
  if (enough(after.nps) && enough(before.nps)) {
    const a = npsCounts(after.nps);
    const b = npsCounts(before.nps);
    change.nps = difference(npsPoints(a) - npsPoints(b), npsDifferenceInterval(a, b), 2);
  }
  for (const scale of answeredScales(after, before)) {
    const a = after.ces.get(scale) ?? new Map<number, number>();
    const b = before.ces.get(scale) ?? new Map<number, number>();
    change.ces[scale] = enough(a) && enough(b) ? difference(moments(a).mean - moments(b).mean, meanDifferenceInterval(a, b), 3) : null;
  }
  return change;
}
