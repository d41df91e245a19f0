import assert from 'node:assert/strict';
import { cesFigure, experienceChange, npsFigure, type ScoreCounts } from '../../src/surveys/figures.ts';
import {
  meanDifferenceInterval,
  meanInterval,
  npsDifferenceInterval,
  npsInterval,
  npsPoints,
  tQuantile975,
} from '../../src/surveys/statistics.ts';

const near = (actual: number, expected: number, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

/** Scores → counts, as the database hands them over. */
const distribution = (scores: number[]) => {
  const counts = new Map<number, number>();
  for (const score of scores) counts.set(score, (counts.get(score) ?? 0) + 1);
  return counts;
};

// The adjusted-Wald expectations below are computed independently of our code: NumPy's weighted mean and
// variance of the scores +1/0/−1 with the pseudo-counts added (variance of a trinomial mean), and SciPy's
// normal quantile. For counts (P, Q, D) = promoters, passives, detractors:
//   python3 -c "import numpy as np; from scipy.stats import norm; P,Q,D=60,25,15; w=np.array([P+.75,Q+1.5,D+.75]);
//     v=np.array([1,0,-1]); n=w.sum(); m=np.average(v,weights=w); s=np.average((v-m)**2,weights=w);
//     h=norm.ppf(.975)*np.sqrt(s/n); print(100*(m-h),100*(m+h))"
describe('NPS with an adjusted-Wald interval', () => {
  it('is % promoters − % detractors in points', () => {
    assert.equal(npsPoints({ promoters: 60, passives: 25, detractors: 15 }), 45);
    assert.equal(npsPoints({ promoters: 12, passives: 10, detractors: 20 }), (100 * -8) / 42);
  });

  for (const [counts, low, high] of [
    [{ promoters: 60, passives: 25, detractors: 15 }, 29.34311120173409, 58.03552957496494],
    [{ promoters: 3, passives: 1, detractors: 1 }, -29.782658786036354, 79.78265878603635],
    [{ promoters: 12, passives: 10, detractors: 20 }, -42.445992182945226, 6.89043662738967],
  ] as const) {
    it(`matches NumPy/SciPy for ${counts.promoters}/${counts.passives}/${counts.detractors}`, () => {
      const interval = npsInterval(counts);
      near(interval.low, low);
      near(interval.high, high);
    });
  }

  it('cuts the interval at ±100 (30 promoters: NumPy gives 78.698 … 103.120)', () => {
    const interval = npsInterval({ promoters: 30, passives: 0, detractors: 0 });
    near(interval.low, 78.6977238725764);
    assert.equal(interval.high, 100);
  });

  it('compares two NPS by adding the adjusted variances (NumPy/SciPy: 32.931 … 90.004)', () => {
    // Same script, for both count sets, then (m1 − m2) ± norm.ppf(.975)·√(s1/n1 + s2/n2).
    const interval = npsDifferenceInterval({ promoters: 60, passives: 25, detractors: 15 }, { promoters: 12, passives: 10, detractors: 20 });
    near(interval.low, 32.93055107357525);
    near(interval.high, 90.00364525867933);
  });
});

describe('CES means with t intervals', () => {
  it('takes Student t quantiles from the beta quantile (scipy.stats.t.ppf(0.975, df))', () => {
    // python3 -c "from scipy import stats; print([stats.t.ppf(0.975, df) for df in (1, 2.5, 9, 29, 1000)])"
    const expected: Array<[number, number]> = [
      [1, 12.706204736174694],
      [2.5, 3.5746548420036817],
      [9, 2.262157162798205],
      [29, 2.045229642132703],
      [1000, 1.9623390808264083],
    ];
    for (const [df, t] of expected) near(tQuantile975(df), t, 1e-10);
  });

  it('gives the t interval of a mean (scipy.stats.t.interval)', () => {
    // python3 -c "import numpy as np; from scipy import stats; x=[1,2,2,3,3,3,4,4,5,5];
    //   print(stats.t.interval(0.95, df=len(x)-1, loc=np.mean(x), scale=stats.sem(x)))"
    const interval = meanInterval(distribution([1, 2, 2, 3, 3, 3, 4, 4, 5, 5]))!;
    near(interval.low, 2.2581888697508408);
    near(interval.high, 4.14181113024916);
  });

  it("gives Welch's interval for a change of mean (scipy.stats.ttest_ind(..., equal_var=False).confidence_interval())", () => {
    // python3 -c "from scipy import stats; a=[5,4,4,5,3,4,5,5,2,4,4,5]; b=[1,2,2,3,3,3,4,4,5,5];
    //   print(stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95))"
    const interval = meanDifferenceInterval(distribution([5, 4, 4, 5, 3, 4, 5, 5, 2, 4, 4, 5]), distribution([1, 2, 2, 3, 3, 3, 4, 4, 5, 5]))!;
    near(interval.low, -0.08656942681708357);
    near(interval.high, 2.0199027601504174);
  });

  it('has no interval below two answers', () => {
    assert.equal(meanInterval(distribution([4])), undefined);
    assert.equal(meanDifferenceInterval(distribution([4]), distribution([1, 2])), undefined);
  });
});

describe('figures and the minimum sample', () => {
  const scores = (counts: Record<number, number>) => new Map(Object.entries(counts).map(([score, n]) => [Number(score), n]));

  it('says "insufficient" with the minimum below it, and shows nothing it would have to guess', () => {
    assert.deepEqual(npsFigure(scores({ 10: 20, 3: 9 }), 30), { n: 29, insufficient: true, needed: 30 });
    assert.deepEqual(cesFigure('1-5', scores({ 2: 5 }), 30), { n: 5, insufficient: true, needed: 30 });
  });

  it('shows NPS, its rounded interval and the three groups at the minimum', () => {
    const figure = npsFigure(scores({ 10: 40, 9: 20, 8: 15, 7: 10, 6: 5, 0: 10 }), 30);
    assert.deepEqual(figure, { n: 100, insufficient: false, nps: 45, ci: { low: 29.34, high: 58.04 }, promoters: 60, passives: 25, detractors: 15 });
  });

  it('shows every score of the CES scale in the distribution, unanswered ones as 0', () => {
    const figure = cesFigure('1-7', scores({ 1: 1, 2: 2, 3: 3, 4: 2, 5: 2 }), 10);
    assert.equal(figure.insufficient, false);
    if (figure.insufficient) return;
    assert.deepEqual(figure.distribution, { 1: 1, 2: 2, 3: 3, 4: 2, 5: 2, 6: 0, 7: 0 });
    assert.equal(figure.mean, 3.2);
    assert.deepEqual(figure.ci, { low: 2.258, high: 4.142 });
  });

  it('reports a change only where both periods reach the minimum sample', () => {
    const period = (nps: Record<number, number>, ces: Record<number, number>): ScoreCounts => ({ nps: scores(nps), ces: new Map([['1-5', scores(ces)]]) });
    const change = experienceChange(period({ 10: 60, 8: 25, 2: 15 }, { 1: 3 }), period({ 10: 12, 8: 10, 2: 20 }, { 4: 40 }), 30);
    assert.deepEqual(change.nps, { delta: 64.05, ci: { low: 32.93, high: 90 }, significant: true });
    assert.equal(change.ces['1-5'], null);
  });
});
