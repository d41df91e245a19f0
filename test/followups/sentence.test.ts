import assert from 'node:assert/strict';
import { numberFormats } from '../../src/followups/format.ts';
import { measurementSentence, type SentenceOptions } from '../../src/followups/sentence.ts';
import { computeFigures, type MeasurementCounts, type WindowTally } from '../../src/followups/statistics.ts';
import { judge, type VerdictOptions } from '../../src/followups/verdict.ts';

const tally = (count: number, days: number, total = 2000): WindowTally => ({ count, days, total });

function sentence(counts: MeasurementCounts, verdict: VerdictOptions = {}, options: SentenceOptions = {}, markets = ['Torget']): string {
  const figures = computeFigures(counts);
  return measurementSentence({ topics: ['SMS payment'], markets, figures, judgement: judge(figures, verdict) }, options);
}

describe('follow-up sentence', () => {
  it('says no clear change, and that the level is where it was before the problem', () => {
    const counts = { before: tally(140, 14), after: tally(140, 14), baseline: tally(260, 28) };
    assert.equal(sentence(counts), 'SMS payment, Torget: 10.0 → 10.0 a day (0 %, 95 % CI −21 % to +27 %), no clear change, at the level before the problem.');
    assert.equal(sentence(counts, {}, { locale: 'nb' }), 'SMS payment, Torget: 10,0 → 10,0 per dag (0 %, 95 % KI −21 % til +27 %), ingen tydelig endring, på nivået fra før problemet.');
  });

  it('says a clear rise, and how far above the old level it is', () => {
    const counts = { before: tally(70, 14), after: tally(140, 14), baseline: tally(140, 28) };
    assert.equal(sentence(counts), 'SMS payment, Torget: 5.0 → 10.0 a day (+100 %, 95 % CI +49 % to +170 %), a clear rise, above the level before the problem (5.0 a day).');
    assert.equal(sentence(counts, {}, { locale: 'nb' }), 'SMS payment, Torget: 5,0 → 10,0 per dag (+100 %, 95 % KI +49 % til +170 %), en tydelig økning, over nivået fra før problemet (5,0 per dag).');
  });

  it('says a fall is clear but not yet back, or not clearly back, to the old level', () => {
    const before = tally(218, 14);
    assert.equal(
      sentence({ before, after: tally(43, 14), baseline: tally(50, 28) }),
      'SMS payment, Torget: 15.6 → 3.1 a day (−80 %, 95 % CI −86 % to −73 %), a clear fall, but still above the level before the problem (1.8 a day).',
    );
    assert.equal(
      sentence({ before, after: tally(8, 14), baseline: tally(10, 28) }),
      'SMS payment, Torget: 15.6 → 0.6 a day (−96 %, 95 % CI −98 % to −93 %), a clear fall, not yet clearly back to the level before the problem (0.4 a day).',
    );
    assert.equal(sentence({ before, after: tally(43, 14) }, {}, {}, []), 'SMS payment: 15.6 → 3.1 a day (−80 %, 95 % CI −86 % to −73 %), a clear fall.');
  });

  it('says when a target is not met', () => {
    const counts = { before: tally(218, 14), after: tally(43, 14) };
    assert.equal(
      sentence(counts, { target: { metric: 'ratePerDay', max: 2 } }),
      'SMS payment, Torget: 15.6 → 3.1 a day (−80 %, 95 % CI −86 % to −73 %), a clear fall; target of at most 2.0 a day not met.',
    );
    assert.equal(
      sentence(counts, { target: { metric: 'reduction', min: 0.9, of: 'rate' } }, { locale: 'nb' }),
      'SMS payment, Torget: 15,6 → 3,1 per dag (−80 %, 95 % KI −86 % til −73 %), en tydelig nedgang; målet om en reduksjon på minst 90 % er ikke nådd.',
    );
  });

  it('says honestly when there are too few inquiries, and what would be enough', () => {
    assert.equal(
      sentence({ before: tally(3, 14), after: tally(1, 14) }),
      'SMS payment, Torget: 0.2 → 0.1 a day (−67 %, 95 % CI −99 % to +315 %), too few inquiries to tell: seeing a −50 % change takes about 50 inquiries before the fix, there were 3; 238 days on each side of the fix would do at this level.',
    );
    assert.equal(
      sentence({ before: tally(60, 14), after: tally(20, 7) }, {}, { locale: 'nb' }),
      'SMS payment, Torget: 4,3 → 2,9 per dag (−33 %, 95 % KI −62 % til +12 %), for få henvendelser til å si noe: å se en endring på −50 % krever omtrent 76 henvendelser før rettingen, det var 60; mål igjen om 4 dager.',
    );
    assert.equal(
      sentence({ before: tally(0, 14), after: tally(5, 14) }),
      'SMS payment, Torget: 0 → 0.4 a day (none before the fix), too few inquiries to tell: seeing a −50 % change takes about 50 inquiries before the fix, there were 0.',
    );
  });

  it('says it is too early when the after window is under a week, and when to measure again', () => {
    const counts = { before: tally(218, 14), after: tally(6, 2) };
    assert.equal(sentence(counts), 'SMS payment, Torget: 15.6 → 3.0 a day over only 2 days after the fix, too early to tell; measure again in 5 days.');
    assert.equal(sentence(counts, {}, { locale: 'nb' }), 'SMS payment, Torget: 15,6 → 3,0 per dag over bare 2 dager etter rettingen, for tidlig å si; mål igjen om 5 dager.');
    assert.match(sentence({ before: tally(218, 14), after: tally(6, 6) }), /over only 6 days .* measure again in 1 day\.$/);
  });

  it('says when there is nothing to measure', () => {
    assert.equal(sentence({ before: tally(0, 14), after: tally(0, 14) }), 'SMS payment, Torget: no inquiries before or after the fix, nothing to measure.');
    assert.equal(sentence({ before: tally(0, 14), after: tally(0, 14) }, {}, { locale: 'nb' }), 'SMS payment, Torget: ingen henvendelser før eller etter rettingen, ingenting å måle.');
  });

  it('lists several topics and markets in the language of the sentence', () => {
    const figures = computeFigures({ before: tally(218, 14), after: tally(43, 14) });
    const judgement = judge(figures);
    const input = { topics: ['SMS payment', 'Card payment'], markets: ['Torget', 'Bil', 'Eiendom'], figures, judgement };
    assert.match(measurementSentence(input), /^SMS payment and Card payment, Torget, Bil and Eiendom: /);
    assert.match(measurementSentence(input, { locale: 'nb' }), /^SMS payment og Card payment, Torget, Bil og Eiendom: /);
  });

  it('takes replacement phrases and number habits', () => {
    const counts = { before: tally(218, 14), after: tally(43, 14) };
    const perWeekday = sentence(counts, {}, { wording: { perDay: 'per weekday', clearFall: 'fewer' } });
    assert.equal(perWeekday, 'SMS payment, Torget: 15.6 → 3.1 per weekday (−80 %, 95 % CI −86 % to −73 %), fewer.');
    const twoDecimals = { ...numberFormats('en'), rate: (perDay: number) => perDay.toFixed(2) };
    assert.match(sentence(counts, {}, { wording: { numbers: twoDecimals } }), /15\.57 → 3\.07 a day/);
  });
});

