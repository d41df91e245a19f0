import type { Day } from '../time.ts';
import { levelOf, SUNDAY, weekdayOf, weekdayProfile } from './baseline.ts';
import { binomialUpperTail, upperBound, upperTail } from './distributions.ts';
import { defaultParams, type DetectorParams } from './params.ts';

export type AnomalyKind = 'spike' | 'level_shift' | 'ramp' | 'share';

/** Daily counts of one topic (sub-topics included) in one market or all, oldest first, no gaps. */
export interface Series {
  days: Day[];
  counts: number[];
  /** All inquiries on each day in the same market scope: the share denominator and weekday prior. */
  totals: number[];
  /** Index of the first day the center logged anything; earlier days are unknown, not zero. */
  firstLogged?: number;
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
  /** Relative variance of the estimated level (Var(L̂)/L²): common to every day it predicts. */
  levelRelVar: number;
  /** Relative variance of each estimated weekday factor, Monday first. */
  profileRelVar: number[];
  holidayFactor: number;
  /** Baseline share of all inquiries. */
  share: number;
  /** Extra-binomial variation of the daily share (1 = binomial). */
  shareDispersion: number;
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
  const first = series.firstLogged ?? 0;
  const usable = (i: number) => i >= first && !holidays.has(series.days[i]!) && !flagged[i];
  const profileDays = range(end - params.profileDays + 1, end).filter(usable);
  const centerProfile = weekdayProfile(series.days, series.totals, profileDays);
  const profile = weekdayProfile(series.days, series.counts, profileDays, { profile: centerProfile, pseudoCount: params.profilePseudoCount });
  // Sparse: only the days from the profile window up to t are ever read.
  const factors: number[] = [];
  for (let i = Math.max(0, end - params.profileDays + 1); i <= t; i++) factors[i] = profile[weekdayOf(series.days[i]!)]!;

  let days = range(end - params.baselineDays + 1, end).filter(usable);
  let level = levelOf(series.counts, factors, days);
  // One reweighting pass: drop baseline days that look like outbreaks themselves (Farrington). The
  // limit is wide on purpose: trimming ordinary high days biases the level down on overdispersed
  // topics, and that alone multiplies the false alarms; flagged days are already out.
  const prelimPhi = predictionDispersion(series, profileDays, factors, level, params);
  days = days.filter((i) => {
    const mu = Math.max(level * factors[i]!, 1e-9);
    return (series.counts[i]! - mu) / Math.sqrt(mu + prelimPhi * mu * mu) <= params.residualLimit;
  });
  level = Math.max(levelOf(series.counts, factors, days), params.minLevelPerDay);
  const phi = predictionDispersion(series, profileDays, factors, level, params);
  const factorSum = days.reduce((sum, i) => sum + factors[i]!, 0);
  const factorSquares = days.reduce((sum, i) => sum + factors[i]! ** 2, 0);
  const levelRelVar = factorSum > 0 ? 1 / (level * factorSum) + (phi * factorSquares) / factorSum ** 2 : 0;
  const shareDays = days.reduce((sum, i) => sum + series.totals[i]!, 0);
  const shareCount = days.reduce((sum, i) => sum + series.counts[i]!, 0);
  const share = shareDays > 0 ? shareCount / shareDays : 0;
  return {
    level,
    profile,
    phi,
    levelRelVar,
    profileRelVar: profileRelVarOf(series, profileDays, profile, level, phi, params),
    // A holiday behaves like a Sunday until we have learned better.
    holidayFactor: profile[SUNDAY]!,
    share,
    shareDispersion: shareDispersionOf(series, profileDays, share),
    coldStart: days.length < params.minBaselineDays,
  };
}

/**
 * Overdispersion (Var = mu + phi·mu²) measured as the error of the prediction the tests will use:
 * the residuals of the whole profile window (16 weeks) against the current level. Most of those
 * days did not shape the level, so the estimate includes the level's own uncertainty (and any slow
 * drift), which is what the upper bound must allow for. A 28-day estimate alone is too noisy: its
 * errors in the tail double the false alarms on busy topics. Below `lowVolumePerDay`, where the
 * moments say little, the pooled value is the floor.
 */
