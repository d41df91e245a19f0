import type { Day } from '../time.ts';

/** The average month: 365.25 / 12 days. */
export const DAYS_PER_MONTH = 30.44;

export interface CaseImpact {
  caseId: number;
  key: string;
  title: string;
  measurement: { id: number; asOf: Day; kind: 'scheduled' | 'manual'; offsetDays: number | null; verdict: string; sentence: { en: string; nb: string } };
  beforePerDay: number;
  afterPerDay: number;
  /** (before − after) inquiries a day × 30.44: what the fix saves a month. Negative when volume rose. */
  avoidedPerMonth: number;
  /**
   * 95 % interval of avoidedPerMonth from the measurement's interval of the rate ratio, the before
   * rate held as measured; an end is null when the ratio's is unbounded. Null without a ratio interval.
   */
  interval: { lower: number | null; upper: number | null } | null;
}

interface StoredRate {
  before?: { ratePerDay?: number | null };
  after?: { ratePerDay?: number | null };
  ratioCi?: { lower?: number | null; upper?: number | null };
}

/**
 * A case's impact from one stored measurement's rate comparison, or undefined when the measurement
 * holds no rates to compare (it then counts as not measured).
 */
export function impactOf(figures: unknown): Pick<CaseImpact, 'beforePerDay' | 'afterPerDay' | 'avoidedPerMonth' | 'interval'> | undefined {
  const rate = (figures as { rate?: StoredRate } | null)?.rate;
  const before = rate?.before?.ratePerDay;
  const after = rate?.after?.ratePerDay;
  if (typeof before !== 'number' || typeof after !== 'number') return undefined;
  const ci = rate?.ratioCi;
  const saved = (ratio: number | null | undefined) => (typeof ratio === 'number' ? before * (1 - ratio) * DAYS_PER_MONTH : null);
  // A higher ratio means fewer inquiries avoided, so the ratio's upper end gives the lower end here.
  const interval = ci && (typeof ci.lower === 'number' || typeof ci.upper === 'number') ? { lower: saved(ci.upper), upper: saved(ci.lower) } : null;
  return { beforePerDay: before, afterPerDay: after, avoidedPerMonth: (before - after) * DAYS_PER_MONTH, interval };
}
