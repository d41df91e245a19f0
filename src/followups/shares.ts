import { RELATIVE_TOLERANCE } from './binomial.ts';
import { hypergeometricPmf } from './probabilities.ts';
import type { Interval } from './poissonRates.ts';

/** A topic's inquiries out of all inquiries in a window. */
export interface ShareCount {
  count: number;
  total: number;
}

export interface ShareComparison {
  before: ShareCount & { share: number };
  after: ShareCount & { share: number };
  /** After-share over before-share (NaN when a share is undefined or both are 0). */
  ratio: number;
  ratioCi: Interval;
  /** Fisher's exact test of equal shares. */
  pValue: number;
  /** ratio − 1: −0.87 is a fall of 87 %. */
  change: number;
  changeCi: Interval;
}

/** qnorm(0.975): the two-sided 95 % critical value of the normal distribution. */
const Z_95 = 1.959963984540054;

/**
 * Compares a topic's share of all inquiries in two windows — a 2×2 table (window × topic / other).
 *
 * - p-value: Fisher's exact test, two-sided as R's `fisher.test` computes it (the probability of
 *   every table no more probable than the observed one, relative tolerance 1e-7). It conditions on
 *   both margins, so it is exact for small counts, and it is computed from accurate hypergeometric
 *   probabilities (Loader's algorithm, as R's `dhyper`) over the whole support, which stays fast
 *   for totals in the tens of thousands.
 * - interval: Koopman's asymptotic score interval for the ratio of two binomial proportions
 *   (Koopman 1984, Biometrics 40:513–517; the Miettinen–Nurminen score without its N/(N−1)
 *   correction; R's `PropCIs::riskscoreci`). Fagerland, Lydersen & Laake (2015, Stat Methods Med
 *   Res 24:224–254) recommend it for the ratio; unlike the Katz log interval it stays defined when
 *   a count is 0 (the bound becomes 0 or Infinity).
 */
export function compareShares(before: ShareCount, after: ShareCount): ShareComparison {
  assertShareCount('before', before);
  assertShareCount('after', after);
  const shareBefore = before.total === 0 ? NaN : before.count / before.total;
  const shareAfter = after.total === 0 ? NaN : after.count / after.total;
  const ratio = shareAfter / shareBefore;
  const ratioCi = koopmanInterval(after, before);
  return {
    before: { count: before.count, total: before.total, share: shareBefore },
    after: { count: after.count, total: after.total, share: shareAfter },
    ratio,
    ratioCi,
    pValue: fisherExactTwoSided(after, before),
    change: ratio - 1,
    changeCi: { lower: ratioCi.lower - 1, upper: ratioCi.upper - 1 },
  };
}

/** Fisher's exact two-sided p-value for the table [[a.count, a.total − a.count], [b.count, b.total − b.count]]. */
export function fisherExactTwoSided(a: ShareCount, b: ShareCount): number {
  const marked = a.count + b.count;
  const unmarked = a.total - a.count + (b.total - b.count);
  const drawn = a.total;
  const lowest = Math.max(0, drawn - unmarked);
  const highest = Math.min(drawn, marked);
  if (lowest === highest) return 1;
  const threshold = hypergeometricPmf(a.count, marked, unmarked, drawn) * RELATIVE_TOLERANCE;
  let all = 0;
  let asOrLessProbable = 0;
  for (let x = lowest; x <= highest; x++) {
    const probability = hypergeometricPmf(x, marked, unmarked, drawn);
    all += probability;
    if (probability <= threshold) asOrLessProbable += probability;
  }
  return Math.min(1, asOrLessProbable / all);
}

/** Koopman's score interval for (a.count / a.total) / (b.count / b.total). */
export function koopmanInterval(a: ShareCount, b: ShareCount): Interval {
  if (a.total === 0 || b.total === 0 || a.count + b.count === 0) return { lower: 0, upper: Infinity };
  const score = (logRatio: number) => koopmanScore(a, b, Math.exp(logRatio));
  const lower = a.count === 0 ? undefined : crossingOfDecreasing(score, Z_95);
  const upper = b.count === 0 ? undefined : crossingOfDecreasing(score, -Z_95);
  return { lower: lower === undefined ? 0 : Math.exp(lower), upper: upper === undefined ? Infinity : Math.exp(upper) };
}

/**
 * The score statistic for H0: p_a / p_b = ratio, with the proportions estimated under H0 by their
 * constrained maximum likelihood (the smaller root of Miettinen & Nurminen's quadratic, written
 * as 2c / (−b + √D) so it does not cancel). It falls as `ratio` grows.
 */
function koopmanScore(a: ShareCount, b: ShareCount, ratio: number): number {
  const quadratic = ratio * (a.total + b.total);
  const linear = -(ratio * (a.total + b.count) + a.count + b.total);
  const constant = a.count + b.count;
  const discriminant = Math.max(0, linear * linear - 4 * quadratic * constant);
  const pB = (2 * constant) / (-linear + Math.sqrt(discriminant));
  const pA = Math.min(1, ratio * pB);
  const variance = (pA * (1 - pA)) / a.total + (ratio * ratio * (pB * (1 - pB))) / b.total;
  const difference = a.count / a.total - (ratio * b.count) / b.total;
  if (variance <= 0) return difference === 0 ? 0 : Math.sign(difference) * Infinity;
  return difference / Math.sqrt(variance);
}

/** Ratios beyond e^±300 mean nothing here, and beyond them the quadratic's terms would overflow. */
const LOG_RATIO_RANGE = 300;

/**
 * Where a decreasing function of the log ratio crosses `target`, by bisection to the last bits
 * of a double; undefined when it does not cross within ±LOG_RATIO_RANGE (an open end).
 */
function crossingOfDecreasing(f: (logRatio: number) => number, target: number): number | undefined {
  let low = -LOG_RATIO_RANGE;
  let high = LOG_RATIO_RANGE;
  if (f(low) < target || f(high) > target) return undefined;
  while (high - low > 1e-13) {
    const middle = (low + high) / 2;
    if (f(middle) >= target) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

function assertShareCount(name: string, window: ShareCount): void {
  if (!Number.isInteger(window.total) || window.total < 0) {
    throw new RangeError(`${name}: total must be a whole number of inquiries, 0 or more (got ${window.total})`);
  }
  if (!Number.isInteger(window.count) || window.count < 0 || window.count > window.total) {
    throw new RangeError(`${name}: count must be a whole number from 0 to the total ${window.total} (got ${window.count})`);
  }
}
