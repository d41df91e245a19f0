import type { RateComparison } from './poissonRates.ts';
import { requiredBeforeCount } from './power.ts';

export interface DataNeeded {
  reason: 'too_few_days' | 'no_inquiries' | 'too_few_inquiries';
  /** The change the verdict must be able to see (0.5: by half). */
  relevantRatio: number;
  /** Inquiries the before window holds. */
  beforeCount: number;
  /**
   * Inquiries the before window should hold, with these window lengths, to find a change of the
   * relevant size with 80 % power (absent when the after window is simply too short).
   */
  beforeCountNeeded?: number;
  /** An after window this long would do, with the same before window. */
  afterDays?: number;
  /** …which is this many days more than now: measure again then. */
  moreAfterDays?: number;
  /** Or: before and after windows this long each (whole weeks), at the before window's rate. */
  windowDays?: number;
}

export interface DataNeededOptions {
  minAfterDays: number;
  relevantRatio: number;
  /** A significant change is a result however few inquiries it rests on. */
  significant: boolean;
}

/**
 * Why a measurement cannot be judged yet and how much more data would do, or undefined when it can.
 * The planning value is the before window's own count: the question is whether a change of the
 * relevant size from that level could have been seen.
 */
export function dataNeeded(rate: RateComparison, options: DataNeededOptions): DataNeeded | undefined {
  const { before, after } = rate;
  if (after.days < options.minAfterDays) {
    return {
      reason: 'too_few_days',
      relevantRatio: options.relevantRatio,
      beforeCount: before.count,
      afterDays: options.minAfterDays,
      moreAfterDays: options.minAfterDays - after.days,
    };
  }
  if (options.significant) return undefined;
  const power = { relevantRatio: options.relevantRatio };
  const beforeCountNeeded = requiredBeforeCount(after.days / before.days, power);
  if (before.count >= beforeCountNeeded && before.count + after.count > 0) return undefined;
  const afterDays = shortestSufficientAfterWindow(before, after.days, options.relevantRatio);
  const equalWindows = requiredBeforeCount(1, power);
  return {
    reason: before.count + after.count === 0 ? 'no_inquiries' : 'too_few_inquiries',
    relevantRatio: options.relevantRatio,
    beforeCount: before.count,
    beforeCountNeeded,
    ...(afterDays === undefined ? {} : { afterDays, moreAfterDays: afterDays - after.days }),
    ...(before.ratePerDay > 0 && Number.isFinite(equalWindows)
      ? { windowDays: Math.ceil(equalWindows / before.ratePerDay / 7) * 7 }
      : {}),
  };
}

/**
 * The shortest after window, no longer than the before window, with which the before count would
 * suffice. A longer after window lowers the count needed before, so the first one that works is
 * found by bisection.
 */
function shortestSufficientAfterWindow(
  before: { count: number; days: number },
  afterDays: number,
  relevantRatio: number,
): number | undefined {
  const suffices = (days: number) => before.count >= requiredBeforeCount(days / before.days, { relevantRatio });
  if (afterDays >= before.days || before.count === 0 || !suffices(before.days)) return undefined;
  let [low, high] = [afterDays + 1, before.days];
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (suffices(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}
