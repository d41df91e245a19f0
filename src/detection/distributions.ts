import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import nbCdf from '@stdlib/stats-base-dists-negative-binomial-cdf';
import nbQuantile from '@stdlib/stats-base-dists-negative-binomial-quantile';
import poissonCdf from '@stdlib/stats-base-dists-poisson-cdf';
import poissonQuantile from '@stdlib/stats-base-dists-poisson-quantile';

/**
 * Count distributions for the detector, parametrised as a mean `mu` and an overdispersion `phi`
 * (Var = mu + phi·mu²). phi = 0 is the Poisson. In stdlib's negative binomial, r = 1/phi "successes"
 * and success probability p = r / (r + mu) give exactly that mean and variance.
 */
const POISSON_BELOW = 1e-6;

/** P(Y ≥ y): the upper tail, exact (no normal approximation), so it is right for 0–10 a day. */
export function upperTail(y: number, mu: number, phi: number): number {
  if (y <= 0) return 1;
  if (mu <= 0) return 0;
  const below = phi < POISSON_BELOW ? poissonCdf(y - 1, mu) : nbCdf(y - 1, 1 / phi, 1 / (1 + phi * mu));
  return Math.min(1, Math.max(0, 1 - below));
}

/** The smallest count whose upper tail is at most `alpha`: the day's upper bound. */
export function upperBound(mu: number, phi: number, alpha: number): number {
  if (mu <= 0) return 0;
  const q = phi < POISSON_BELOW ? poissonQuantile(1 - alpha, mu) : nbQuantile(1 - alpha, 1 / phi, 1 / (1 + phi * mu));
  return q + 1;
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n || p <= 0) return 0;
  if (p >= 1) return 1;
  return Math.min(1, Math.max(0, 1 - binomialCdf(k - 1, n, p)));
}
