import type { Day } from '../time.ts';
import { dispersionOf, levelOf, SUNDAY, weekdayOf, weekdayProfile } from './baseline.ts';
import { binomialUpperTail, upperBound, upperTail } from './distributions.ts';
import { defaultParams, type DetectorParams } from './params.ts';

export type AnomalyKind = 'spike' | 'level_shift' | 'ramp' | 'share';

/** Daily counts of one topic (sub-topics included) in one market or all, oldest first, no gaps. */
export interface Series {
  days: Day[];
  counts: number[];
  /** All inquiries on each day in the same market scope: the share denominator and weekday prior. */
  totals: number[];
}

export interface Finding {
  kind: AnomalyKind;
  day: Day;
  observed: number;
  expected: number;
  /** The most that would be unremarkable at the test's false-alarm rate. */
  upper: number;
  pValue: number;
  /** −log10 p: "a 1-in-10^score event under normal conditions". */
  score: number;
  /** The days whose counts made the test fire. */
  triggerDays: Day[];
}

export interface DayExpectation {
  expected: number;
  upper: number;
  phi: number;
  coldStart: boolean;
}

interface Baseline {
  level: number;
  profile: number[];
  phi: number;
  holidayFactor: number;
  /** Baseline share of all inquiries. */
  share: number;
  coldStart: boolean;
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, k) => from + k);
const scoreOf = (p: number) => (p <= 0 ? 300 : Math.min(300, -Math.log10(p)));

/**
 * Learns the normal level as of day `t` from the `baselineDays` that end `guardDays` before it,
 * leaving out holidays, days already flagged, and days whose residual marks them as outbreaks, so
 * a past spike never inflates the baseline. Only data up to `t` is read.
 */
export function learnBaseline(series: Series, t: number, holidays: Set<Day>, flagged: boolean[], params: DetectorParams): Baseline {
  const end = t - params.guardDays;
  const usable = (i: number) => i >= 0 && !holidays.has(series.days[i]!) && !flagged[i];
  const profileDays = range(end - params.profileDays + 1, end).filter(usable);
  const centerProfile = weekdayProfile(series.days, series.totals, profileDays);
  const profile = weekdayProfile(series.days, series.counts, profileDays, { profile: centerProfile, pseudoCount: params.profilePseudoCount });
  // Sparse: only the days from the profile window up to t are ever read.
  const factors: number[] = [];
  for (let i = Math.max(0, end - params.profileDays + 1); i <= t; i++) factors[i] = profile[weekdayOf(series.days[i]!)]!;

  let days = range(end - params.baselineDays + 1, end).filter(usable);
  let level = levelOf(series.counts, factors, days);
  // One reweighting pass: drop baseline days that look like outbreaks themselves (Farrington).
  const prelimMeans: number[] = [];
  for (const i of days) prelimMeans[i] = factors[i]! * level;
  const prelimPhi = level < params.lowVolumePerDay ? params.pooledPhi : dispersionOf(series.counts, prelimMeans, days);
  days = days.filter((i) => {
    const mu = Math.max(level * factors[i]!, 1e-9);
    return (series.counts[i]! - mu) / Math.sqrt(mu + prelimPhi * mu * mu) <= params.residualLimit;
  });
  level = Math.max(levelOf(series.counts, factors, days), params.minLevelPerDay);
  // Dispersion from the whole profile window (8 weeks, outbreaks left out): 28 days of residuals
  // underestimate it often enough to double the false alarms on busy topics.
  const phiDays = profileDays.filter((i) => {
    const mu = Math.max(level * factors[i]!, 1e-9);
    return (series.counts[i]! - mu) / Math.sqrt(mu + prelimPhi * mu * mu) <= params.residualLimit;
  });
  const means: number[] = [];
  for (const i of phiDays) means[i] = factors[i]! * level;
  const phi = level < params.lowVolumePerDay ? params.pooledPhi : dispersionOf(series.counts, means, phiDays);
  const shareDays = days.reduce((sum, i) => sum + series.totals[i]!, 0);
  const shareCount = days.reduce((sum, i) => sum + series.counts[i]!, 0);
  return {
    level,
    profile,
    phi,
    // A holiday behaves like a Sunday until we have learned better.
    holidayFactor: profile[SUNDAY]!,
    share: shareDays > 0 ? shareCount / shareDays : 0,
    coldStart: days.length < params.minBaselineDays,
  };
}

function expectedOn(baseline: Baseline, day: Day, holidays: Set<Day>): number {
  const factor = holidays.has(day) ? baseline.holidayFactor : baseline.profile[weekdayOf(day)]!;
  return baseline.level * factor;
}

/** The expected count and upper bound of day `t` (for charts: observed vs expected vs upper). */
export function expectationFor(series: Series, t: number, holidays: Set<Day>, flagged: boolean[], params: DetectorParams = defaultParams): DayExpectation {
  const baseline = learnBaseline(series, t, holidays, flagged, params);
  const expected = expectedOn(baseline, series.days[t]!, holidays);
  const alpha = baseline.coldStart ? params.alphaColdStart : params.alphaSpike;
  return { expected, upper: upperBound(expected, baseline.phi, alpha), phi: baseline.phi, coldStart: baseline.coldStart };
}

/**
 * Evaluates day `t` of a series with four tests, each a p-value so thresholds mean the same at 1 and
 * at 300 a day: a one-day tail test (spike), a 7-day sum (level shift), a CUSUM of standardised
 * residuals (ramp), and the topic's share of all inquiries. `flagged` marks days already raised,
 * which the baseline leaves out. Returns the findings of the tests that fired, strongest first.
 */
