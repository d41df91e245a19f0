import { z } from 'zod';
import { isValidDay } from '../time.ts';

const day = z.string().refine(isValidDay, 'must be a date (YYYY-MM-DD)');
/** Nothing is logged before 2000 (inquiries refuse it), so no fix or measurement is dated earlier. */
const EARLIEST_FIX = '2000-01-01T00:00:00Z';
const range = z.object({ from: day, to: day }).strict();

export const fixShippedBody = z
  .object({
    /** When the fix reached users: ISO 8601 with an offset (`2026-11-01T21:30:00+01:00` or `…Z`). */
    shippedAt: z.iso
      .datetime({ offset: true, message: 'must be an ISO 8601 time with an offset, e.g. 2026-11-01T21:30:00+01:00' })
      // A fix dated decades back would make every follow-up due at once and judge empty windows.
      .refine((at) => Date.parse(at) >= Date.parse(EARLIEST_FIX), `must be on or after ${EARLIEST_FIX.slice(0, 10)}`),
    /** This case's follow-up days after the fix day, e.g. [7, 14, 30]; default FOLLOWUP_OFFSETS_DAYS. */
    offsetsDays: z.array(z.number({ error: 'must be a number of days' }).int('must be whole days').min(1, 'at least 1 day').max(365, 'at most 365 days')).min(1).max(10).optional(),
  })
  .strict();
export type FixShippedBody = z.infer<typeof fixShippedBody>;

export const measurementBody = z
  .object({
    /** The last day to count; default yesterday. */
    asOf: day.refine((d) => d >= EARLIEST_FIX.slice(0, 10), `must be on or after ${EARLIEST_FIX.slice(0, 10)}`).optional(),
    /** Length of the before window (whole weeks) and the longest after window; default 14. */
    windowDays: z.number({ error: 'must be a number of days' }).int('must be whole days').min(7, 'at least 7 days').max(366, 'at most 366 days').optional(),
    before: range.optional(),
    after: range.optional(),
    baseline: range.optional(),
  })
  .strict()
  .refine((body) => (body.before === undefined) === (body.after === undefined), { message: 'give both before and after, or neither', path: ['after'] })
  .refine((body) => body.baseline === undefined || body.before !== undefined, { message: 'a baseline needs before and after windows', path: ['baseline'] })
  .refine((body) => body.before === undefined || body.windowDays === undefined, { message: 'windowDays has no meaning with explicit windows', path: ['windowDays'] });
export type MeasurementBody = z.infer<typeof measurementBody>;

export const reportQuery = z.object({ lang: z.enum(['en', 'nb'], { message: 'must be en or nb' }).default('en') });
