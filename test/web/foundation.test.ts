import assert from 'node:assert/strict';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { addPerson, browser, html, signIn } from './support.ts';

describe('web foundation', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
    await addPerson(t, { email: 'kari@example.com', name: 'Kari', role: 'agent' });
  });
  after(() => t.close());

  it('renders the sign-in page with a lang attribute, one main and security headers', async () => {
    const res = await browser(t).get('/sign-in').set('Accept', 'text/html').expect(200);
    const $ = html(res.text);
    assert.equal($('html').attr('lang'), 'en');
    assert.equal($('main').length, 1);
    assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  it('signs in and opens the log page', async () => {
    const client = await signIn(t, 'kari@example.com');
    const res = await client.get('/log').set('Accept', 'text/html').expect(200);
    const $ = html(res.text);
    assert.equal($('h1').text(), 'Log an inquiry');
  });
});
