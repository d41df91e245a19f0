import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { en } from '../../src/web/i18n/en.ts';
import { nb } from '../../src/web/i18n/nb.ts';

const templates = fileURLToPath(new URL('../../templates/', import.meta.url));
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the message catalogue', () => {
  it('has a Norwegian text for every English key, and no other keys', () => {
    assert.deepEqual(Object.keys(nb).sort(), Object.keys(en).sort());
  });

  it('fills the same placeholders in both languages, and has no empty texts', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      assert.ok(en[key].trim() && nb[key].trim(), key);
      assert.deepEqual(placeholders(nb[key]), placeholders(en[key]), key);
    }
  });

  it('has every key the templates ask for', () => {
    for (const folder of ['views', 'layouts', 'partials']) {
      for (const file of readdirSync(join(templates, folder))) {
        const source = readFileSync(join(templates, folder, file), 'utf8');
        for (const [, key] of source.matchAll(/\bt "([\w.]+)"/g)) assert.ok(key! in en, `${folder}/${file}: "${key}"`);
      }
    }
  });
});
