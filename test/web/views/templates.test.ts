import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TEMPLATES = join(import.meta.dirname, '../../../templates');

/** Every page template, partial and layout, as [path, source]. */
function pageTemplates(): Array<[string, string]> {
  return ['views', 'partials', 'layouts'].flatMap((dir) =>
    readdirSync(join(TEMPLATES, dir))
      .filter((f) => f.endsWith('.hbs'))
      .map((f): [string, string] => [`${dir}/${f}`, readFileSync(join(TEMPLATES, dir, f), 'utf8')]),
  );
}

describe('page templates', () => {
  it('give every input a type, so the stylesheet (which styles inputs by type) reaches it', () => {
    const untyped = pageTemplates().flatMap(([path, source]) => (source.match(/<input\b[^>]*>/g) ?? []).filter((tag) => !/\btype=/.test(tag)).map((tag) => `${path}: ${tag}`));
    assert.deepEqual(untyped, []);
  });
});
