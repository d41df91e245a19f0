import assert from 'node:assert/strict';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { addPerson, csrfOf, html, signIn, type Browser } from './support.ts';

describe('log an inquiry page', () => {
  let t: TestApp;
  let kari: Browser;
  before(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
    await addPerson(t, { email: 'kari@example.com', name: 'Kari', role: 'agent' });
    await addPerson(t, { email: 'ola@example.com', name: 'Ola', role: 'agent' });
    kari = await signIn(t, 'kari@example.com');
  });
  after(() => t.close());

  const todayOf = async (client: Browser) => {
    const $ = html((await client.get('/log').expect(200)).text);
    return $('.today-list li .what').map((_, el) => $(el).text().trim()).get();
  };

  it('logs an inquiry in three requests: open the page, post the form, follow to the page', async () => {
    const page = await kari.get('/log').expect(200);                              // 1
    const posted = await kari
      .post('/log')
      .type('form')
      .send({ _csrf: csrfOf(page.text), topic: 'sms', market: 'torget', channel: 'phone', note: 'Paid by SMS, nothing happened' })
      .expect(303);                                                                 // 2
    assert.equal(posted.headers.location, '/log');
    const after = await kari.get('/log').expect(200);                              // 3
    const $ = html(after.text);
    assert.match($('.flash-success').text(), /Logged: Payment › SMS payment \(Torget\)/);
    assert.deepEqual($('.today-list li .what').map((_, el) => $(el).text().trim()).get(), ['SMS payment · Torget · Phone']);
    const api = await t.as('admin').get('/api/v1/inquiries?from=2026-11-23&to=2026-11-23').expect(200);
    assert.equal(api.body.inquiries.length, 1);
    assert.equal(api.body.inquiries[0].topic, 'sms-payment');
    assert.equal(api.body.inquiries[0].source, 'web');
    assert.equal(api.body.inquiries[0].note, 'Paid by SMS, nothing happened');
  });
});
