import assert from 'node:assert/strict';
import * as cheerio from 'cheerio';

/**
 * Structural accessibility checks a page must pass: a language, one main landmark and one h1, a
 * skip link, a label for every field, a name for every button and image, unique ids, and
 * aria-describedby pointing at elements that exist.
 */
export function assertAccessible(page: string, where: string): void {
  const $ = cheerio.load(page);
  assert.match($('html').attr('lang') ?? '', /^(en|nb)$/, `${where}: <html lang> is en or nb`);
  assert.equal($('main').length, 1, `${where}: exactly one <main>`);
  assert.equal($('h1').length, 1, `${where}: exactly one <h1>`);
  assert.equal($('a.skip-link[href="#main"]').length, 1, `${where}: a skip link to the main content`);
  assert.ok($('title').text().trim(), `${where}: a <title>`);

  const ids = $('[id]').map((_, el) => $(el).attr('id')).get();
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  assert.deepEqual(repeated, [], `${where}: ids are unique`);

  $('input, select, textarea').each((_, el) => {
    const field = $(el);
    const type = field.attr('type') ?? '';
    if (['hidden', 'submit', 'button'].includes(type)) return;
    const id = field.attr('id');
    const labelled =
      (id && $(`label[for="${id}"]`).text().trim()) ||
      field.attr('aria-label') ||
      field.attr('aria-labelledby') ||
      field.closest('label').text().trim();
    assert.ok(labelled, `${where}: the field ${$.html(el).slice(0, 120)} has a label`);
  });

  $('button').each((_, el) => {
    const name = $(el).text().trim() || $(el).attr('aria-label');
    assert.ok(name, `${where}: the button ${$.html(el).slice(0, 120)} has a name`);
  });

  $('svg[role="img"], img').each((_, el) => {
    assert.ok($(el).attr('aria-label') || $(el).attr('alt'), `${where}: the image ${$.html(el).slice(0, 80)} has a text alternative`);
  });

  $('[aria-describedby]').each((_, el) => {
    for (const ref of ($(el).attr('aria-describedby') ?? '').split(/\s+/).filter(Boolean)) {
      assert.equal($(`[id="${ref}"]`).length, 1, `${where}: aria-describedby="${ref}" points at an element`);
    }
  });
}
