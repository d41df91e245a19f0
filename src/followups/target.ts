import { z } from 'zod';
import type { Figures } from './statistics.ts';

/**
 * A measurable target for the after window. `ratePerDay` and `share` are the shapes a case's desired
 * state already stores (`{ metric, max }`); `reduction` says "reduce by at least `min`" (0.5 = 50 %),
 * of the rate per day unless `of: 'share'`.
 */
export const followupTarget = z.discriminatedUnion('metric', [
  z.object({
    metric: z.literal('ratePerDay'),
    max: z.number().min(0, 'must be 0 or more'),
  }),
  z.object({
    metric: z.literal('share'),
    max: z.number().min(0, 'must be 0 or more').max(1, 'a share is a fraction between 0 and 1 (0.05 = 5 %)'),
  }),
  z.object({
    metric: z.literal('reduction'),
    min: z.number().gt(0, 'must be more than 0').max(1, 'a reduction is a fraction up to 1 (0.5 = 50 %)'),
    of: z.enum(['rate', 'share']).default('rate'),
  }),
]);
export type FollowupTarget = z.infer<typeof followupTarget>;

export interface TargetResult {
  target: FollowupTarget;
  met: boolean;
  /** The after window's value on the target's own measure (rate per day, share, or reduction). */
  observed: number;
}

/**
 * Whether the after window meets the target, judged on the observed value. Whether the change is
 * real, not noise, is the verdict's job; a case resolves only when both agree.
 */
export function evaluateTarget(target: FollowupTarget, figures: Figures): TargetResult {
  switch (target.metric) {
    case 'ratePerDay': {
      const observed = figures.rate.after.ratePerDay;
      return { target, observed, met: observed <= target.max };
    }
    case 'share': {
      const observed = figures.share.after.share;
      return { target, observed, met: observed <= target.max };
    }
    case 'reduction': {
      const change = target.of === 'share' ? figures.share.change : figures.rate.change;
      // A 0/0 change is no reduction at all; −Infinity cannot happen (a ratio is never below 0).
      const observed = Number.isNaN(change) ? 0 : -change;
      return { target, observed, met: observed >= target.min };
    }
  }
}
