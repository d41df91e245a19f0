import assert from 'node:assert/strict';
import { loadDemo } from '../../src/demo/load.ts';
import { runDetection } from '../../src/detection/service.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { assertAccessible } from './a11y.ts';
import { addPerson, csrfOf, html, signIn, type Browser } from './support.ts';

describe('spike pages', function () {
  this.timeout(180_000);
  let t: TestApp;
  let ux: Browser;
  let agent: Browser;
  let smsId: number;
  before(async () => {
    t = await createTestApp();
    const now = new Date('2026-11-23T06:00:00Z');
    t.setNow(now);
    await loadDemo(t.db.pool, { lastDay: '2026-11-22', timeZone: 'Europe/Oslo', asOf: now });
    await runDetection(t.db.pool, { from: '2026-10-01', to: '2026-11-02', country: 'NO', now });
    await addPerson(t, { email: 'ux@example.com', name: 'Una Analyst', role: 'analyst' });
    await addPerson(t, { email: 'kari@example.com', role: 'agent' });
    ux = await signIn(t, 'ux@example.com');
    agent = await signIn(t, 'kari@example.com');
    const { body } = await t.as('leader').get('/api/v1/spikes?topic=sms-payment&status=open').expect(200);
    smsId = body.spikes.find((s: { market: string | null }) => s.market === null).id;
  });
  after(() => t.close());

  it('lists spikes with the API\'s filters: open ones by default, then by status, topic, market and days', async () => {
    const list = async (query: string) => {
      const $ = html((await agent.get(`/spikes${query}`).expect(200)).text);
      return $('tbody tr a').map((_, a) => Number(/\/spikes\/(\d+)/.exec($(a).attr('href')!)![1])).get().sort((a, b) => a - b);
    };
    const ids = (body: { spikes: Array<{ id: number }> }) => body.spikes.map((s) => s.id).sort((a, b) => a - b);
    const api = async (query: string) => ids((await t.as('agent').get(`/api/v1/spikes${query}`).expect(200)).body);
    assert.deepEqual(await list(''), await api('?status=open,acknowledged'));
    assert.deepEqual(await list('?filtered=1&status=open&topic=payment'), await api('?status=open&topic=payment'));
    assert.deepEqual(await list('?filtered=1&market=torget'), await api('?market=torget'));
    assert.deepEqual(await list('?filtered=1&from=2026-10-20&to=2026-10-31'), await api('?from=2026-10-20&to=2026-10-31'));
    assert.ok((await list('?filtered=1&status=open&topic=payment')).includes(smsId));
    // Its days are written as people read them, with the ISO day kept for machines.
    const page = html((await agent.get('/spikes').expect(200)).text);
    const sms = (await t.as('agent').get(`/api/v1/spikes/${smsId}`).expect(200)).body;
    const row = page(`tbody tr:has(a[href="/spikes/${smsId}"])`);
    assert.deepEqual(row.find('time').map((_, el) => page(el).attr('datetime')).get(), sms.firstDay === sms.lastDay ? [sms.firstDay] : [sms.firstDay, sms.lastDay]);
    assert.match(row.find('time').first().text(), /^[A-Z][a-z]{2},? \d{1,2} [A-Z][a-z]{2} \d{4}$/);
    const $ = html((await agent.get('/spikes?filtered=1&from=31.10.2026').expect(200)).text);
    assert.equal($('#from-error').text(), 'Enter a date as YYYY-MM-DD.');
    assert.equal($('#from').val(), '31.10.2026');
  });

  it('shows a spike with its observed, expected and upper-bound chart and the same numbers as a table', async () => {
    const res = await agent.get(`/spikes/${smsId}`).expect(200);
    const $ = html(res.text);
    const { body } = await t.as('agent').get(`/api/v1/spikes/${smsId}`).expect(200);
    assert.equal($('h1').text(), 'Spike: SMS payment');
    const chart = $('figure.chart svg[role="img"]');
    assert.match(chart.attr('aria-label')!, /against the expected level and upper bound/);
    assert.deepEqual(chart.find('text').map((_, el) => $(el).text()).get().filter((s) => ['Observed', 'Expected', 'Upper bound'].includes(s)), ['Observed', 'Expected', 'Upper bound']);
    const rows = $('table.spike-days tbody tr');
    assert.equal(rows.length, body.daily.length);
    rows.each((i, tr) => {
      const day = body.daily[i] as { day: string; count: number; expected: number; upper: number; raised: boolean };
      const cells = $(tr).find('td').map((_, td) => $(td).text().trim()).get();
      assert.equal($(tr).find('time').attr('datetime'), day.day);
      assert.equal(Number(cells[1]), day.count);
      assert.equal(Number(cells[2]!.replace(/,/g, '')), Math.round(day.expected * 10) / 10);
      assert.equal(Number(cells[3]!.replace(/,/g, '')), Math.round(day.upper * 10) / 10);
      assert.equal(/raised/.test(cells[4]!), day.raised);
    });
    assert.equal($('#raised-heading').length, 1);
    assert.equal($('form[action$="/acknowledge"]').length, 0, 'agents read spikes, they do not triage them');
    assertAccessible(res.text, 'spike page');
    await agent.get('/spikes/999999').set('Accept', 'text/html').expect(404);
    await agent.get('/spikes/abc').set('Accept', 'text/html').expect(404);
  });

  it('acknowledges for analysts only', async () => {
    const page = await agent.get(`/spikes/${smsId}`);
    await agent.post(`/spikes/${smsId}/acknowledge`).type('form').send({ _csrf: csrfOf(page.text) }).expect(403);
    const form = await ux.get(`/spikes/${smsId}`).expect(200);
    await ux.post(`/spikes/${smsId}/acknowledge`).type('form').send({ _csrf: csrfOf(form.text) }).expect(303);
    const $ = html((await ux.get(`/spikes/${smsId}`).expect(200)).text);
    assert.equal($('.flash-success').text(), 'The spike is acknowledged.');
    assert.equal($('#spike-status').text(), 'Acknowledged');
    assert.equal($('form[action$="/acknowledge"]').length, 0);
    // Acknowledging again is refused by the service and said on the page.
    await ux.post(`/spikes/${smsId}/acknowledge`).type('form').send({ _csrf: csrfOf(form.text) }).expect(303);
    assert.match(html((await ux.get(`/spikes/${smsId}`)).text)('.flash-error').text(), /only an open spike can be acknowledged/);
  });

  it('dismisses with a reason; a missing or too long reason is shown next to the field and the text is kept', async () => {
    const { body: spikes } = await t.as('agent').get('/api/v1/spikes?status=open').expect(200);
    const other = spikes.spikes.find((s: { id: number }) => s.id !== smsId).id as number;
    const form = await ux.get(`/spikes/${other}`).expect(200);
    const empty = await ux.post(`/spikes/${other}/dismiss`).type('form').send({ _csrf: csrfOf(form.text), reason: '   ' }).expect(400);
    assert.equal(html(empty.text)('#reason-error').text(), 'Give a reason.');
    assert.equal(html(empty.text)('#reason').attr('aria-invalid'), 'true');
    const long = 'A campaign. '.repeat(200);
    const tooLong = await ux.post(`/spikes/${other}/dismiss`).type('form').send({ _csrf: csrfOf(form.text), reason: long }).expect(400);
    assert.equal(html(tooLong.text)('#reason-error').text(), 'The reason is too long (at most 2,000 characters).');
    assert.equal(html(tooLong.text)('#reason').text(), long);
    assertAccessible(tooLong.text, 'spike page with an error');
    assert.equal((await t.as('agent').get(`/api/v1/spikes/${other}`)).body.status, 'open');

    await ux.post(`/spikes/${other}/dismiss`).type('form').send({ _csrf: csrfOf(form.text), reason: 'Known TV campaign <b>that week</b>' }).expect(303);
    const $ = html((await ux.get(`/spikes/${other}`)).text);
    assert.equal($('#spike-status').text(), 'Dismissed');
    assert.match($('.figures').html()!, /Known TV campaign &lt;b&gt;that week&lt;\/b&gt;/);
    assert.equal((await t.as('agent').get(`/api/v1/spikes/${other}`)).body.dismissedReason, 'Known TV campaign <b>that week</b>');
  });

  it('creates a case from a spike once; a second case is refused naming the first', async () => {
    const page = await ux.get(`/spikes/${smsId}`).expect(200);
    const made = await ux.post(`/spikes/${smsId}/case`).type('form').send({ _csrf: csrfOf(page.text) }).expect(303);
    // The new case opens on its own page, with the message.
    const location = String(made.headers.location);
    const caseId = /^\/cases\/(\d+)$/.exec(location)?.[1];
    assert.ok(caseId, location);
    const casePage = html((await ux.get(location).expect(200)).text);
    const key = /Case (PP-\d+) created: SMS payment: /.exec(casePage('.flash-success').text())?.[1];
    assert.ok(key, casePage('.flash-success').text());
    assert.equal(key, `PP-${caseId}`);
    const $ = html((await ux.get(`/spikes/${smsId}`)).text);
    assert.equal($('#spike-status').text(), 'In a case');
    assert.equal($('form[action$="/case"]').length, 0);
    const { body: created } = await t.as('analyst').get(`/api/v1/cases/${key}`).expect(200);
    assert.deepEqual(created.spikeIds, [smsId]);
    assert.equal(created.createdBy, 'Una Analyst', 'the case records the person, not a token');

    // A stale page posting again: the service refuses and the page says which case holds it.
    await ux.post(`/spikes/${smsId}/case`).type('form').send({ _csrf: csrfOf(page.text) }).expect(303);
    assert.match(html((await ux.get(`/spikes/${smsId}`)).text)('.flash-error').text(), new RegExp(`already feeds the open case ${key}`));
    await agent.post(`/spikes/${smsId}/case`).type('form').send({ _csrf: csrfOf((await agent.get('/spikes')).text) }).expect(403);
  });
});
