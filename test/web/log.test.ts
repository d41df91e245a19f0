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

  const page = async (client: Browser) => html((await client.get('/log').expect(200)).text);
  const todayOf = async (client: Browser) => {
    const $ = await page(client);
    return $('.today-list li .what').map((_, el) => $(el).text().trim()).get();
  };
  const post = async (client: Browser, fields: Record<string, string>) => {
    const form = await client.get('/log');
    return client.post('/log').type('form').send({ _csrf: csrfOf(form.text), ...fields });
  };
  const apiToday = async () => (await t.as('admin').get('/api/v1/inquiries?from=2026-11-23&to=2026-11-23').expect(200)).body.inquiries as Array<{ id: number; topic: string; market: string; channel: string; note: string | null; source: string }>;

  it('logs an inquiry in three requests: open the page, type a few letters and press Enter, see it listed', async () => {
    const form = await kari.get('/log').expect(200);                                // 1: the page
    const $form = html(form.text);
    assert.notEqual($form('#topic').attr('autofocus'), undefined, 'the topic field has the focus, ready to type');
    // Enter submits with the form's first submit button: the main one, not a quick topic.
    assert.equal($form('#log-form button[type="submit"]').first().hasClass('primary'), true);
    const posted = await kari
      .post('/log')
      .type('form')
      .send({ _csrf: csrfOf(form.text), topic: 'sms', market: 'torget', channel: 'phone', note: 'Paid by SMS, nothing happened' })
      .expect(303);                                                                   // 2: type "sms" + Enter
    assert.equal(posted.headers.location, '/log');
    const $ = html((await kari.get('/log').expect(200)).text);                      // 3: follow the redirect
    assert.match($('.flash-success').text(), /Logged: Payment › SMS payment \(Torget\)/);
    assert.deepEqual($('.today-list li .what').map((_, el) => $(el).text().trim()).get(), ['SMS payment · Torget · Phone']);
    const [stored] = await apiToday();
    assert.deepEqual(
      { topic: stored!.topic, market: stored!.market, channel: stored!.channel, note: stored!.note, source: stored!.source },
      { topic: 'sms-payment', market: 'torget', channel: 'phone', note: 'Paid by SMS, nothing happened', source: 'web' },
    );
  });

  it('offers the agent their most-used topics first, as one-click buttons and at the top of the type-ahead', async () => {
    for (const topic of ['login', 'login', 'login', 'card-payment', 'card-payment']) {
      await post(kari, { quickTopic: topic, topic: '', market: 'torget', channel: 'chat' }).then((res) => assert.equal(res.status, 303));
    }
    const $ = await page(kari);
    const quick = $('.quick-topics button[name="quickTopic"]').map((_, el) => $(el).val()).get();
    assert.deepEqual(quick, ['login', 'card-payment', 'sms-payment']);
    const offered = $('#topic-suggestions option').map((_, el) => $(el).attr('value')).get();
    assert.deepEqual(offered.slice(0, 3), ['Login', 'Payment › Card payment', 'Payment › SMS payment']);
    assert.equal(offered.length, 5, 'every active topic is offered');
    // Another agent's habits are their own.
    const ola = await signIn(t, 'ola@example.com');
    assert.equal((await page(ola))('.quick-topics').length, 0);
  });

  it('logs in one click with a usual topic, the remembered market and channel', async () => {
    await post(kari, { quickTopic: 'login', topic: '', market: 'bil', channel: 'email' }).then((res) => assert.equal(res.status, 303));
    const again = await signIn(t, 'kari@example.com');
    const $ = await page(again);
    assert.equal($('#market option[selected]').val(), 'bil', 'the market used last is chosen');
    assert.equal($('#channel option[selected]').val(), 'email');
    assert.equal($('#market option[value=""]').length, 0, 'no empty choice once a market is remembered');
    // One click: the button posts the form as it stands.
    const form = await again.get('/log');
    await again.post('/log').type('form').send({ _csrf: csrfOf(form.text), quickTopic: 'card-payment', topic: '', market: 'bil', channel: 'email', note: '' }).expect(303);
    assert.equal((await todayOf(again))[0], 'Card payment · Bil · E-mail');
  });

  it('shows what is wrong next to the field and keeps what was typed', async () => {
    const before = (await apiToday()).length;
    const unknown = await post(kari, { topic: 'teleportation', market: 'bil', channel: 'phone', note: 'Keep this note' });
    assert.equal(unknown.status, 400);
    const $ = html(unknown.text);
    assert.equal($('#topic-error').text(), 'No topic matches that. Pick one from the list.');
    assert.equal($('#topic').attr('aria-invalid'), 'true');
    assert.match($('#topic').attr('aria-describedby')!, /topic-error/);
    assert.equal($('#topic').val(), 'teleportation');
    assert.equal($('#note').text(), 'Keep this note');
    assert.equal($('#market option[selected]').val(), 'bil');

    const ambiguous = html((await post(kari, { topic: 'pay', market: 'bil', channel: 'phone' })).text);
    assert.equal(ambiguous('#topic-error').text(), 'Several topics match. Pick one below.');
    assert.deepEqual(ambiguous('.candidates button').map((_, el) => ambiguous(el).val()).get(), ['payment', 'card-payment', 'sms-payment']);

    const bad = html((await post(kari, { topic: 'login', market: 'atlantis', channel: 'pigeon', note: 'x'.repeat(2001) })).text);
    assert.equal(bad('#market-error').text(), 'Choose a market.');
    assert.equal(bad('#channel-error').text(), 'Choose a channel from the list.');
    assert.equal(bad('#note-error').text(), 'The note is too long (at most 2,000 characters).');
    assert.equal((await apiToday()).length, before, 'nothing was stored');
  });

  it('hides archived topics and markets, and refuses them', async () => {
    await t.as('admin').patch('/api/v1/topics/card-payment').send({ archived: true }).expect(200);
    await t.as('admin').patch('/api/v1/markets/bil').send({ archived: true }).expect(200);
    try {
      const $ = await page(kari);
      assert.ok(!$('#topic-suggestions option').map((_, el) => $(el).attr('value')).get().includes('Payment › Card payment'));
      assert.ok(!$('.quick-topics button').map((_, el) => $(el).val()).get().includes('card-payment'));
      assert.ok(!$('#market option').map((_, el) => $(el).val()).get().includes('bil'));
      const refused = html((await post(kari, { quickTopic: 'card-payment', topic: '', market: 'bil', channel: 'phone' })).text);
      assert.equal(refused('#topic-error').text(), 'No topic matches that. Pick one from the list.');
      assert.equal(refused('#market-error').text(), 'Choose a market.');
    } finally {
      await t.as('admin').patch('/api/v1/topics/card-payment').send({ archived: false }).expect(200);
      await t.as('admin').patch('/api/v1/markets/bil').send({ archived: false }).expect(200);
    }
  });

  it('lists today\'s inquiries newest first and undoes only the last, only for the one who logged it', async () => {
    await post(kari, { topic: 'Image upload', market: 'torget', channel: 'phone', note: '<script>alert(1)</script>' }).then((res) => assert.equal(res.status, 303));
    const $ = await page(kari);
    const rows = $('.today-list li');
    assert.equal(rows.first().find('.what').text().trim(), 'Image upload · Torget · Phone');
    assert.equal(rows.first().find('.note').html(), '&lt;script&gt;alert(1)&lt;/script&gt;', 'notes are escaped');
    assert.equal($('.today-list form[action="/log/undo"]').length, 1, 'undo is offered for the last one only');
    const lastId = $('.today-list input[name="id"]').val() as string;
    const count = rows.length;

    // Someone else cannot undo it.
    const ola = await signIn(t, 'ola@example.com');
    const olaPage = await ola.get('/log');
    await ola.post('/log/undo').type('form').send({ _csrf: csrfOf(olaPage.text), id: lastId }).expect(403);

    const undone = await kari.post('/log/undo').type('form').send({ _csrf: csrfOf($.html()), id: lastId }).expect(303);
    assert.equal(undone.headers.location, '/log');
    const after = await page(kari);
    assert.equal(after('.flash-info').text(), 'The last inquiry was removed.');
    assert.equal(after('.today-list li').length, count - 1);
    assert.ok(!(await apiToday()).some((i) => String(i.id) === lastId));
  });

  it('is only for those who log inquiries', async () => {
    await addPerson(t, { email: 'lise@example.com', role: 'leader' });
    const leader = await signIn(t, 'lise@example.com');
    const refused = await leader.get('/log').expect(403);
    assert.equal(html(refused.text)('h1').text(), 'You do not have access to this page');
    assert.equal(html(refused.text)('nav.site-nav a[href="/log"]').length, 0, 'and the menu does not offer it');
  });
});
