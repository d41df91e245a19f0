/**
 * Binomial, hypergeometric and Poisson probabilities by Catherine Loader's saddle-point algorithm
 * ("Fast and accurate computation of binomial probabilities", 2000) — the one R's `dbinom`,
 * `dhyper` and `dpois` use. The exact
 * tests compare probabilities of different outcomes with a relative tolerance of 1e-7, so each
 * probability must be right to many more digits than a difference of two CDF values would give
 * in the tails. Pure arithmetic, no state.
 */

const LN_2PI = Math.log(2 * Math.PI);

/**
 * stirlerr(n) = ln(n!) − ln(√(2π) · n^(n+½) · e^(−n)) for n = 1…15, where the series below is
 * not accurate enough. Computed with mpmath at 40 digits:
 * `python3 -c "import mpmath as m; m.mp.dps=40; print([float(m.loggamma(n+1)-(n+m.mpf(0.5))*m.log(n)+n-m.log(m.sqrt(2*m.pi))) for n in range(1,16)])"`
 * (they equal R's `sferr_halves` table in nmath/stirlerr.c at the whole numbers).
 */
const STIRLERR_SMALL = [
  0, 0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093, 0.016644691189821193,
  0.013876128823070748, 0.01189670994589177, 0.010411265261972096, 0.009255462182712733, 0.00833056343336287,
  0.007573675487951841, 0.00694284010720953, 0.006408994188004207, 0.0059513701127588475, 0.005554733551962801,
];

/** The error of Stirling's formula for ln(n!), n a whole number. */
function stirlerr(n: number): number {
  if (n <= 15) return STIRLERR_SMALL[n] ?? 0;
  const S0 = 1 / 12;
  const S1 = 1 / 360;
  const S2 = 1 / 1260;
  const S3 = 1 / 1680;
  const S4 = 1 / 1188;
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/** x·ln(x/np) + np − x, computed without cancellation when x is close to np. */
function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    if (Math.abs(s) < Number.MIN_VALUE) return s;
    let term = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      term *= v;
      const next = s + term / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
  }
  return x * Math.log(x / np) + np - x;
}

/** P(X = x) for X ~ Binomial(n, p), q = 1 − p passed separately so 1 − p loses nothing. */
export function binomialPmf(x: number, n: number, p: number, q = 1 - p): number {
  if (x < 0 || x > n || !Number.isInteger(x)) return 0;
  if (p === 0) return x === 0 ? 1 : 0;
  if (q === 0) return x === n ? 1 : 0;
  if (x === 0) {
    if (n === 0) return 1;
    return Math.exp(p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q));
  }
  if (x === n) return Math.exp(q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p));
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return Math.exp(lc - 0.5 * lf);
}

/**
 * P(X = x) for the hypergeometric distribution: x of the `drawn` items come from the `marked`
 * ones, out of `marked + unmarked`. As R's `dhyper`, a ratio of three binomial probabilities at
 * p = drawn / total, each accurate, so the ratio is accurate even for totals in the tens of thousands.
 */
export function hypergeometricPmf(x: number, marked: number, unmarked: number, drawn: number): number {
  if (x < 0 || x > marked || drawn - x < 0 || drawn - x > unmarked) return 0;
  const total = marked + unmarked;
  if (drawn === 0 || drawn === total) return 1;
  const p = drawn / total;
  const q = (total - drawn) / total;
  return (binomialPmf(x, marked, p, q) * binomialPmf(drawn - x, unmarked, p, q)) / binomialPmf(drawn, total, p, q);
}

/** P(N = n) for N ~ Poisson(mean), by the same saddle-point terms (R's `dpois_raw`). */
export function poissonPmf(n: number, mean: number): number {
  if (n < 0 || !Number.isInteger(n)) return 0;
  if (mean === 0) return n === 0 ? 1 : 0;
  if (n === 0) return Math.exp(-mean);
  return Math.exp(-stirlerr(n) - bd0(n, mean)) / Math.sqrt(2 * Math.PI * n);
}
