import assert from 'node:assert/strict';
import { loadDemo } from '../../src/demo/load.ts';
import { runDetection } from '../../src/detection/service.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { assertAccessible } from './a11y.ts';
import { addPerson, html, signIn, type Browser } from './support.ts';

interface ApiGroup { key: string; name: string; count: number; share: number; change: number | null }

describe('where it pinches (dashboard) and topic pages', function () {
  this.timeout(180_000);
  let t: TestApp;
  let leader: Browser;
  before(async () => {
    t = await createTestApp();
    const now = new Date('2026-11-23T06:00:00Z');
    t.setNow(now);
    await loadDemo(t.db.pool, { lastDay: '2026-11-22', timeZone: 'Europe/Oslo', asOf: now });
    await runDetection(t.db.pool, { from: '2026-10-25', to: '2026-11-02', country: 'NO', now });
    await addPerson(t, { email: 'lise@example.com', role: 'leader' });
    await addPerson(t, { email: 'ux@example.com', role: 'analyst' });
    leader = await signIn(t, 'lise@example.com');
  });
  after(() => t.close());

  const rowsOf = (page: string) => {
    const $ = html(page);
    return $('table.ranking tbody tr')
      .map((_, tr) => ({
        key: decodeURIComponent(/\/topics\/([^?]+)/.exec($(tr).find('th a').attr('href')!)![1]!),
        name: $(tr).find('th a').text(),
        count: Number($(tr).find('[data-count]').attr('data-count')),
        share: Number($(tr).find('[data-share]').attr('data-share')),
        change: $(tr).find('[data-change]').attr('data-change'),
      }))
      .get();
  };

  it('ranks topics with the same numbers as the statistics API for the same period', async () => {
    for (const [query, api] of [
      ['period=30', 'from=2026-10-24&to=2026-11-22'],
      ['period=90&market=torget', 'from=2026-08-25&to=2026-11-22&market=torget'],
      ['period=custom&from=2025-11-01&to=2025-11-30', 'from=2025-11-01&to=2025-11-30'],
    ] as const) {
      const res = await leader.get(`/dashboard?${query}`).expect(200);
      const { body } = await t.as('leader').get(`/api/v1/stats/volume?${api}&groupBy=topic`).expect(200);
      const expected = (body.groups as ApiGroup[]).slice(0, 25);
      const shown = rowsOf(res.text);
      assert.equal(shown.length, expected.length, query);
      shown.forEach((row, i) => {
        const group = expected[i]!;
        assert.equal(row.key, group.key, `${query} #${i + 1}`);
        assert.equal(row.count, group.count, `${query} ${group.key} count`);
        assert.ok(Math.abs(row.share - group.share) < 1e-9, `${query} ${group.key} share`);
        assert.equal(row.change, group.change === null ? '' : String(group.change), `${query} ${group.key} change`);
      });
      const summary = html(res.text)('.summary').text();
      assert.match(summary, new RegExp(body.total.toLocaleString('en-GB')));
    }
  });

  it('tells the image-upload story in its November 2025 share', async () => {
    const res = await leader.get('/dashboard?period=custom&from=2025-11-01&to=2025-11-30').expect(200);
    const image = rowsOf(res.text).find((r) => r.key === 'image-upload')!;
    assert.ok(image.share > 0.25, `image upload held ~30 % (${image.share})`);
    assert.equal(rowsOf(res.text)[0]!.key, 'image-upload');
  });

  it('draws a small daily chart per topic, with a text alternative', async () => {
    const $ = html((await leader.get('/dashboard?period=7').expect(200)).text);
    const charts = $('table.ranking tbody tr svg[role="img"]');
    assert.equal(charts.length, $('table.ranking tbody tr').length);
    assert.match(charts.first().attr('aria-label')!, /^Daily inquiries 2026-11-16 to 2026-11-22: lowest \d+, highest \d+, last day \d+$/);
    assert.doesNotMatch($.html(), /<style|style="/, 'no inline styles, so the CSP needs no unsafe-inline');
  });

  it('puts open spikes on top, each one click from its page and from "create a case"', async () => {
    const $ = html((await leader.get('/dashboard').expect(200)).text);
    const spikes = $('.spikes-top tbody tr');
    assert.ok(spikes.length > 0, 'the replayed demo has open spikes');
    assert.match(spikes.first().find('a').attr('href')!, /^\/spikes\/\d+$/);
    assert.equal($('.spikes-top form[action$="/case"]').length, 0, 'a leader reads; no create-case button');

    const ux = await signIn(t, 'ux@example.com');
    const page = html((await ux.get('/dashboard').expect(200)).text);
    const form = page('.spikes-top form[action$="/case"]').first();
    const spikeId = /\/spikes\/(\d+)\/case/.exec(form.attr('action')!)![1];
    const created = await ux.post(form.attr('action')!).type('form').send({ _csrf: form.find('input[name="_csrf"]').val() as string }).expect(303);
    const location = String(created.headers.location);
    assert.match(location, /^\/cases\/\d+$/, 'the new case opens on its own page');
    const casePage = html((await ux.get(location).expect(200)).text);
    assert.match(casePage('.flash-success').text(), /^Case PP-\d+ created: /);
    const after = html((await ux.get(`/spikes/${spikeId}`).expect(200)).text);
    assert.equal(after('#spike-status').text(), 'In a case');
  });

  it('shows a custom period that makes no sense next to its fields, and the last 30 days instead', async () => {
    const $ = html((await leader.get('/dashboard?period=custom&from=2026-11-30&to=2026-11-01').expect(200)).text);
    assert.equal($('#to-error').text(), 'The end is before the start.');
    assert.equal($('#from').val(), '2026-11-30');
    assert.match($('.summary').text(), /from Sat, 24 Oct 2026 to Sun, 22 Nov 2026/);
    const bad = html((await leader.get('/dashboard?period=custom&from=yesterday&to=2026-11-01').expect(200)).text);
    assert.equal(bad('#from-error').text(), 'Enter a date as YYYY-MM-DD.');
  });

  it('opens a topic with its daily counts, share, change and latest notes, sub-topics included', async () => {
    const dash = html((await leader.get('/dashboard?period=90').expect(200)).text);
    const href = dash('table.ranking a[href^="/topics/sms-payment"]').attr('href')!;
    assert.equal(href, '/topics/sms-payment?period=90');
    const res = await leader.get('/topics/payment?period=custom&from=2026-10-01&to=2026-11-15').expect(200);
    const $ = html(res.text);
    const { body } = await t.as('leader').get('/api/v1/stats/volume?from=2026-10-01&to=2026-11-15&topic=payment&groupBy=day').expect(200);
    assert.equal(Number($('[data-total]').attr('data-total')), body.total);
    assert.ok(Math.abs(Number($('[data-share]').attr('data-share')) - body.total / body.allInquiries) < 1e-9);
    const days = $('details table tbody tr');
    assert.equal(days.length, 46);
    assert.deepEqual(
      days.map((_, tr) => Number($(tr).find('td').last().text())).get(),
      (body.groups as Array<{ count: number }>).map((g) => g.count),
    );
    assert.match($('figure.chart svg').attr('aria-label')!, /Inquiries per day from 2026-10-01 to 2026-11-15/);
    assert.ok($('.notes li').length > 0, 'the demo has notes');
    assert.deepEqual($('#subtopics + ul a').map((_, a) => $(a).text()).get(), ['Card payment', 'Invoice', 'SMS payment']);
    assertAccessible(res.text, 'topic page');
    await leader.get('/topics/no-such-topic').set('Accept', 'text/html').expect(404);
  });

  it('counts complete days only: an inquiry logged today waits for tomorrow, unless a custom period asks for today', async () => {
    const smsIn = async (query: string) => rowsOf((await leader.get(`/dashboard?${query}`).expect(200)).text).find((r) => r.key === 'sms-payment')?.count ?? 0;
    const [week, withToday] = [await smsIn('period=7'), await smsIn('period=custom&from=2026-11-17&to=2026-11-23')];
    await t.as('agent').post('/api/v1/inquiries').send({ receivedAt: '2026-11-23T05:30:00Z', topic: 'sms-payment', market: 'torget', channel: 'phone' }).expect(201);
    assert.equal(await smsIn('period=7'), week, 'today is not over, so the last 7 days end yesterday');
    assert.equal(await smsIn('period=custom&from=2026-11-17&to=2026-11-23'), withToday + 1);
    // Beside the whole days, today so far, with a link to today's topics: the leader sees it counted.
    const $ = html((await leader.get('/dashboard?period=7&market=torget').expect(200)).text);
    assert.equal($('.today-so-far').attr('data-count'), '1');
    assert.match($('.today-so-far').text(), /^Today so far: 1\. The periods count whole days/);
    const href = $('.today-so-far a').attr('href')!;
    assert.equal(href, '/dashboard?period=custom&from=2026-11-23&to=2026-11-23&market=torget');
    assert.equal(await smsIn(href.split('?')[1]!), 1);
    assert.equal(html((await leader.get(href).expect(200)).text)('.today-so-far').length, 0, 'a period with today in it needs no line for today');
  });

  it("lists a topic's cases, its sub-topics' included, newest first; a topic without one says so", async () => {
    const make = async (title: string, topics: string[]) => (await t.as('analyst').post('/api/v1/cases').send({ title, topics, markets: ['torget'] }).expect(201)).body;
    const older = await make('SMS codes arrive late', ['sms-payment']);
    const newer = await make('Payments fail at checkout', ['payment']);
    const listed = (key: string, query = '') =>
      leader.get(`/topics/${key}${query}`).expect(200).then((res) => html(res.text)('ul.topic-cases li').map((_, li) => html(res.text)(li).attr('data-case')).get().map(Number));
    assert.deepEqual((await listed('payment')).slice(0, 2), [newer.id, older.id]);
    const sms = await listed('sms-payment');
    assert.ok(sms.includes(older.id) && !sms.includes(newer.id), 'a case about the category is not about each of its sub-topics');
    assert.deepEqual(await listed('sms-payment', '?market=bil'), [], 'a case in Torget is not about the cars market');
    const $ = html((await leader.get('/topics/login').expect(200)).text);
    assert.equal($('#topic-cases').text(), 'Cases about this topic');
    assert.equal($('section[aria-labelledby="topic-cases"] p').text(), 'No case has been opened about this topic yet.');
    const row = html((await leader.get('/topics/sms-payment').expect(200)).text)(`ul.topic-cases li[data-case="${older.id}"]`);
    assert.equal(row.find('a').attr('href'), `/cases/${older.id}`);
    assert.equal(row.find('.status').text(), 'New');
  });

  it('reads in Norwegian when asked', async () => {
    const $ = html((await leader.get('/dashboard?lang=nb').expect(200)).text);
    assert.equal($('html').attr('lang'), 'nb');
    assert.equal($('h1').text(), 'Der skoen trykker');
    // The choice sticks to the person.
    assert.equal(html((await leader.get('/spikes').expect(200)).text)('h1').text(), 'Topper');
    await leader.get('/dashboard?lang=en').expect(200);
  });
});
