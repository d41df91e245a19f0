import { AppError } from '../http/errors.ts';
import { addDays, daysInclusive, isValidDay, type Day } from '../time.ts';

/** Calendar days from `from` to `to`, both included, in the organisation's time zone. */
export interface DayRange {
  from: Day;
  to: Day;
}

export interface Window extends DayRange {
  days: number;
}

export interface MeasurementWindows {
  before: Window;
  after: Window;
  /** Before the problem began; present when the problem's first day (or an explicit baseline) is known. */
  baseline?: Window;
}

export interface WindowRequest {
  /** The day the fix shipped. It belongs to neither window: a guard day, since it is half old, half new. */
  fixDay: Day;
  /** The last day to count (included). */
  asOf: Day;
  /** Length of the before window, in whole weeks (rounded down), and the longest after window. Default 14. */
  windowDays?: number;
  /** First day of the problem (e.g. its earliest spike); the baseline is the `baselineDays` before it. */
  problemStartDay?: Day;
  /** Length of the baseline window, in whole weeks (rounded down). Default 28, as the spike detector's baseline. */
  baselineDays?: number;
  /**
   * Windows chosen by hand, e.g. November against January; each is checked, none is adjusted.
   * Without an explicit baseline, `problemStartDay` still gives one.
   */
  explicit?: { before: DayRange; after: DayRange; baseline?: DayRange };
}

export type WindowProblem =
  | 'invalid_day'
  | 'invalid_length'
  | 'after_window_empty'
  | 'reversed_window'
  | 'window_not_over'
  | 'window_crosses_fix'
  | 'problem_after_fix';

/** A window that cannot be measured, with a message that says why and, when it helps, from when it can. */
export class MeasurementWindowError extends AppError {
  constructor(
    readonly problem: WindowProblem,
    message: string,
    readonly earliestAsOf?: Day,
  ) {
    super(problem === 'invalid_day' || problem === 'invalid_length' ? 'INVALID_INPUT' : 'UNPROCESSABLE', message, {
      problem,
      ...(earliestAsOf ? { earliestAsOf } : {}),
    });
    this.name = 'MeasurementWindowError';
  }
}

export const DEFAULT_WINDOW_DAYS = 14;
export const DEFAULT_BASELINE_DAYS = 28;
const LONGEST_WINDOW_DAYS = 366;

/**
 * The before, after and baseline windows of a follow-up measurement. Before: the whole weeks
 * before the fix day, so every weekday counts equally. After: from the day after the fix to
 * `asOf`, at most `windowDays` long — the latest `windowDays` days, so a 30-day follow-up shows
 * whether the effect lasted instead of repeating the 14-day one. Baseline: the whole weeks before
 * the problem began. Throws a MeasurementWindowError for a window that cannot be measured yet or
 * at all.
 */
export function measurementWindows(request: WindowRequest): MeasurementWindows {
  const { fixDay, asOf } = request;
  assertDay('fixDay', fixDay);
  assertDay('asOf', asOf);
  if (request.explicit) return explicitWindows(request, request.explicit);
  const windowDays = request.windowDays ?? DEFAULT_WINDOW_DAYS;
  const beforeDays = wholeWeeks('windowDays', windowDays);
  const firstAfterDay = addDays(fixDay, 1);
  if (asOf < firstAfterDay) {
    throw new MeasurementWindowError(
      'after_window_empty',
      `nothing to measure yet: the after window starts the day after the fix (${firstAfterDay}), and asOf is ${asOf}; a measurement is possible as of ${firstAfterDay}`,
      firstAfterDay,
    );
  }
  const afterFrom = maxDay(firstAfterDay, addDays(asOf, -(windowDays - 1)));
  return {
    before: window(addDays(fixDay, -beforeDays), addDays(fixDay, -1)),
    after: window(afterFrom, asOf),
    ...baselineBefore(request),
  };
}

function baselineBefore(request: WindowRequest): { baseline?: Window } {
  if (request.problemStartDay === undefined) return {};
  assertDay('problemStartDay', request.problemStartDay);
  if (request.problemStartDay > request.fixDay) {
    throw new MeasurementWindowError(
      'problem_after_fix',
      `the problem cannot start (${request.problemStartDay}) after the fix shipped (${request.fixDay})`,
    );
  }
  const days = wholeWeeks('baselineDays', request.baselineDays ?? DEFAULT_BASELINE_DAYS);
  return { baseline: window(addDays(request.problemStartDay, -days), addDays(request.problemStartDay, -1)) };
}

function explicitWindows(request: WindowRequest, explicit: NonNullable<WindowRequest['explicit']>): MeasurementWindows {
  const { fixDay, asOf } = request;
  const before = checkedRange('before', explicit.before);
  const after = checkedRange('after', explicit.after);
  const baseline = explicit.baseline ? checkedRange('baseline', explicit.baseline) : undefined;
  for (const [name, range] of [['before', before], ['baseline', baseline]] as const) {
    if (range && range.to >= fixDay) {
      throw new MeasurementWindowError('window_crosses_fix', `the ${name} window must end before the fix day ${fixDay} (it ends ${range.to})`);
    }
  }
  if (after.from <= fixDay) {
    throw new MeasurementWindowError('window_crosses_fix', `the after window must start after the fix day ${fixDay} (it starts ${after.from})`);
  }
  if (after.to > asOf) {
    throw new MeasurementWindowError(
      'window_not_over',
      `the after window ends ${after.to}, after asOf ${asOf}; a measurement is possible as of ${after.to}`,
      after.to,
    );
  }
  return { before, after, ...(baseline ? { baseline } : baselineBefore(request)) };
}

function checkedRange(name: string, range: DayRange): Window {
  assertDay(`${name}.from`, range.from);
  assertDay(`${name}.to`, range.to);
  if (range.from > range.to) {
    throw new MeasurementWindowError('reversed_window', `the ${name} window ends (${range.to}) before it starts (${range.from})`);
  }
  const result = window(range.from, range.to);
  if (result.days > LONGEST_WINDOW_DAYS) {
    throw new MeasurementWindowError('invalid_length', `the ${name} window is ${result.days} days; at most ${LONGEST_WINDOW_DAYS}`);
  }
  return result;
}

function wholeWeeks(name: string, days: number): number {
  if (!Number.isInteger(days) || days < 7 || days > LONGEST_WINDOW_DAYS) {
    throw new MeasurementWindowError('invalid_length', `${name} must be a whole number of days from 7 to ${LONGEST_WINDOW_DAYS} (got ${days})`);
  }
  return Math.floor(days / 7) * 7;
}

function assertDay(name: string, value: Day): void {
  if (typeof value !== 'string' || !isValidDay(value)) {
    throw new MeasurementWindowError('invalid_day', `${name} must be a calendar day YYYY-MM-DD (got ${JSON.stringify(value)})`);
  }
}

function window(from: Day, to: Day): Window {
  return { from, to, days: daysInclusive(from, to) };
}

function maxDay(a: Day, b: Day): Day {
  return a > b ? a : b;
}
