import assert from 'node:assert/strict';
import { compareRates } from '../../src/followups/statistics.ts';
import { assertClose } from './close.ts';

/**
 * Expected values: R's `poisson.test(c(after, before), c(afterDays, beforeDays))` is the binomial
 * test of the after count out of both, with p = afterDays / (beforeDays + afterDays), and its
 * interval is the Clopper–Pearson interval carried over by p / (1 − p) · beforeDays / afterDays.
 * Each value is computed with SciPy by the command next to it.
 */
function assertRateFigures(
  actual: ReturnType<typeof compareRates>,
  expected: { pValue: number; lower: number; upper: number },
): void {
  assertClose(actual.pValue, expected.pValue, 1e-9, 'p-value');
  assertClose(actual.ratioCi.lower, expected.lower, 1e-9, 'lower');
  assertClose(actual.ratioCi.upper, expected.upper, 1e-9, 'upper');
}

describe('follow-up statistics: exact conditional test for two Poisson rates', () => {
  it("matches R's poisson.test documentation example (two-sample comparison)", () => {
    // R, ?poisson.test: poisson.test(c(11, 6+8+7), c(800, 1083+1050+878)) prints "p-value = 0.07967",
    // "95 percent confidence interval: 0.8584264 4.2772659", "rate ratio 1.971488". Full precision:
    // python3 -c "from scipy import stats; r=stats.binomtest(11, 32, 800/(800+3011)); ci=r.proportion_ci(method='exact'); f=lambda p: p/(1-p)*3011/800; print(r.pvalue, f(ci.low), f(ci.high))"
    // → 0.0796686330333295 0.858426403391619 4.277265943654079
    const result = compareRates({ count: 21, days: 3011 }, { count: 11, days: 800 });
    assertClose(result.ratio, 1.971488, 1e-6);
    assertRateFigures(result, { pValue: 0.0796686330333295, lower: 0.858426403391619, upper: 4.277265943654079 });
  });

  it('gives the SMS-payment story: 15.6 → 3.1 a day, −80 % (95 % CI −86 % to −73 %), p < 0.001', () => {
    // python3 -c "from scipy import stats; r=stats.binomtest(43, 261, 14/(14+14)); ci=r.proportion_ci(method='exact'); f=lambda p: p/(1-p)*14/14 if p<1 else float('inf'); print(r.pvalue, f(ci.low), f(ci.high))"
    // → 2.3406713514364762e-29 0.13878397219885708 0.2745866995617471
    const result = compareRates({ count: 218, days: 14 }, { count: 43, days: 14 });
    assertRateFigures(result, { pValue: 2.3406713514364762e-29, lower: 0.13878397219885708, upper: 0.2745866995617471 });
    assertClose(result.before.ratePerDay, 218 / 14, 1e-15);
    assertClose(result.change, 43 / 218 - 1, 1e-12);
    assertClose(result.changeCi.lower, 0.13878397219885708 - 1, 1e-9);
    assertClose(result.changeCi.upper, 0.2745866995617471 - 1, 1e-9);
    assert.ok(result.pValue < 0.001);
  });

  it('compares windows of different lengths per day (4 weeks before, 1 week after)', () => {
    // python3 -c "from scipy import stats; r=stats.binomtest(4, 34, 7/(28+7)); ci=r.proportion_ci(method='exact'); f=lambda p: p/(1-p)*28/7 if p<1 else float('inf'); print(r.pvalue, f(ci.low), f(ci.high))"
    // → 0.287299891881585 0.13651184150053103 1.5134655082551352
    const result = compareRates({ count: 30, days: 28 }, { count: 4, days: 7 });
    assertClose(result.ratio, 4 / 7 / (30 / 28), 1e-12);
    assertRateFigures(result, { pValue: 0.287299891881585, lower: 0.13651184150053103, upper: 1.5134655082551352 });
  });

  it('compares a 30-day month with a 31-day month (November against January)', () => {
    // python3 -c "from scipy import stats; r=stats.binomtest(112, 1282, 31/(30+31)); ci=r.proportion_ci(method='exact'); f=lambda p: p/(1-p)*30/31 if p<1 else float('inf'); print(r.pvalue, f(ci.low), f(ci.high))"
    // → 1.805592144596701e-230 0.0756194549576321 0.11253538677818709
    const result = compareRates({ count: 1170, days: 30 }, { count: 112, days: 31 });
    assertRateFigures(result, { pValue: 1.805592144596701e-230, lower: 0.0756194549576321, upper: 0.11253538677818709 });
  });

  it('handles a zero after-count: ratio 0, lower bound 0, an upper bound below 1', () => {
    // python3 -c "from scipy import stats; r=stats.binomtest(0, 20, 14/(14+14)); ci=r.proportion_ci(method='exact'); f=lambda p: p/(1-p)*14/14 if p<1 else float('inf'); print(r.pvalue, f(ci.low), f(ci.high))"
    // → 1.9073486328125e-06 0.0 0.2025496037968352
    const result = compareRates({ count: 20, days: 14 }, { count: 0, days: 14 });
    assert.equal(result.ratio, 0);
    assert.equal(result.change, -1);
    assertRateFigures(result, { pValue: 1.9073486328125e-6, lower: 0, upper: 0.2025496037968352 });
  });

  it('handles a zero before-count: ratio and upper bound Infinity', () => {
    // python3 -c "from scipy import stats; r=stats.binomtest(7, 7, 14/(14+14)); ci=r.proportion_ci(method='exact'); f=lambda p: p/(1-p)*14/14 if p<1 else float('inf'); print(r.pvalue, f(ci.low), f(ci.high))"
    // → 0.015625 1.4413085188349697 inf
    const result = compareRates({ count: 0, days: 14 }, { count: 7, days: 14 });
    assert.equal(result.ratio, Infinity);
    assertRateFigures(result, { pValue: 0.015625, lower: 1.4413085188349697, upper: Infinity });
  });

  it('says nothing when neither window has an inquiry: ratio NaN, interval 0 to Infinity, p = 1', () => {
    const result = compareRates({ count: 0, days: 14 }, { count: 0, days: 14 });
    assert.ok(Number.isNaN(result.ratio));
    assert.deepEqual(result.ratioCi, { lower: 0, upper: Infinity });
    assert.equal(result.pValue, 1);
  });

  it('finds no change between equal rates and a clear rise when the rate doubles', () => {
    // python3 -c "from scipy import stats; r=stats.binomtest(140, 280, 14/(14+14)); ci=r.proportion_ci(method='exact'); f=lambda p: p/(1-p)*14/14 if p<1 else float('inf'); print(r.pvalue, f(ci.low), f(ci.high))"
    // → 1.0 0.7854591297173907 1.2731407175314156
    assertRateFigures(compareRates({ count: 140, days: 14 }, { count: 140, days: 14 }), { pValue: 1, lower: 0.7854591297173907, upper: 1.2731407175314156 });
    // python3 -c "from scipy import stats; r=stats.binomtest(140, 210, 14/(14+14)); ci=r.proportion_ci(method='exact'); f=lambda p: p/(1-p)*14/14 if p<1 else float('inf'); print(r.pvalue, f(ci.low), f(ci.high))"
    // → 1.5545621545346564e-06 1.490726651962061 2.7042420103805607
    assertRateFigures(compareRates({ count: 70, days: 14 }, { count: 140, days: 14 }), { pValue: 1.5545621545346564e-6, lower: 1.490726651962061, upper: 2.7042420103805607 });
  });

  it('gives tiny counts a wide interval', () => {
    // python3 -c "from scipy import stats; r=stats.binomtest(1, 4, 14/(14+14)); ci=r.proportion_ci(method='exact'); f=lambda p: p/(1-p)*14/14 if p<1 else float('inf'); print(r.pvalue, f(ci.low), f(ci.high))"
    // → 0.625 0.006349525306027391 4.151440776238428
    assertRateFigures(compareRates({ count: 3, days: 14 }, { count: 1, days: 14 }), { pValue: 0.625, lower: 0.006349525306027391, upper: 4.151440776238428 });
  });

  it('refuses counts and days that cannot be', () => {
    assert.throws(() => compareRates({ count: -1, days: 14 }, { count: 3, days: 14 }), /before: count must be a whole number/);
    assert.throws(() => compareRates({ count: 2.5, days: 14 }, { count: 3, days: 14 }), /before: count/);
    assert.throws(() => compareRates({ count: 3, days: 14 }, { count: 3, days: 0 }), /after: days must be a whole number, 1 or more/);
    assert.throws(() => compareRates({ count: 3, days: 14 }, { count: Number.NaN, days: 7 }), /after: count/);
  });
});