function predictionDispersion(series: Series, days: number[], factors: number[], level: number, params: DetectorParams): number {
  let excess = 0;
  let squares = 0;
  let used = 0;
  for (const i of days) {
    const mu = Math.max(level * factors[i]!, 1e-9);
    const y = series.counts[i]!;
    // Outbreak days nobody flagged (the cold start) would make every later bound too wide.
    if ((y - mu) / Math.sqrt(mu + params.pooledPhi * mu * mu) > params.outbreakResidual) continue;
    excess += (y - mu) ** 2 - mu;
    squares += mu * mu;
    used++;
  }
  const raw = squares > 0 ? Math.max(0, excess / squares) : 0;
  // The tail probability is convex in phi, so an estimate that is low by chance costs more false
  // alarms than a high one saves: use it plus its standard error, ≈ √(2/n)·(phi + 1/mu) for a
  // moment estimate of the variance from n days.
  const meanLevel = level > 0 ? level : params.minLevelPerDay;
  const estimate = Math.min(1, used > 0 ? raw + params.phiSafety * Math.sqrt(2 / used) * (raw + 1 / meanLevel) : raw);
  return level < params.lowVolumePerDay || used < params.minBaselineDays ? Math.max(estimate, params.pooledPhi) : estimate;
}

/**
 * Each weekday factor is a mean over the ~16 such days of the profile window, so it is off by about
 * (1/(mu·n) + phi)/n in relative variance, less the part the center's profile supplies. Left out,
 * that error makes every bound too tight on busy, noisy topics.
 */
function profileRelVarOf(series: Series, days: number[], profile: number[], level: number, phi: number, params: DetectorParams): number[] {
  const seen = new Array<number>(7).fill(0);
  let inquiries = 0;
  for (const i of days) {
    seen[weekdayOf(series.days[i]!)]!++;
    inquiries += series.counts[i]!;
  }
  // The same weight weekdayProfile gives the topic's own data against the prior.
  const own = inquiries / 7;
  const weight = own / (own + params.profilePseudoCount);
  return profile.map((factor, w) => {
    const n = seen[w]!;
    if (n === 0) return phi;
    const mu = Math.max(level * factor, params.minLevelPerDay);
    return weight * weight * (1 / (mu * n) + phi / n);
  });
}

/**
 * How much more the topic's daily share varies than a binomial allows (Pearson χ²/df, at least 1):
 * with thousands of inquiries a day, a plain binomial test calls ordinary week-to-week noise
 * significant, so the share test divides its sample size by this factor (quasi-binomial).
 */
function shareDispersionOf(series: Series, days: number[], share: number): number {
  if (share <= 0 || share >= 1 || days.length < 2) return 1;
  let chi2 = 0;
  let used = 0;
  for (const i of days) {
    const n = series.totals[i]!;
    if (n === 0) continue;
    chi2 += (series.counts[i]! - share * n) ** 2 / (n * share * (1 - share));
    used++;
  }
  return used > 1 ? Math.max(1, chi2 / (used - 1)) : 1;
}

/**
 * Dispersion of the prediction error for one day: the noise of the day itself plus the estimation
 * error of the level and of the weekday factor (as Farrington et al. 1996 add Var(μ̂) to their
 * threshold), so a bound learned from four weeks is not as tight as one learned from four years.
 */
