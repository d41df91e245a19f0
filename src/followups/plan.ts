import { addDays, parseInstant, type Day } from '../time.ts';

/** One planned follow-up: the last day it counts, and when its job runs. */
export interface PlannedFollowup {
  offsetDays: number;
  /** The fix day plus the offset: the last day of the after window. */
  asOf: Day;
  /** When the job runs: once `asOf` is over in the organisation's time zone. */
  runAt: Date;
}

/**
 * Late-logged inquiries (a phone call written up after midnight, a help desk syncing hourly) still
 * land on the day they happened; an hour's grace lets most of them in before the day is counted.
 */
export const RUN_AFTER_DAY_ENDS = '01:00';

/**
 * The follow-ups of a fix: one per offset, measured as of the fix day plus the offset and run when
 * that day is over. `shippedAt + 7 days` falls inside day fixDay + 7, which has not ended yet, so
 * the job waits until the next morning: a measurement never counts half a day.
 */
export function planFollowups(fixDay: Day, offsetsDays: readonly number[], timeZone: string): PlannedFollowup[] {
  return [...new Set(offsetsDays)]
    .sort((a, b) => a - b)
    .map((offsetDays) => {
      const asOf = addDays(fixDay, offsetDays);
      return { offsetDays, asOf, runAt: parseInstant(`${addDays(asOf, 1)}T${RUN_AFTER_DAY_ENDS}`, timeZone)! };
    });
}