export function evaluateDay(
  series: Series,
  t: number,
  holidays: Set<Day>,
  flagged: boolean[],
  params: DetectorParams = defaultParams,
): Finding[] {
  const baseline = learnBaseline(series, t, holidays, flagged, params);
  const day = series.days[t]!;
  const y = series.counts[t]!;
  const mu = expectedOn(baseline, day, holidays);
  const findings: Finding[] = [];

  const alphaSpike = baseline.coldStart ? params.alphaColdStart : params.alphaSpike;
  const pSpike = upperTail(y, mu, baseline.phi);
  if (pSpike < alphaSpike && y - mu >= Math.max(params.minSpikeExcess, params.minSpikeExcessFraction * mu)) {
    findings.push({ kind: 'spike', day, observed: y, expected: mu, upper: upperBound(mu, baseline.phi, alphaSpike), pValue: pSpike, score: scoreOf(pSpike), triggerDays: [day] });
  }
  if (baseline.coldStart) return findings;

  const window = range(Math.max(0, t - 6), t);
  const means = window.map((i) => expectedOn(baseline, series.days[i]!, holidays));
  const sum = window.reduce((s, i) => s + series.counts[i]!, 0);
  const expectedSum = means.reduce((s, m) => s + m, 0);
  const phiSum = expectedSum > 0 ? (baseline.phi * means.reduce((s, m) => s + m * m, 0)) / (expectedSum * expectedSum) : 0;
  const pSum = upperTail(sum, expectedSum, phiSum);
  const overDays = window.filter((i, k) => series.counts[i]! > means[k]!).map((i) => series.days[i]!);
  if (pSum < params.alphaSum && sum - expectedSum >= params.minSumExcess) {
    findings.push({ kind: 'level_shift', day, observed: sum, expected: expectedSum, upper: upperBound(expectedSum, phiSum, params.alphaSum), pValue: pSum, score: scoreOf(pSum), triggerDays: overDays });
  }

  const cusum = cusumAt(series, t, baseline, holidays, flagged, params);
  if (cusum.value >= params.cusumH) {
    // Siegmund's approximation for a CUSUM of unit-variance residuals: P(S ≥ s) ≈ exp(−2k·s).
    const pRamp = Math.exp(-2 * params.cusumK * cusum.value);
    findings.push({ kind: 'ramp', day, observed: sum, expected: expectedSum, upper: upperBound(expectedSum, phiSum, params.alphaSum), pValue: pRamp, score: scoreOf(pRamp), triggerDays: cusum.days });
  }

  const share = shareFinding(series, window, baseline, params);
  if (share) findings.push(share);
  return findings.sort((a, b) => a.pValue - b.pValue);
}

/**
 * Page's CUSUM over the recent days: S = max(0, S + z − k). It restarts after every day already
 * raised, so an episode that has been reported cannot keep the sum high for weeks afterwards.
 */
function cusumAt(
  series: Series,
  t: number,
  baseline: Baseline,
  holidays: Set<Day>,
  flagged: boolean[],
  params: DetectorParams,
): { value: number; days: Day[] } {
  let s = 0;
  let days: Day[] = [];
  for (const i of range(Math.max(0, t - params.guardDays - params.baselineDays + 1), t)) {
    if (i < t && flagged[i]) {
      s = 0;
      days = [];
      continue;
    }
    const mu = expectedOn(baseline, series.days[i]!, holidays);
    // Capped, so one outlying day (the spike test's job) cannot carry the CUSUM past h alone:
    // at low counts a single 4 on an expected 0.5 is a residual of ~5.
    const z = Math.min(params.cusumCap, (series.counts[i]! - mu) / Math.sqrt(mu + baseline.phi * mu * mu));
    s = Math.max(0, s + z - params.cusumK);
    days = s > 0 ? [...days, series.days[i]!] : [];
  }
  return { value: s, days };
}

/**
 * Share of all inquiries over the last 7 days: raised when it is significantly above the absolute
 * threshold (one topic eating a fifth of the center), or far above its own baseline share. Being
 * a share, it does not fire when the whole center gets busier or quieter.
 */
function shareFinding(series: Series, window: number[], baseline: Baseline, params: DetectorParams): Finding | undefined {
  const count = window.reduce((s, i) => s + series.counts[i]!, 0);
  const total = window.reduce((s, i) => s + series.totals[i]!, 0);
  if (total < params.minShareTotal || total === 0) return undefined;
  const reference = Math.max(params.shareThreshold, 0);
  const pHigh = binomialUpperTail(count, total, reference);
  const risen = baseline.share > 0 && count / total >= params.shareRiseFactor * baseline.share;
  const pRise = risen ? binomialUpperTail(count, total, Math.min(1, params.shareRiseFactor * baseline.share)) : 1;
  const p = Math.min(pHigh, pRise);
  if (p >= params.alphaShare) return undefined;
  const expectedShare = pHigh <= pRise ? reference : params.shareRiseFactor * baseline.share;
  return {
    kind: 'share',
    day: series.days[window[window.length - 1]!]!,
    observed: count / total,
    expected: expectedShare,
    upper: expectedShare,
    pValue: p,
    score: scoreOf(p),
    triggerDays: window.map((i) => series.days[i]!),
  };
}
