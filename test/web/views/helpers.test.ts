import assert from 'node:assert/strict';
import Handlebars from 'handlebars';
import { registerHelpers } from '../../../src/web/views/helpers.ts';

const hb = Handlebars.create();
registerHelpers(hb);

/** A template rendered as the pages render it: the locale and time zone come from the root data. */
function render(source: string, locale: 'en' | 'nb', context: Record<string, unknown>): string {
  return hb.compile(source)({ locale, timeZone: 'Europe/Oslo', ...context });
}

describe('page helpers: numbers as the reports write them', () => {
  it('writes a share with one decimal, so a column lines up, and a space before the percent sign in both languages', () => {
    assert.equal(render('{{pct v}}', 'en', { v: 0.333333 }), '33.3 %');
    assert.equal(render('{{pct v}}', 'nb', { v: 0.333333 }), '33,3 %');
    assert.equal(render('{{pct v}}', 'en', { v: 0.12 }), '12.0 %');
    assert.equal(render('{{pct v}}', 'en', { v: 0 }), '0.0 %');
  });

  it('writes a change signed, with a true minus in English as in Bokmål, and "new" when there was nothing before', () => {
    assert.equal(render('{{delta v}}', 'en', { v: -0.04 }), '\u22124 %');
    assert.equal(render('{{delta v}}', 'nb', { v: -0.04 }), '\u22124 %');
    assert.equal(render('{{delta v}}', 'en', { v: 0.196 }), '+20 %');
    assert.equal(render('{{delta v}}', 'en', { v: 0.001 }), '0 %');
    assert.equal(render('{{delta v}}', 'en', { v: null }), 'new');
    assert.equal(render('{{delta v count=n}}', 'en', { v: null, n: 3 }), 'new');
    assert.equal(render('{{delta v count=n}}', 'nb', { v: null, n: 0 }), '0 %', 'nothing before and nothing now is no change');
  });

  it('writes negative numbers and percentage points with a true minus', () => {
    assert.equal(render('{{num v}}', 'en', { v: -12.34 }), '\u221212.3');
    assert.equal(render('{{num v}}', 'en', { v: 1234.5 }), '1,234.5');
    assert.equal(render('{{pp v}}', 'en', { v: -0.021 }), '\u22122.1 pp');
    assert.equal(render('{{pp v}}', 'en', { v: 0.01 }), '+1.0 pp');
  });
});
