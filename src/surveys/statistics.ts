import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';

/** Two-sided 95 %: the standard normal's 0.975 quantile. */
export const Z_95 = 1.959963984540054;

/** Pseudo-observations of the adjusted-Wald NPS interval (Rocks 2016): 3/4 promoter, 3/4 detractor, 3/2 passive. */
const NPS_ADJUSTMENT = { promoters: 0.75, detractors: 0.75, total: 3 };

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

export interface Interval {
  low: number;
  high: number;
}

/** NPS in points (−100…100): % promoters (9–10) − % detractors (0–6). */
export function npsPoints(counts: NpsCounts): number {
  const n = counts.promoters + counts.passives + counts.detractors;
  return n === 0 ? 0 : (100 * (counts.promoters - counts.detractors)) / n;
}

/**
 * The adjusted NPS and its variance: add 3/4 of a promoter, 3/4 of a detractor and 3/2 of a passive,
 * then take the variance of the difference of two multinomial proportions,
 * Var = (p₊ + p₋ − (p₊ − p₋)²) / n. Rocks (2016, The American Statistician 70(4):365–372) found this
 * adjusted Wald interval the best of six at small samples; Lewis & Sauro (MeasuringU, 2021) confirmed
 * it on real NPS data.
 */
export function adjustedNps(counts: NpsCounts): { nps: number; variance: number; n: number } {
  const n = counts.promoters + counts.passives + counts.detractors + NPS_ADJUSTMENT.total;
  const promoters = (counts.promoters + NPS_ADJUSTMENT.promoters) / n;
  const detractors = (counts.detractors + NPS_ADJUSTMENT.detractors) / n;
  const nps = promoters - detractors;
  return { nps, variance: (promoters + detractors - nps * nps) / n, n };
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** 95 % adjusted-Wald interval of the NPS, in points, cut to −100…100. */
export function npsInterval(counts: NpsCounts): Interval {
  const { nps, variance } = adjustedNps(counts);
  const margin = Z_95 * Math.sqrt(variance);
  return { low: clamp(100 * (nps - margin), -100, 100), high: clamp(100 * (nps + margin), -100, 100) };
}

/**
 * 95 % interval of the difference of two independent NPS (a − b), in points: the adjusted NPS of
 * each with their variances added (the adjusted-Wald comparison of two NPS, Lewis & Sauro).
 */
export function npsDifferenceInterval(a: NpsCounts, b: NpsCounts): Interval {
  const first = adjustedNps(a);
  const second = adjustedNps(b);
  const difference = first.nps - second.nps;
  const margin = Z_95 * Math.sqrt(first.variance + second.variance);
  return { low: clamp(100 * (difference - margin), -200, 200), high: clamp(100 * (difference + margin), -200, 200) };
}

/**
 * Student's t quantile for a two-sided 95 % interval with `df` degrees of freedom (df may be
 * fractional, as Welch's is). Uses P(|T| > t) = I_{df/(df+t²)}(df/2, 1/2), the regularised incomplete
 * beta function, so t² = df(1 − x)/x where x is the 0.05 quantile of Beta(df/2, 1/2).
 */
export function tQuantile975(df: number): number {
  if (!(df > 0)) return Number.NaN;
  const x = betaQuantile(0.05, df / 2, 0.5);
  return Math.sqrt((df * (1 - x)) / x);
}

/** Count, mean and sample variance (n − 1) of scores given as a distribution: score → how many. */
export function moments(distribution: ReadonlyMap<number, number>): { n: number; mean: number; variance: number } {
  let n = 0;
  let sum = 0;
  for (const [score, count] of distribution) {
    n += count;
    sum += score * count;
  }
  if (n === 0) return { n: 0, mean: Number.NaN, variance: Number.NaN };
  const mean = sum / n;
  let squares = 0;
  for (const [score, count] of distribution) squares += count * (score - mean) ** 2;
  return { n, mean, variance: n > 1 ? squares / (n - 1) : Number.NaN };
}

/** 95 % t interval of a mean: mean ± t(0.975, n − 1) · s/√n; undefined below two answers. */
export function meanInterval(distribution: ReadonlyMap<number, number>): Interval | undefined {
  const { n, mean, variance } = moments(distribution);
  if (n < 2) return undefined;
  const margin = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return { low: mean - margin, high: mean + margin };
}

/**
 * 95 % Welch interval of the difference of two means (a − b): standard error √(s²ₐ/nₐ + s²ᵦ/nᵦ) with
 * Welch–Satterthwaite degrees of freedom, since two periods' spreads need not be equal.
 */
export function meanDifferenceInterval(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): Interval | undefined {
  const first = moments(a);
  const second = moments(b);
  if (first.n < 2 || second.n < 2) return undefined;
  const va = first.variance / first.n;
  const vb = second.variance / second.n;
  const difference = first.mean - second.mean;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { low: difference, high: difference };
  const df = (va + vb) ** 2 / (va ** 2 / (first.n - 1) + vb ** 2 / (second.n - 1));
  const margin = tQuantile975(df) * se;
  return { low: difference - margin, high: difference + margin };
}
