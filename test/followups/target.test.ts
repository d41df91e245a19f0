import assert from 'node:assert/strict';
import { target as caseTarget } from '../../src/cases/schemas.ts';
import { computeFigures } from '../../src/followups/statistics.ts';
import { evaluateTarget, followupTarget } from '../../src/followups/target.ts';

const sms = computeFigures({ before: { count: 218, total: 1960, days: 14 }, after: { count: 43, total: 1750, days: 14 } });

describe('follow-up targets', () => {
  it("accepts every target a case's desired state can hold", () => {
    for (const stored of [{ metric: 'share', max: 0.05 }, { metric: 'ratePerDay', max: 4 }]) {
      assert.deepEqual(followupTarget.parse(caseTarget.parse(stored)), stored);
    }
  });

  it('reads "reduce by 50 %" as a reduction of the rate unless it says share', () => {
    assert.deepEqual(followupTarget.parse({ metric: 'reduction', min: 0.5 }), { metric: 'reduction', min: 0.5, of: 'rate' });
    assert.deepEqual(followupTarget.parse({ metric: 'reduction', min: 0.8, of: 'share' }), { metric: 'reduction', min: 0.8, of: 'share' });
  });

  it('refuses targets that cannot be met or measured, naming the field', () => {
    const problems = (value: unknown) => {
      const result = followupTarget.safeParse(value);
      assert.equal(result.success, false, `accepted ${JSON.stringify(value)}`);
      return result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    };
    assert.match(problems({ metric: 'share', max: 5 }) ?? '', /max: a share is a fraction between 0 and 1/);
    assert.match(problems({ metric: 'ratePerDay', max: -1 }) ?? '', /max: must be 0 or more/);
    assert.match(problems({ metric: 'reduction', min: 0 }) ?? '', /min: must be more than 0/);
    assert.match(problems({ metric: 'reduction', min: 80 }) ?? '', /min: a reduction is a fraction up to 1/);
    assert.match(problems({ metric: 'reduction', min: 0.5, of: 'volume' }) ?? '', /of/);
    assert.match(problems({ metric: 'perWeek', max: 3 }) ?? '', /metric/);
    problems({ metric: 'ratePerDay', max: Infinity });
  });

  it('judges the after window on the observed value of the target measure', () => {
    assert.deepEqual(evaluateTarget({ metric: 'ratePerDay', max: 5 }, sms), { target: { metric: 'ratePerDay', max: 5 }, observed: 43 / 14, met: true });
    assert.equal(evaluateTarget({ metric: 'ratePerDay', max: 3 }, sms).met, false);
    assert.equal(evaluateTarget({ metric: 'share', max: 0.02 }, sms).met, false);
    assert.equal(evaluateTarget({ metric: 'share', max: 0.025 }, sms).met, true);
    const reduction = evaluateTarget({ metric: 'reduction', min: 0.75, of: 'rate' }, sms);
    assert.ok(Math.abs(reduction.observed - (1 - 43 / 218)) < 1e-12);
    assert.equal(reduction.met, true);
    assert.equal(evaluateTarget({ metric: 'reduction', min: 0.85, of: 'rate' }, sms).met, false);
  });

  it('never calls a target met when there was nothing to compare', () => {
    const empty = computeFigures({ before: { count: 0, total: 0, days: 14 }, after: { count: 0, total: 0, days: 14 } });
    assert.equal(evaluateTarget({ metric: 'reduction', min: 0.5, of: 'rate' }, empty).met, false);
    assert.equal(evaluateTarget({ metric: 'share', max: 0.05 }, empty).met, false);
  });
});
