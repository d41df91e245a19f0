import { binomialLowerTail, binomialUpperTail } from './binomial.ts';
import { poissonPmf } from './probabilities.ts';

export interface PowerOptions {
  /** The smallest change worth finding, as a rate ratio (0.5: a fall by half). */
  relevantRatio?: number;
  /** Two-sided significance level of the 95 % interval. */
  alpha?: number;
  /** Chance of finding the relevant change when it is there. */
  power?: number;
}

export const DEFAULT_RELEVANT_RATIO = 0.5;
const DEFAULT_ALPHA = 0.05;
const DEFAULT_POWER = 0.8;
/** Beyond this many expected inquiries the answer is "no realistic amount of data". */
const LARGEST_COUNT = 1e6;

/**
 * The smallest expected number of inquiries in the before window at which the exact conditional
 * test would find a change to `relevantRatio` with the given power: its Clopper–Pearson interval
 * for the rate ratio lies entirely on the far side of 1 (the verdict's own rule). With
 * `afterDays / beforeDays = e`, the before count is Poisson(μ), the after count Poisson(μ·R·e), and
 * given their sum n the after count is Binomial(n, R·e / (1 + R·e)); the power is the Poisson
 * average over n of the conditional power, so it does not jump with the parity of n as the
 * conditional power does (Gu, Ng, Tang & Schucany 2008, Biometrical Journal 50:283–298, use the
 * same construction). The answer is found by bisection on μ and rounded up.
 */
export function requiredBeforeCount(exposureRatio: number, options: PowerOptions = {}): number {
  if (!(exposureRatio > 0) || !Number.isFinite(exposureRatio)) {
    throw new RangeError(`exposureRatio must be a positive number (got ${exposureRatio})`);
  }
  const relevantRatio = options.relevantRatio ?? DEFAULT_RELEVANT_RATIO;
  if (!(relevantRatio > 0) || relevantRatio === 1 || !Number.isFinite(relevantRatio)) {
    throw new RangeError(`relevantRatio must be a positive number other than 1 (got ${relevantRatio})`);
  }
  const wanted = options.power ?? DEFAULT_POWER;
  const powerAt = powerFunction(exposureRatio, relevantRatio, options.alpha ?? DEFAULT_ALPHA);
  let high = 1;
  while (powerAt(high) < wanted) {
    high *= 2;
    if (high > LARGEST_COUNT) return Infinity;
  }
  let low = high / 2;
  while (high - low > 0.01) {
    const middle = (low + high) / 2;
    if (powerAt(middle) >= wanted) high = middle;
    else low = middle;
  }
  return Math.ceil(high);
}

/** The power of the exact conditional test as a function of the expected before count μ. */
export function powerFunction(exposureRatio: number, relevantRatio: number, alpha: number): (beforeMean: number) => number {
  const nullProbability = exposureRatio / (1 + exposureRatio);
  const alternativeProbability = (relevantRatio * exposureRatio) / (1 + relevantRatio * exposureRatio);
  const conditional = conditionalPower(nullProbability, alternativeProbability, alpha / 2, relevantRatio < 1);
  return (beforeMean) => {
    const totalMean = beforeMean * (1 + relevantRatio * exposureRatio);
    const spread = 12 * Math.sqrt(totalMean) + 12;
    let power = 0;
    for (let n = Math.max(0, Math.floor(totalMean - spread)); n <= Math.ceil(totalMean + spread); n++) {
      power += poissonPmf(n, totalMean) * conditional(n);
    }
    return power;
  };
}

/**
 * P(the interval excludes 1 | n inquiries in all) under the alternative. For a fall the test rejects
 * when the after count k has P(X ≤ k | null) < α/2; that critical k never decreases as n grows,
 * so it is tracked incrementally and each n costs a few CDF evaluations.
 */
function conditionalPower(nullP: number, alternativeP: number, tailAlpha: number, fall: boolean): (n: number) => number {
  const cache: number[] = [];
  let critical = fall ? -1 : 1;
  let computedUpTo = -1;
  return (n) => {
    for (let m = computedUpTo + 1; m <= n; m++) {
      if (fall) {
        // Largest k with lower tail < α/2 (−1: none).
        while (critical + 1 <= m && binomialLowerTail(critical + 1, m, nullP) < tailAlpha) critical++;
        cache[m] = critical < 0 ? 0 : binomialLowerTail(critical, m, alternativeP);
      } else {
        // Smallest k with upper tail < α/2 (above m: none); it can only move up with m.
        while (critical <= m && binomialUpperTail(critical, m, nullP) >= tailAlpha) critical++;
        cache[m] = critical > m ? 0 : binomialUpperTail(critical, m, alternativeP);
      }
    }
    computedUpTo = Math.max(computedUpTo, n);
    return cache[n] ?? 0;
  };
}
