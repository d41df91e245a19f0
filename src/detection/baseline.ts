import type { Day } from '../time.ts';

const weekdayCache = new Map<Day, number>();

/** Monday = 0 … Sunday = 6, from a calendar day label (cached: replays ask millions of times). */
export function weekdayOf(day: Day): number {
  let weekday = weekdayCache.get(day);
  if (weekday === undefined) {
    weekday = (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
    weekdayCache.set(day, weekday);
  }
  return weekday;
}

export const SUNDAY = 6;

/**
 * Day-of-week profile with mean 1 over the seven weekdays, from the given day indexes. A topic with
 * few inquiries borrows from `prior` (the center's own profile): `pseudoCount` inquiries per weekday
 * of the prior are mixed in, so weekends at 35–45 % of weekdays are learned, not hard-coded.
 */
export function weekdayProfile(
  days: Day[],
  counts: number[],
  indexes: number[],
  prior?: { profile: number[]; pseudoCount: number },
): number[] {
  const sums = new Array<number>(7).fill(0);
  const seen = new Array<number>(7).fill(0);
  for (const i of indexes) {
    const w = weekdayOf(days[i]!);
    sums[w]! += counts[i]!;
    seen[w]!++;
  }
  const means = sums.map((sum, w) => (seen[w] ? sum / seen[w]! : Number.NaN));
  const known = means.filter((m) => !Number.isNaN(m));
  const overall = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 0;
  const raw = means.map((m) => (overall > 0 && !Number.isNaN(m) ? m / overall : 1));
  if (!prior) return normalise(raw);
  // Weight of the topic's own estimate: its inquiries per weekday slot.
  const own = known.length ? sums.reduce((a, b) => a + b, 0) / 7 : 0;
  return normalise(raw.map((r, w) => (own * r + prior.pseudoCount * prior.profile[w]!) / (own + prior.pseudoCount)));
}

function normalise(profile: number[]): number[] {
  const mean = profile.reduce((a, b) => a + b, 0) / profile.length;
  return mean > 0 ? profile.map((p) => p / mean) : profile.map(() => 1);
}

/** Ratio estimator of the de-seasonalised level: Σy / Σfactor over the days used. */
export function levelOf(counts: number[], factors: number[], indexes: number[]): number {
  let y = 0;
  let f = 0;
  for (const i of indexes) {
    y += counts[i]!;
    f += factors[i]!;
  }
  return f > 0 ? y / f : 0;
}
