import assert from 'node:assert/strict';
import { measurementSentence } from '../../src/followups/sentence.ts';
import { computeFigures } from '../../src/followups/statistics.ts';
import { followupTarget } from '../../src/followups/target.ts';
import { judge } from '../../src/followups/verdict.ts';
import { measurementWindows } from '../../src/followups/windows.ts';

const sum = (days: number[]) => days.reduce((total, count) => total + count, 0);

describe("follow-ups: FINN's two stories", () => {
  it('SMS payment, Torget: 24 a day at the peak, ~15.6 over the two weeks before the fix, back to 3–4 a day (−80 %)', () => {
    const windows = measurementWindows({ fixDay: '2026-11-01', asOf: '2026-11-15', problemStartDay: '2026-10-01' });
    assert.deepEqual([windows.before.from, windows.after.from, windows.baseline?.from], ['2026-10-18', '2026-11-02', '2026-09-03']);
    // Daily counts, Sunday 18 October onwards: the October rise toward the 24 of 1 November (the fix day, a guard day).
    const before = [9, 13, 14, 15, 16, 17, 11, 12, 17, 18, 19, 20, 21, 16];
    // Monday 2 November onwards: back to the old level overnight.
    const after = [4, 3, 4, 3, 4, 2, 1, 4, 3, 4, 3, 4, 2, 2];
    // September, before the problem: 3–4 a day, weekends lower.
    const baseline = [4, 5, 2, 2, 4, 5, 4, 4, 4, 2, 2, 5, 4, 4, 4, 5, 2, 2, 4, 4, 4, 5, 4, 2, 2, 4, 4, 4];
    assert.deepEqual([before.length, after.length, baseline.length], [windows.before.days, windows.after.days, windows.baseline?.days]);
    assert.deepEqual([sum(before), sum(after), sum(baseline)], [218, 43, 101]);

    const figures = computeFigures({
      before: { count: sum(before), total: 1960, days: windows.before.days },
      after: { count: sum(after), total: 1750, days: windows.after.days },
      baseline: { count: sum(baseline), total: 3590, days: 28 },
    });
    assert.ok(Math.abs(figures.rate.change - -0.8) < 0.01, `change ${figures.rate.change}`);
    assert.ok(figures.rate.pValue < 0.001);
    const judgement = judge(figures, { target: followupTarget.parse({ metric: 'ratePerDay', max: 5 }) });
    assert.equal(judgement.verdict, 'improved');
    assert.equal(judgement.baseline?.status, 'back');
    assert.equal(judgement.target?.met, true);

    const names = { topics: ['SMS payment'], markets: ['Torget'], figures };
    assert.equal(
      measurementSentence({ ...names, judgement: { ...judgement, target: undefined } }),
      'SMS payment, Torget: 15.6 → 3.1 a day (−80 %, 95 % CI −86 % to −73 %), back to the level before the problem.',
    );
    assert.equal(
      measurementSentence({ ...names, judgement }),
      'SMS payment, Torget: 15.6 → 3.1 a day (−80 %, 95 % CI −86 % to −73 %), back to the level before the problem; target of at most 5.0 a day met.',
    );
    assert.equal(
      measurementSentence({ ...names, topics: ['SMS-betaling'], judgement }, { locale: 'nb' }),
      'SMS-betaling, Torget: 15,6 → 3,1 per dag (−80 %, 95 % KI −86 % til −73 %), tilbake på nivået fra før problemet; målet om høyst 5,0 per dag er nådd.',
    );
  });

  it('image upload: 30 % of all inquiries in November, 4 % in January after the fix (−87 %)', () => {
    const windows = measurementWindows({
      fixDay: '2025-12-10',
      asOf: '2026-02-01',
      explicit: {
        before: { from: '2025-11-01', to: '2025-11-30' },
        after: { from: '2026-01-01', to: '2026-01-31' },
        baseline: { from: '2025-08-04', to: '2025-08-31' },
      },
    });
    // November: 1,170 of 3,900 (30 %); January: 112 of 2,800 (4 %); August, before the upload bug: 150 of 3,700.
    const figures = computeFigures({
      before: { count: 1170, total: 3900, days: windows.before.days },
      after: { count: 112, total: 2800, days: windows.after.days },
      baseline: { count: 150, total: 3700, days: windows.baseline?.days ?? 0 },
    });
    assert.ok(Math.abs(figures.share.change - -0.87) < 0.005, `share change ${figures.share.change}`);
    const judgement = judge(figures, { target: { metric: 'share', max: 0.05 } });
    assert.equal(judgement.basis, 'share');
    assert.equal(judgement.verdict, 'improved');
    assert.equal(judgement.baseline?.status, 'back');
    assert.equal(judgement.target?.met, true);
    assert.equal(
      measurementSentence({ topics: ['Image upload'], figures, judgement: { ...judgement, target: undefined } }),
      'Image upload: 30 % → 4 % of all inquiries (−87 %, 95 % CI −89 % to −84 %), back to the level before the problem.',
    );
    assert.equal(
      measurementSentence({ topics: ['Bildeopplasting'], figures, judgement }, { locale: 'nb' }),
      'Bildeopplasting: 30 % → 4 % av alle henvendelser (−87 %, 95 % KI −89 % til −84 %), tilbake på nivået fra før problemet; målet om høyst 5 % av alle henvendelser er nådd.',
    );
  });
});
