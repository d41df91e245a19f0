import assert from 'node:assert/strict';
import { checkPeriod, last90Days, lastFullQuarter, previousPeriodOf } from '../../src/reports/period.ts';
import { impactOf } from '../../src/reports/impact.ts';

describe('reports: periods and impact', () => {
  it('finds the last full quarter, across a year end too', () => {
    assert.deepEqual(lastFullQuarter('2026-11-23'), { from: '2026-07-01', to: '2026-09-30', days: 92 });
    assert.deepEqual(lastFullQuarter('2026-10-01'), { from: '2026-07-01', to: '2026-09-30', days: 92 });
    assert.deepEqual(lastFullQuarter('2027-01-15'), { from: '2026-10-01', to: '2026-12-31', days: 92 });
    assert.deepEqual(lastFullQuarter('2028-04-01'), { from: '2028-01-01', to: '2028-03-31', days: 91 });
    assert.deepEqual(last90Days('2026-11-23'), { from: '2026-08-25', to: '2026-11-22', days: 90 });
    assert.deepEqual(previousPeriodOf({ from: '2026-10-01', to: '2026-10-31', days: 31 }), { from: '2026-08-31', to: '2026-09-30', days: 31 });
  });

  it('reports each problem with a period by field', () => {
    assert.deepEqual(checkPeriod({ from: '2026-10-01', to: '2026-09-30' }, '2026-11-23'), { problems: { to: 'toBeforeFrom' } });
    assert.deepEqual(checkPeriod({ from: '2026-02-30', to: '' }, '2026-11-23'), { problems: { from: 'badDate', to: 'bothOrNeither' } });
    assert.deepEqual(checkPeriod({ from: ' ', to: ' ' }, '2026-11-23'), { period: { from: '2026-07-01', to: '2026-09-30', days: 92 } });
    assert.deepEqual(checkPeriod({ from: '2026-11-23', to: '2026-11-23' }, '2026-11-23'), { period: { from: '2026-11-23', to: '2026-11-23', days: 1 } });
  });

  it('turns a measurement’s rates into inquiries avoided a month, with the interval from the rate ratio', () => {
    const impact = impactOf({ rate: { before: { ratePerDay: 15 }, after: { ratePerDay: 3 }, ratioCi: { lower: 0.1, upper: 0.4 } } })!;
    assert.ok(Math.abs(impact.avoidedPerMonth - 12 * 30.44) < 1e-9);
    assert.ok(Math.abs(impact.interval!.lower! - 15 * 0.6 * 30.44) < 1e-9);
    assert.ok(Math.abs(impact.interval!.upper! - 15 * 0.9 * 30.44) < 1e-9);
    // Nothing before: the ratio's upper end is unbounded (stored as null), so is the interval's lower end.
    assert.deepEqual(impactOf({ rate: { before: { ratePerDay: 0 }, after: { ratePerDay: 1 }, ratioCi: { lower: 2, upper: null } } })!.interval, { lower: null, upper: -0 });
    assert.equal(impactOf({ share: {} }), undefined);
    assert.equal(impactOf(null), undefined);
  });
});
