import { binomialTestTwoSided, clopperPearson } from './binomial.ts';

/** Inquiries counted in a window of whole days. */
export interface WindowCount {
  count: number;
  days: number;
}

export interface Interval {
  lower: number;
  upper: number;
}

export interface RateComparison {
  before: WindowCount & { ratePerDay: number };
  after: WindowCount & { ratePerDay: number };
  /** After-rate over before-rate. Infinity when only the after window has inquiries; NaN when neither has. */
  ratio: number;
  /** 95 % interval of the ratio; its upper end is Infinity when the before window has none. */
  ratioCi: Interval;
  pValue: number;
  /** ratio − 1: −0.8 is a fall of 80 %. */
  change: number;
  changeCi: Interval;
}

/**
 * The exact conditional test for two Poisson rates (Przyborowski & Wilenski 1940; R's
 * `poisson.test(c(after, before), c(afterDays, beforeDays))`): given n = x1 + x2 inquiries in
 * both windows, the after count is Binomial(n, p) with p = t2·R / (t1 + t2·R), R the rate ratio.
 * The p-value is the exact two-sided binomial test of R = 1; the interval is the Clopper–Pearson
 * interval for p carried over to R = p / (1 − p) · t1 / t2, so a zero count gives a bound of 0
 * or Infinity rather than an error.
 */
export function compareRates(before: WindowCount, after: WindowCount, confidence = 0.95): RateComparison {
  assertWindowCount('before', before);
  assertWindowCount('after', after);
  const total = before.count + after.count;
  const afterProbabilityIfEqual = after.days / (before.days + after.days);
  const pInterval = clopperPearson(after.count, total, confidence);
  const toRatio = (p: number) => (p >= 1 ? Infinity : (p / (1 - p)) * (before.days / after.days));
  const ratio = total === 0 ? NaN : after.count / after.days / (before.count / before.days);
  const ratioCi = { lower: toRatio(pInterval.lower), upper: toRatio(pInterval.upper) };
  return {
    before: { count: before.count, days: before.days, ratePerDay: before.count / before.days },
    after: { count: after.count, days: after.days, ratePerDay: after.count / after.days },
    ratio,
    ratioCi,
    pValue: binomialTestTwoSided(after.count, total, afterProbabilityIfEqual),
    change: ratio - 1,
    changeCi: { lower: ratioCi.lower - 1, upper: ratioCi.upper - 1 },
  };
}

export function assertWindowCount(name: string, window: WindowCount): void {
  if (!Number.isInteger(window.count) || window.count < 0) {
    throw new RangeError(`${name}: count must be a whole number of inquiries, 0 or more (got ${window.count})`);
  }
  if (!Number.isInteger(window.days) || window.days < 1) {
    throw new RangeError(`${name}: days must be a whole number, 1 or more (got ${window.days})`);
  }
}
