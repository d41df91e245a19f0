import assert from 'node:assert/strict';
import { MeasurementWindowError, measurementWindows } from '../../src/followups/windows.ts';

function assertWindowError(run: () => unknown, problem: string, message: RegExp, earliestAsOf?: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof MeasurementWindowError, `not a MeasurementWindowError: ${String(error)}`);
    assert.equal(error.problem, problem);
    assert.match(error.message, message);
    assert.equal(error.earliestAsOf, earliestAsOf);
    return true;
  });
}

describe('follow-up windows', () => {
  it('measures 14 days each side of the fix, the fix day itself a guard day (the SMS story)', () => {
    const windows = measurementWindows({ fixDay: '2026-11-01', asOf: '2026-11-15' });
    assert.deepEqual(windows, {
      before: { from: '2026-10-18', to: '2026-10-31', days: 14 },
      after: { from: '2026-11-02', to: '2026-11-15', days: 14 },
    });
  });

  it('grows the after window day by day up to windowDays, then keeps the latest windowDays days', () => {
    assert.deepEqual(measurementWindows({ fixDay: '2026-11-01', asOf: '2026-11-02' }).after, { from: '2026-11-02', to: '2026-11-02', days: 1 });
    assert.deepEqual(measurementWindows({ fixDay: '2026-11-01', asOf: '2026-11-08' }).after, { from: '2026-11-02', to: '2026-11-08', days: 7 });
    // The 30-day follow-up: days 17–30 after the fix, so it shows whether the effect lasted.
    assert.deepEqual(measurementWindows({ fixDay: '2026-11-01', asOf: '2026-12-01' }).after, { from: '2026-11-18', to: '2026-12-01', days: 14 });
  });

  it('keeps the before window to whole weeks, so weekdays balance', () => {
    const windows = measurementWindows({ fixDay: '2026-11-01', asOf: '2026-12-01', windowDays: 30 });
    assert.deepEqual(windows.before, { from: '2026-10-04', to: '2026-10-31', days: 28 });
    assert.equal(windows.after.days, 30);
    assert.equal(measurementWindows({ fixDay: '2026-11-01', asOf: '2026-11-20', windowDays: 7 }).before.days, 7);
  });

  it('crosses month, year and daylight-saving boundaries by calendar days', () => {
    // Europe/Oslo leaves summer time on 25 October 2026: a 25-hour day is still one day.
    const windows = measurementWindows({ fixDay: '2027-01-03', asOf: '2027-01-17' });
    assert.deepEqual(windows.before, { from: '2026-12-20', to: '2027-01-02', days: 14 });
    assert.deepEqual(measurementWindows({ fixDay: '2026-10-26', asOf: '2026-11-09' }).before, { from: '2026-10-12', to: '2026-10-25', days: 14 });
  });

  it('puts the baseline in the whole weeks before the problem began', () => {
    const windows = measurementWindows({ fixDay: '2026-11-01', asOf: '2026-11-15', problemStartDay: '2026-10-01' });
    assert.deepEqual(windows.baseline, { from: '2026-09-03', to: '2026-09-30', days: 28 });
    const shorter = measurementWindows({ fixDay: '2026-11-01', asOf: '2026-11-15', problemStartDay: '2026-10-01', baselineDays: 20 });
    assert.deepEqual(shorter.baseline, { from: '2026-09-17', to: '2026-09-30', days: 14 });
  });

  it('says when a measurement becomes possible if asOf is too early', () => {
    assertWindowError(
      () => measurementWindows({ fixDay: '2026-11-01', asOf: '2026-11-01' }),
      'after_window_empty',
      /nothing to measure yet: .* a measurement is possible as of 2026-11-02/,
      '2026-11-02',
    );
    assertWindowError(() => measurementWindows({ fixDay: '2026-11-01', asOf: '2026-10-20' }), 'after_window_empty', /2026-11-02/, '2026-11-02');
  });

  it('takes explicit windows of different lengths as given (November against January)', () => {
    const windows = measurementWindows({
      fixDay: '2025-12-10',
      asOf: '2026-02-01',
      explicit: { before: { from: '2025-11-01', to: '2025-11-30' }, after: { from: '2026-01-01', to: '2026-01-31' }, baseline: { from: '2025-08-04', to: '2025-08-31' } },
    });
    assert.deepEqual(windows, {
      before: { from: '2025-11-01', to: '2025-11-30', days: 30 },
      after: { from: '2026-01-01', to: '2026-01-31', days: 31 },
      baseline: { from: '2025-08-04', to: '2025-08-31', days: 28 },
    });
  });

  it('puts the baseline of explicit windows before the problem when none is given', () => {
    const windows = measurementWindows({
      fixDay: '2025-12-10',
      asOf: '2026-02-01',
      problemStartDay: '2025-09-15',
      explicit: { before: { from: '2025-11-01', to: '2025-11-30' }, after: { from: '2026-01-01', to: '2026-01-31' } },
    });
    assert.deepEqual(windows.baseline, { from: '2025-08-18', to: '2025-09-14', days: 28 });
  });

  it('refuses explicit windows that cannot be measured, saying which and why', () => {
    const request = { fixDay: '2025-12-10', asOf: '2026-02-01' };
    const explicit = (before: [string, string], after: [string, string], baseline?: [string, string]) => ({
      ...request,
      explicit: {
        before: { from: before[0], to: before[1] },
        after: { from: after[0], to: after[1] },
        ...(baseline ? { baseline: { from: baseline[0], to: baseline[1] } } : {}),
      },
    });
    assertWindowError(() => measurementWindows(explicit(['2025-11-30', '2025-11-01'], ['2026-01-01', '2026-01-31'])), 'reversed_window', /the before window ends \(2025-11-01\) before it starts \(2025-11-30\)/);
    assertWindowError(() => measurementWindows(explicit(['2025-11-01', '2025-12-10'], ['2026-01-01', '2026-01-31'])), 'window_crosses_fix', /before window must end before the fix day 2025-12-10/);
    assertWindowError(() => measurementWindows(explicit(['2025-11-01', '2025-11-30'], ['2025-12-10', '2026-01-31'])), 'window_crosses_fix', /after window must start after the fix day/);
    assertWindowError(() => measurementWindows(explicit(['2025-11-01', '2025-11-30'], ['2026-01-01', '2026-01-31'], ['2025-12-01', '2025-12-12'])), 'window_crosses_fix', /baseline window must end before the fix day/);
    assertWindowError(
      () => measurementWindows(explicit(['2025-11-01', '2025-11-30'], ['2026-01-01', '2026-02-28'])),
      'window_not_over',
      /the after window ends 2026-02-28, after asOf 2026-02-01; a measurement is possible as of 2026-02-28/,
      '2026-02-28',
    );
    assertWindowError(() => measurementWindows(explicit(['2024-01-01', '2025-11-30'], ['2026-01-01', '2026-01-31'])), 'invalid_length', /the before window is 700 days; at most 366/);
    assertWindowError(() => measurementWindows(explicit(['2025-11-01', '2025-11-31'], ['2026-01-01', '2026-01-31'])), 'invalid_day', /before.to must be a calendar day YYYY-MM-DD \(got "2025-11-31"\)/);
  });

  it('refuses bad days and lengths as input errors, impossible windows as unprocessable', () => {
    assertWindowError(() => measurementWindows({ fixDay: '1 Nov', asOf: '2026-11-15' }), 'invalid_day', /fixDay must be a calendar day/);
    assertWindowError(() => measurementWindows({ fixDay: '2026-11-01', asOf: '2026-02-30' }), 'invalid_day', /asOf must be a calendar day/);
    assertWindowError(() => measurementWindows({ fixDay: '2026-11-01', asOf: '2026-11-15', windowDays: 6 }), 'invalid_length', /windowDays must be a whole number of days from 7 to 366 \(got 6\)/);
    assertWindowError(() => measurementWindows({ fixDay: '2026-11-01', asOf: '2026-11-15', windowDays: 10.5 }), 'invalid_length', /windowDays/);
    assertWindowError(() => measurementWindows({ fixDay: '2026-11-01', asOf: '2026-11-15', problemStartDay: '2026-11-05' }), 'problem_after_fix', /the problem cannot start \(2026-11-05\) after the fix shipped \(2026-11-01\)/);
    assertWindowError(() => measurementWindows({ fixDay: '2026-11-01', asOf: '2026-11-15', problemStartDay: '2026-10-01', baselineDays: 0 }), 'invalid_length', /baselineDays/);

    const badDay = catchError(() => measurementWindows({ fixDay: 'soon', asOf: '2026-11-15' }));
    assert.equal(badDay.code, 'INVALID_INPUT');
    const tooEarly = catchError(() => measurementWindows({ fixDay: '2026-11-01', asOf: '2026-11-01' }));
    assert.equal(tooEarly.code, 'UNPROCESSABLE');
    assert.deepEqual(tooEarly.details, { problem: 'after_window_empty', earliestAsOf: '2026-11-02' });
  });
});

function catchError(run: () => unknown): MeasurementWindowError {
  try {
    run();
  } catch (error) {
    if (error instanceof MeasurementWindowError) return error;
    throw error;
  }
  throw new Error('expected a MeasurementWindowError');
}
