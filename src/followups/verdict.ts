import type { Interval } from './poissonRates.ts';
import { DEFAULT_RELEVANT_RATIO } from './power.ts';
import { dataNeeded, type DataNeeded } from './dataNeeded.ts';
import type { Figures } from './statistics.ts';
import { evaluateTarget, type FollowupTarget, type TargetResult } from './target.ts';

export type Verdict = 'improved' | 'no_change' | 'worsened' | 'insufficient_data';
/** Which comparison decides: inquiries per day, or their share of all inquiries. */
export type Basis = 'rate' | 'share';
export type BaselineStatus = 'back' | 'above' | 'unclear';

export interface VerdictOptions {
  /** Default: `share` when the target is about the share, else `rate`. */
  basis?: Basis;
  target?: FollowupTarget;
  /** An after window shorter than this is too short to judge. Default 7. */
  minAfterDays?: number;
  /** The smallest change worth finding, as a ratio (0.5: by half); "no change" needs the power to see it. */
  relevantRatio?: number;
  /** How far above the baseline the after level may be and still count as back. Default 0.25 (25 %). */
  baselineTolerance?: number;
}

export interface BaselineJudgement {
  status: BaselineStatus;
  /** After over baseline, on the verdict's basis. */
  ratio: number;
  ratioCi: Interval;
  pValue: number;
  tolerance: number;
}

export interface Judgement {
  verdict: Verdict;
  basis: Basis;
  /** Present with `insufficient_data`: why, and how much more would do. */
  needed?: DataNeeded;
  baseline?: BaselineJudgement;
  target?: TargetResult;
}

/**
 * A week, because the before window is whole weeks and weekends run at under half a weekday's
 * volume: a shorter after window made of a weekend would look like an improvement that is not there.
 */
export const DEFAULT_MIN_AFTER_DAYS = 7;
export const DEFAULT_BASELINE_TOLERANCE = 0.25;
const SIGNIFICANCE = 0.05;

/**
 * Judges a measurement. Improved: the 95 % interval of the ratio lies entirely below 1 (and the
 * exact p-value agrees); worsened: entirely above. Otherwise no_change when the windows held enough inquiries to find a change of
 * `relevantRatio` with 80 % power (`requiredBeforeCount`), else insufficient_data with what would
 * be needed. An after window under `minAfterDays`, or no inquiries at all, is insufficient whatever
 * the figures say. What is "enough" is judged on the topic's counts for both bases: a share's
 * precision is governed by the topic's count, not by the thousands of other inquiries.
 */
export function judge(figures: Figures, options: VerdictOptions = {}): Judgement {
  const basis = options.basis ?? basisOfTarget(options.target);
  const comparison = figures[basis];
  const extras = {
    ...(figures.baseline ? { baseline: judgeBaseline(figures.baseline[basis], options.baselineTolerance) } : {}),
    ...(options.target ? { target: evaluateTarget(options.target, figures) } : {}),
  };
  const direction = significantDirection(comparison);
  const needed = dataNeeded(figures.rate, {
    minAfterDays: options.minAfterDays ?? DEFAULT_MIN_AFTER_DAYS,
    relevantRatio: options.relevantRatio ?? DEFAULT_RELEVANT_RATIO,
    significant: direction !== undefined,
  });
  if (needed) return { verdict: 'insufficient_data', basis, needed, ...extras };
  if (direction === 'down') return { verdict: 'improved', basis, ...extras };
  if (direction === 'up') return { verdict: 'worsened', basis, ...extras };
  return { verdict: 'no_change', basis, ...extras };
}

/**
 * A change is real when its 95 % interval excludes 1 and its exact p-value is under 5 %. For rates
 * the Clopper–Pearson interval is the stricter of the two; for shares Koopman's interval is
 * asymptotic and can exclude 1 on a handful of inquiries where Fisher's exact test does not, so
 * the exact test keeps small counts honest.
 */
function significantDirection(comparison: { ratioCi: Interval; pValue: number }): 'down' | 'up' | undefined {
  if (!(comparison.pValue < SIGNIFICANCE)) return undefined;
  if (comparison.ratioCi.upper < 1) return 'down';
  if (comparison.ratioCi.lower > 1) return 'up';
  return undefined;
}

/**
 * Back to the level before the problem when the after level is at most `tolerance` above the
 * baseline (point estimate): with thousands of inquiries a 5 % difference is significant yet
 * nobody would call it a problem, so significance alone would never say "back". Above it, the
 * level is `above` only when significantly above the baseline; otherwise the data cannot tell
 * (`unclear`), and the sentence says so rather than claiming either.
 */
export function judgeBaseline(
  comparison: { ratio: number; ratioCi: Interval; pValue: number; after: { count: number } },
  tolerance = DEFAULT_BASELINE_TOLERANCE,
): BaselineJudgement {
  const figures = { ratio: comparison.ratio, ratioCi: comparison.ratioCi, pValue: comparison.pValue, tolerance };
  // Nothing in the baseline and nothing now: as quiet as it was.
  if (Number.isNaN(comparison.ratio) && comparison.after.count === 0) return { status: 'back', ...figures };
  if (comparison.ratio <= 1 + tolerance) return { status: 'back', ...figures };
  if (comparison.ratioCi.lower > 1) return { status: 'above', ...figures };
  return { status: 'unclear', ...figures };
}

function basisOfTarget(target: FollowupTarget | undefined): Basis {
  if (target?.metric === 'share') return 'share';
  if (target?.metric === 'reduction' && target.of === 'share') return 'share';
  return 'rate';
}
