import assert from 'node:assert/strict';
import { powerFunction, requiredBeforeCount } from '../../src/followups/statistics.ts';
import { assertClose } from './close.ts';

/*
 * Independent values: the same power written out by brute force in SciPy — every critical value
 * found by scanning all outcomes, the Poisson average summed term by term:
 *
 * python3 - <<'PY'
 * from scipy import stats
 * def power(mu, e, R, alpha=0.05):
 *     p0 = e/(1+e); p1 = R*e/(1+R*e); tot = mu*(1+R*e); total = 0.0
 *     for n in range(0, int(tot + 12*tot**0.5 + 30)):
 *         if R < 1:
 *             ks = [k for k in range(0, n+1) if stats.binom.cdf(k, n, p0) < alpha/2]
 *             cond = stats.binom.cdf(max(ks), n, p1) if ks else 0.0
 *         else:
 *             js = [j for j in range(0, n+1) if stats.binom.sf(j-1, n, p0) < alpha/2]
 *             cond = stats.binom.sf(min(js)-1, n, p1) if js else 0.0
 *         total += stats.poisson.pmf(n, tot) * cond
 *     return total
 * for args in [(50,1,0.5),(49,1,0.5),(25,1,2),(24,1,2),(76,0.5,0.5),(75,0.5,0.5),(20,1,0.5)]:
 *     print(args, repr(power(*args)))
 * PY
 * (50, 1, 0.5) 0.8017196081104095
 * (49, 1, 0.5) 0.7933412516896855
 * (25, 1, 2) 0.8017196081104092
 * (24, 1, 2) 0.7846593086767946
 * (76, 0.5, 0.5) 0.8016336140400651
 * (75, 0.5, 0.5) 0.795782945018856
 * (20, 1, 0.5) 0.3734795948913978
 */
describe('follow-up statistics: how much data a verdict needs', () => {
  it('computes the power of the exact conditional test as a brute-force SciPy sum does', () => {
    const halving = powerFunction(1, 0.5, 0.05);
    assertClose(halving(50), 0.8017196081104095, 1e-9);
    assertClose(halving(49), 0.7933412516896855, 1e-9);
    assertClose(halving(20), 0.3734795948913978, 1e-9);
    assertClose(powerFunction(1, 2, 0.05)(25), 0.8017196081104092, 1e-9);
    assertClose(powerFunction(0.5, 0.5, 0.05)(76), 0.8016336140400651, 1e-9);
  });

  it('needs about 50 inquiries before the fix to see a halving with equal windows (80 % power, 5 %)', () => {
    // From the values above: power 0.793 at 49, 0.802 at 50. The normal approximation
    // (1.96 + 0.84)² · (1 + 1/0.5) / ln(2)² ≈ 49 agrees.
    assert.equal(requiredBeforeCount(1), 50);
  });

  it('needs more before when the after window is shorter, fewer for a doubling', () => {
    // After window half the before window: power 0.796 at 75, 0.802 at 76.
    assert.equal(requiredBeforeCount(0.5), 76);
    // A doubling: power 0.785 at 24, 0.802 at 25.
    assert.equal(requiredBeforeCount(1, { relevantRatio: 2 }), 25);
    assert.ok(requiredBeforeCount(1 / 14) > requiredBeforeCount(0.5));
    assert.ok(requiredBeforeCount(1, { relevantRatio: 0.8 }) > requiredBeforeCount(1, { relevantRatio: 0.5 }));
    assert.ok(requiredBeforeCount(1, { power: 0.9 }) > requiredBeforeCount(1));
  });

  it('refuses a change of nothing and windows that cannot be', () => {
    assert.throws(() => requiredBeforeCount(1, { relevantRatio: 1 }), /relevantRatio must be a positive number other than 1/);
    assert.throws(() => requiredBeforeCount(0), /exposureRatio must be a positive number/);
    assert.throws(() => requiredBeforeCount(Number.NaN), /exposureRatio/);
  });
});
