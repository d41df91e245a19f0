import assert from 'node:assert/strict';
import { binomialTestTwoSided, binomialUpperTail, clopperPearson } from '../../src/followups/binomial.ts';
import { binomialPmf, hypergeometricPmf, poissonPmf } from '../../src/followups/probabilities.ts';
import { assertClose } from './close.ts';

describe('follow-up statistics: probabilities', () => {
  it('gives binomial probabilities to near machine precision, in the centre and the far tails', () => {
    // python3 -c "from scipy import stats; print(repr(stats.binom.pmf(43, 261, 0.5)))" → 9.420700657717278e-30
    assertClose(binomialPmf(43, 261, 0.5), 9.420700657717278e-30, 1e-12);
    // python3 -c "from scipy import stats; print(repr(stats.binom.pmf(6000, 20000, 0.3)))" → 0.00615571654157556
    assertClose(binomialPmf(6000, 20000, 0.3), 0.00615571654157556, 1e-12);
    // python3 -c "from scipy import stats; print(repr(stats.binom.pmf(0, 50, 0.01)))" → 0.6050060671375365
    assertClose(binomialPmf(0, 50, 0.01), 0.6050060671375365, 1e-13);
    // python3 -c "from scipy import stats; print(repr(stats.binom.pmf(50, 50, 0.97)))" → 0.2180653753474073
    assertClose(binomialPmf(50, 50, 0.97), 0.2180653753474073, 1e-13);
    assert.equal(binomialPmf(-1, 10, 0.5), 0);
    assert.equal(binomialPmf(11, 10, 0.5), 0);
    assert.equal(binomialPmf(2.5, 10, 0.5), 0);
    assert.equal(binomialPmf(0, 10, 0), 1);
    assert.equal(binomialPmf(10, 10, 1), 1);
  });

  it('gives hypergeometric and Poisson probabilities as SciPy does', () => {
    // python3 -c "from scipy import stats; print(repr(stats.hypergeom.pmf(112, 6700, 1282, 2800)))" → 1.1526190412520037e-183
    assertClose(hypergeometricPmf(112, 1282, 6700 - 1282, 2800), 1.1526190412520037e-183, 1e-10);
    // python3 -c "from scipy import stats; print(repr(stats.poisson.pmf(0, 3.5)), repr(stats.poisson.pmf(40, 15.6)), repr(stats.poisson.pmf(700, 650.5)))"
    assertClose(poissonPmf(0, 3.5), 0.0301973834223185, 1e-13);
    assertClose(poissonPmf(40, 15.6), 1.0923075822848928e-7, 1e-12);
    assertClose(poissonPmf(700, 650.5), 0.002400870949272197, 1e-12);
  });
});

describe('follow-up statistics: exact binomial test', () => {
  it("matches R's binom.test documentation example (Mendel's dwarf and giant plants)", () => {
    // R, ?binom.test: binom.test(c(682, 243), p = 3/4) prints "p-value = 0.3825" and
    // "95 percent confidence interval: 0.7076683 0.7654066". Full precision from SciPy:
    // python3 -c "from scipy import stats; r = stats.binomtest(682, 925, p=0.75); print(r.pvalue, r.proportion_ci(method='exact'))"
    // → 0.3824915595748517 ConfidenceInterval(low=0.707668264079039, high=0.7654065582414781)
    assertClose(binomialTestTwoSided(682, 925, 0.75), 0.3824915595748517, 1e-9);
    const interval = clopperPearson(682, 925);
    assertClose(interval.lower, 0.707668264079039, 1e-9);
    assertClose(interval.upper, 0.7654065582414781, 1e-9);
  });

  it('counts outcomes exactly as probable as the observed one on both sides (R tolerance 1 + 1e-7)', () => {
    // Bin(4, 0.5): P(1) = P(3), so both tails count in full.
    // python3 -c "from scipy import stats; print(stats.binomtest(1, 4, 0.5).pvalue)" → 0.625
    assertClose(binomialTestTwoSided(1, 4, 0.5), 0.625, 1e-12);
    assertClose(binomialTestTwoSided(3, 4, 0.5), 0.625, 1e-12);
  });

  it('keeps tiny p-values instead of rounding them to 0 or 1', () => {
    // python3 -c "from scipy import stats; print(stats.binomtest(43, 261, 0.5).pvalue)" → 2.3406713514364762e-29
    assertClose(binomialTestTwoSided(43, 261, 0.5), 2.3406713514364762e-29, 1e-9);
    // P(X ≥ 20) for Bin(20, 0.5) = 2^−20, not 1 − (1 − 2^−20) in floating point.
    assertClose(binomialUpperTail(20, 20, 0.5), 2 ** -20, 1e-12);
  });

  it('handles the degenerate cases: nothing observed, p of 0 or 1, all or none', () => {
    assert.equal(binomialTestTwoSided(0, 0, 0.5), 1);
    assert.equal(binomialTestTwoSided(0, 5, 0), 1);
    assert.equal(binomialTestTwoSided(1, 5, 0), 0);
    assert.equal(binomialTestTwoSided(5, 5, 1), 1);
    assert.deepEqual(clopperPearson(0, 0), { lower: 0, upper: 1 });
    assert.equal(clopperPearson(0, 20).lower, 0);
    assert.equal(clopperPearson(20, 20).upper, 1);
    // Closed forms at the edges: upper for x = 0 is 1 − (α/2)^(1/n); lower for x = n is (α/2)^(1/n).
    assertClose(clopperPearson(0, 20).upper, 1 - 0.025 ** (1 / 20), 1e-12);
    assertClose(clopperPearson(20, 20).lower, 0.025 ** (1 / 20), 1e-12);
  });
});