describe('follow-up number formats', () => {
  it('writes rates with one decimal, small rates with two significant digits', () => {
    const en = numberFormats('en');
    assert.deepEqual([en.rate(15.5714), en.rate(3.0714), en.rate(0.25), en.rate(0.04), en.rate(0), en.rate(1234.56)], ['15.6', '3.1', '0.3', '0.04', '0', '1,234.6']);
    const nb = numberFormats('nb');
    assert.deepEqual([nb.rate(15.5714), nb.rate(0.04), nb.rate(1234.56)], ['15,6', '0,04', '1\u00a0234,6']);
  });

  it('writes shares and changes as whole percents, without rounding a little into nothing or everything', () => {
    const en = numberFormats('en');
    assert.deepEqual([en.share(0.3), en.share(0.04), en.share(0.004), en.share(0.0004), en.share(0)], ['30 %', '4 %', '0.4 %', '< 0.1 %', '0 %']);
    assert.deepEqual(
      [en.change(-0.8028), en.change(0.274), en.change(0.001), en.change(-0.996), en.change(-0.99996), en.change(-1), en.change(Infinity)],
      ['−80 %', '+27 %', '0 %', '−99.6 %', '−99.9 %', '−100 %', '+∞'],
    );
    assert.deepEqual([numberFormats('nb').share(0.004), numberFormats('nb').change(-0.996)], ['0,4 %', '−99,6 %']);
  });

  it('writes NPS points whole and signed with a true minus, and a rounded zero without a sign', () => {
    const en = numberFormats('en');
    assert.deepEqual([en.npsPoints(12.4), en.npsPoints(-40.6), en.npsPoints(-0.4), en.npsPoints(0), en.npsPoints(0.5), en.npsPoints(-100)], ['+12', '−41', '0', '0', '+1', '−100']);
    assert.equal(numberFormats('nb').npsPoints(-7), '−7');
  });
});
