import assert from 'node:assert/strict';
import { binomialUpperTail, upperBound, upperTail } from '../../src/detection/distributions.ts';

const close = (actual: number, expected: number, relative = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${actual} ≠ ${expected}`);

describe('count distributions', () => {
  it('matches the Poisson tails quoted in the detection design notes', () => {
    // ../shared/design/DETECTION.md: 12 in 7 days on an expected 3.5 → ≈ 2.9e-4; 6 on 0.5 → ≈ 1.4e-5; 5 on 0.5 → ≈ 1.7e-4.
    close(upperTail(12, 3.5, 0), 2.9e-4, 0.01);
    close(upperTail(6, 0.5, 0), 1.4e-5, 0.02);
    close(upperTail(5, 0.5, 0), 1.7e-4, 0.02);
  });

  it('matches closed forms: P(Y ≥ 1) = 1 − e^−λ, and the geometric tail when phi = 1', () => {
    close(upperTail(1, 2.3, 0), 1 - Math.exp(-2.3));
    // phi = 1 is a negative binomial with r = 1: P(Y ≥ k) = (mu / (1 + mu))^k.
    for (const [k, mu] of [[3, 4], [10, 2.5], [1, 0.2]] as const) close(upperTail(k, mu, 1), (mu / (1 + mu)) ** k);
    close(binomialUpperTail(5, 5, 0.3), 0.3 ** 5);
    close(binomialUpperTail(1, 20, 0.1), 1 - 0.9 ** 20);
  });

  it('puts the upper bound at the first count whose tail is within alpha', () => {
    for (const [mu, phi] of [[0.5, 0], [4, 0.1], [120, 0.05]] as const) {
      const bound = upperBound(mu, phi, 1e-4);
      assert.ok(upperTail(bound, mu, phi) <= 1e-4, `tail at ${bound}`);
      assert.ok(upperTail(bound - 1, mu, phi) > 1e-4, `tail below ${bound}`);
    }
  });
});