function dayPhi(baseline: Baseline, day: Day, holidays: Set<Day>): number {
  const factorVar = holidays.has(day) ? baseline.profileRelVar[SUNDAY]! : baseline.profileRelVar[weekdayOf(day)]!;
  return baseline.phi + baseline.levelRelVar + factorVar;
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
  const phi = dayPhi(baseline, series.days[t]!, holidays);
  return { expected, upper: upperBound(expected, phi, alpha), phi, coldStart: baseline.coldStart };
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
  const phiDay = dayPhi(baseline, day, holidays);
  const pSpike = upperTail(y, mu, phiDay);
  if (pSpike < alphaSpike && y - mu >= Math.max(params.minSpikeExcess, params.minSpikeExcessFraction * mu)) {
    findings.push({ kind: 'spike', day, observed: y, expected: mu, upper: upperBound(mu, phiDay, alphaSpike), pValue: pSpike, score: scoreOf(pSpike), triggerDays: [day] });
  }
  if (baseline.coldStart) return findings;

  // Level shifts over several windows: 3 days catches a doubling within two days of onset, 7 days
  // a smaller rise. Each window has its own false-alarm rate; the strongest finding is kept.
  let window: number[] = [];
  let week = { sum: 0, expectedSum: 0, phiSum: 0 };
  let shift: Finding | undefined;
  for (const { days: length, alpha } of params.sumWindows) {
    window = range(Math.max(0, t - length + 1), t);
    const means = window.map((i) => expectedOn(baseline, series.days[i]!, holidays));
    const sum = window.reduce((s, i) => s + series.counts[i]!, 0);
    const expectedSum = means.reduce((s, m) => s + m, 0);
    // Var(Σy) = Σmu + phi·Σmu², written as one negative binomial with mean Σmu.
    // The level's error is shared by every day of the window, so it counts with (Σmu)², not Σmu².
    const dayNoise = window.reduce((s, i, k) => s + (baseline.phi + dayPhi(baseline, series.days[i]!, holidays) - baseline.phi - baseline.levelRelVar) * means[k]! ** 2, 0);
    const phiSum = expectedSum > 0 ? dayNoise / (expectedSum * expectedSum) + baseline.levelRelVar : 0;
    week = { sum, expectedSum, phiSum };
    const pSum = upperTail(sum, expectedSum, phiSum);
    if (pSum >= alpha || sum - expectedSum < params.minSumExcess || (shift && shift.pValue <= pSum)) continue;
    const overDays = window.filter((i, k) => series.counts[i]! > means[k]!).map((i) => series.days[i]!);
    shift = { kind: 'level_shift', day, observed: sum, expected: expectedSum, upper: upperBound(expectedSum, phiSum, alpha), pValue: pSum, score: scoreOf(pSum), triggerDays: overDays };
  }
  if (shift) findings.push(shift);
  const { sum, expectedSum, phiSum } = week;

  const cusum = cusumAt(series, t, baseline, holidays, flagged, params);
  // Like the other tests, a ramp must add up to a few inquiries: at half an inquiry a day, three
  // quiet weeks and then 2, 1, 2 is a long way up in standard deviations and nothing to act on.
  const rampExcess = cusum.days.reduce((sum, d) => {
    const i = series.days.indexOf(d, Math.max(0, t - params.guardDays - params.baselineDays));
    return sum + series.counts[i]! - expectedOn(baseline, d, holidays);
  }, 0);
  if (cusum.value >= params.cusumH && rampExcess >= params.minSumExcess) {
    // Siegmund's approximation for a CUSUM of unit-variance residuals: P(S ≥ s) ≈ exp(−2k·s).
    const pRamp = Math.exp(-2 * params.cusumK * cusum.value);
    findings.push({ kind: 'ramp', day, observed: sum, expected: expectedSum, upper: upperBound(expectedSum, phiSum, params.sumWindows[params.sumWindows.length - 1]!.alpha), pValue: pRamp, score: scoreOf(pRamp), triggerDays: cusum.days });
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
  for (const i of range(Math.max(series.firstLogged ?? 0, t - params.guardDays - params.baselineDays + 1), t)) {
    if (i < t && flagged[i]) {
      s = 0;
      days = [];
      continue;
    }
    const mu = expectedOn(baseline, series.days[i]!, holidays);
    // Capped, so one outlying day (the spike test's job) cannot carry the CUSUM past h alone:
    // at low counts a single 4 on an expected 0.5 is a residual of ~5.
    const z = Math.min(params.cusumCap, (series.counts[i]! - mu) / Math.sqrt(mu + dayPhi(baseline, series.days[i]!, holidays) * mu * mu));
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
  if (total < params.minShareTotal) return undefined;
  // Quasi-binomial: the same share on a sample shrunk by the dispersion factor.
  const d = baseline.shareDispersion;
  const k = Math.round(count / d);
  const n = Math.max(k, Math.round(total / d));
  const pHigh = binomialUpperTail(k, n, params.shareThreshold);
  const risen = baseline.share > 0 && count / total >= params.shareRiseFactor * baseline.share;
  const pRise = risen ? binomialUpperTail(k, n, Math.min(1, params.shareRiseFactor * baseline.share)) : 1;
  const p = Math.min(pHigh, pRise);
  if (p >= params.alphaShare) return undefined;
  const expectedShare = pHigh <= pRise ? params.shareThreshold : params.shareRiseFactor * baseline.share;
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
