import { compareRates, type RateComparison } from './poissonRates.ts';
import { compareShares, type ShareComparison } from './shares.ts';

export { binomialTestTwoSided, clopperPearson } from './binomial.ts';
export { compareRates, type Interval, type RateComparison, type WindowCount } from './poissonRates.ts';
export { compareShares, fisherExactTwoSided, koopmanInterval, type ShareComparison, type ShareCount } from './shares.ts';
export { powerFunction, requiredBeforeCount, type PowerOptions } from './power.ts';

/** What was counted in one window: the case's topics (in its markets), all inquiries, and the days. */
export interface WindowTally {
  count: number;
  /** All inquiries in the window (the denominator of the share). */
  total: number;
  days: number;
}

export interface MeasurementCounts {
  before: WindowTally;
  after: WindowTally;
  baseline?: WindowTally;
}

export interface Figures {
  /** Before versus after, per day: the exact conditional test for two Poisson rates. */
  rate: RateComparison;
  /** Before versus after, as a share of all inquiries. */
  share: ShareComparison;
  /** Baseline versus after, on both measures, when a baseline window was counted. */
  baseline?: { rate: RateComparison; share: ShareComparison };
}

/** Every figure of a measurement from its counts. Pure: the same counts give the same figures. */
export function computeFigures(counts: MeasurementCounts): Figures {
  const compare = (earlier: WindowTally, later: WindowTally) => ({
    rate: compareRates(earlier, later),
    share: compareShares(earlier, later),
  });
  const { rate, share } = compare(counts.before, counts.after);
  return { rate, share, ...(counts.baseline ? { baseline: compare(counts.baseline, counts.after) } : {}) };
}
