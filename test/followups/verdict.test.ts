import assert from 'node:assert/strict';
import { computeFigures, type WindowTally } from '../../src/followups/statistics.ts';
import { judge, judgeBaseline, type VerdictOptions } from '../../src/followups/verdict.ts';

const tally = (count: number, days: number, total = 2000): WindowTally => ({ count, days, total });

function verdictOf(before: WindowTally, after: WindowTally, options: VerdictOptions & { baseline?: WindowTally } = {}) {
  const { baseline, ...verdictOptions } = options;
  return judge(computeFigures({ before, after, ...(baseline ? { baseline } : {}) }), verdictOptions);
}

describe('follow-up verdict', () => {
  it('calls a fall improved when the whole interval is below 1, a zero after-count included', () => {
    assert.equal(verdictOf(tally(218, 14), tally(43, 14)).verdict, 'improved');
    // 20 → 0 in two weeks: interval 0 to 0.20 (see poissonRates.test.ts), p = 1.9e-6.
    const gone = verdictOf(tally(20, 14), tally(0, 14));
    assert.equal(gone.verdict, 'improved');
    assert.equal(gone.needed, undefined);
  });

  it('calls equal rates no_change when the windows could have shown a halving', () => {
    const same = verdictOf(tally(140, 14), tally(140, 14));
    assert.equal(same.verdict, 'no_change');
    assert.equal(same.basis, 'rate');
  });

  it('calls a rise worsened, also from a zero before-count', () => {
    assert.equal(verdictOf(tally(70, 14), tally(140, 14)).verdict, 'worsened');
    // 0 → 7 in two weeks: interval 1.44 to Infinity, p = 0.0156.
    assert.equal(verdictOf(tally(0, 14), tally(7, 14)).verdict, 'worsened');
  });

  it('says tiny counts cannot tell, and how many inquiries and days would', () => {
    const tiny = verdictOf(tally(3, 14), tally(1, 14));
    assert.equal(tiny.verdict, 'insufficient_data');
    // 50 before: the smallest count at which a halving is found with 80 % power (power.test.ts);
    // at 3 in 14 days that takes 50 / (3/14) = 233 days, 238 in whole weeks.
    assert.deepEqual(tiny.needed, { reason: 'too_few_inquiries', relevantRatio: 0.5, beforeCount: 3, beforeCountNeeded: 50, windowDays: 238 });
  });

  it('suggests measuring again when a longer after window would be enough', () => {
    // 60 in 14 days before, 7 days after: 76 needed with a half-length after window; 11 days after need only 60.
    const early = verdictOf(tally(60, 14), tally(20, 7));
    assert.equal(early.verdict, 'insufficient_data');
    assert.equal(early.needed?.beforeCountNeeded, 76);
    assert.equal(early.needed?.afterDays, 11);
    assert.equal(early.needed?.moreAfterDays, 4);
  });

  it('compares windows of different lengths per day', () => {
    // 4 weeks before, 1 week after, same rate: 127 needed before at that ratio of lengths; with 120, one more day does it.
    const unequal = verdictOf(tally(120, 28), tally(28, 7));
    assert.equal(unequal.verdict, 'insufficient_data');
    assert.equal(unequal.needed?.beforeCountNeeded, 127);
    assert.equal(unequal.needed?.afterDays, 8);
    // Twice as long an after window at the same per-day rate: no change, not a doubling.
    assert.equal(verdictOf(tally(140, 14), tally(280, 28)).verdict, 'no_change');
  });

  it('does not judge an after window shorter than a week, however clear the figures', () => {
    const judged = verdictOf(tally(218, 14), tally(6, 2));
    assert.equal(judged.verdict, 'insufficient_data');
    assert.deepEqual(judged.needed, { reason: 'too_few_days', relevantRatio: 0.5, beforeCount: 218, afterDays: 7, moreAfterDays: 5 });
    assert.equal(verdictOf(tally(218, 14), tally(6, 2), { minAfterDays: 1 }).verdict, 'improved');
  });

  it('has nothing to say when neither window has an inquiry', () => {
    const nothing = verdictOf(tally(0, 14), tally(0, 14));
    assert.equal(nothing.verdict, 'insufficient_data');
    assert.equal(nothing.needed?.reason, 'no_inquiries');
  });

  it('needs the exact p-value as well as the interval before a share change counts', () => {
    // 5 → 0 of ~1,800: Koopman's interval ends at 0.86, Fisher's p is 0.064 (shares.test.ts).
    const judged = verdictOf(tally(5, 14, 1900), tally(0, 14, 1700), { basis: 'share' });
    assert.equal(judged.basis, 'share');
    assert.equal(judged.verdict, 'insufficient_data');
  });

  it('judges on the share when the target is a share', () => {
    // The topic's count holds still while all inquiries triple: the share falls, the rate does not.
    const before = tally(300, 14, 1000);
    const after = tally(300, 14, 3000);
    assert.equal(verdictOf(before, after).verdict, 'no_change');
    const byShare = verdictOf(before, after, { target: { metric: 'share', max: 0.15 } });
    assert.equal(byShare.basis, 'share');
    assert.equal(byShare.verdict, 'improved');
    assert.deepEqual(byShare.target, { target: { metric: 'share', max: 0.15 }, observed: 0.1, met: true });
    assert.equal(verdictOf(before, after, { target: { metric: 'reduction', min: 0.5, of: 'share' } }).basis, 'share');
  });
});

describe('follow-up verdict: back to the level before the problem', () => {
  const sms = { before: tally(218, 14), after: tally(43, 14) };

  it('is back when the after level is at most 25 % above the baseline', () => {
    // 3.1 a day against 3.6 before the problem.
    assert.equal(verdictOf(sms.before, sms.after, { baseline: tally(101, 28) }).baseline?.status, 'back');
    // 3.1 against 2.6 (ratio 1.19) is still back with the default tolerance, not with 10 %.
    assert.equal(verdictOf(sms.before, sms.after, { baseline: tally(72, 28) }).baseline?.status, 'back');
    assert.equal(verdictOf(sms.before, sms.after, { baseline: tally(72, 28), baselineTolerance: 0.1 }).baseline?.status, 'unclear');
  });

  it('is above when significantly above the baseline, and unclear when the data cannot tell', () => {
    // 3.1 against 1.8 a day: ratio 1.72, interval 1.12 to 2.64.
    const above = verdictOf(sms.before, sms.after, { baseline: tally(50, 28) });
    assert.equal(above.verdict, 'improved');
    assert.equal(above.baseline?.status, 'above');
    // 0.6 against 0.4 a day: ratio 1.6, interval well across 1.
    assert.equal(verdictOf(sms.before, tally(8, 14), { baseline: tally(10, 28) }).baseline?.status, 'unclear');
  });

  it('counts nothing then and nothing now as back', () => {
    const quiet = { ratio: Number.NaN, ratioCi: { lower: 0, upper: Infinity }, pValue: 1, after: { count: 0 } };
    assert.equal(judgeBaseline(quiet).status, 'back');
  });
});
