import assert from 'node:assert/strict';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { assertAccessible } from './a11y.ts';
import { addPerson, csrfOf, html, signIn, type Browser } from './support.ts';

type ApiEntry = { key: string; name: string; archivedAt: string | null; mergedInto: string | null; parentKey?: string | null };

describe('admin pages: hub, topics and markets', function () {
  this.timeout(60_000);
  let t: TestApp;
  let people: Record<'agent' | 'analyst' | 'leader' | 'admin', Browser>;

  const apiTopics = async (): Promise<ApiEntry[]> => (await t.as('agent').get('/api/v1/topics?includeArchived=true').expect(200)).body.topics;
  const apiMarkets = async (): Promise<ApiEntry[]> => (await t.as('agent').get('/api/v1/markets?includeArchived=true').expect(200)).body.markets;
  const keysIn = (page: string, table: string) => {
    const $ = html(page);
    return $(`#${table} tbody tr`).map((_, tr) => $(tr).attr('data-key')).get().sort();
  };
  /** Opens a page and posts a form from it with its CSRF token, expecting `status`. */
  const post = async (client: Browser, pageUrl: string, action: string, fields: Record<string, string>, status: number) => {
    const page = await client.get(pageUrl).expect(200);
    return client.post(action).type('form').send({ _csrf: csrfOf(page.text), ...fields }).expect(status);
  };

  before(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
    for (const role of ['agent', 'analyst', 'leader', 'admin'] as const) await addPerson(t, { email: `${role}@example.com`, name: `The ${role}`, role });
    people = {
      agent: await signIn(t, 'agent@example.com'),
      analyst: await signIn(t, 'analyst@example.com'),
      leader: await signIn(t, 'leader@example.com'),
      admin: await signIn(t, 'admin@example.com'),
    };
  });
  after(() => t.close());

  it('shows each role the sections it may manage, and refuses agents and leaders', async () => {
    const sections = async (role: 'analyst' | 'admin') => {
      const res = await people[role].get('/admin').expect(200);
      assertAccessible(res.text, `admin hub (${role})`);
      const $ = html(res.text);
      return $('.admin-sections a').map((_, a) => $(a).attr('href')).get();
    };
    assert.deepEqual(await sections('admin'), ['/admin/topics', '/admin/markets', '/admin/users', '/admin/tokens', '/admin/trackers', '/admin/notifications']);
    assert.deepEqual(await sections('analyst'), ['/admin/topics', '/admin/markets']);
    for (const path of ['/admin/tokens', '/admin/trackers', '/admin/notifications', '/admin/users']) {
      const res = await people.analyst.get(path).set('Accept', 'text/html').expect(403);
      assert.equal(html(res.text)('h1').text(), 'You do not have access to this page');
    }
    for (const role of ['agent', 'leader'] as const) {
      for (const path of ['/admin', '/admin/topics', '/admin/markets', '/admin/topics/login']) await people[role].get(path).set('Accept', 'text/html').expect(403);
    }
    const page = await people.agent.get('/log').expect(200);
    await people.agent.post('/admin/topics').type('form').send({ _csrf: csrfOf(page.text), key: 'sneaky', name: 'Sneaky' }).expect(403);
    assert.ok(!(await apiTopics()).some((x) => x.key === 'sneaky'), 'a refused form changes nothing');
  });

  it('lists the same topics and markets as the API, active and archived apart', async () => {
    await t.as('analyst').patch('/api/v1/topics/login').send({ archived: true }).expect(200);
    const topics = await apiTopics();
    const page = await people.analyst.get('/admin/topics').expect(200);
    assertAccessible(page.text, 'topics page');
    assert.deepEqual(keysIn(page.text, 'active-list'), topics.filter((x) => !x.archivedAt).map((x) => x.key).sort());
    assert.deepEqual(keysIn(page.text, 'archived-list'), ['login']);
    const $ = html(page.text);
    assert.equal($('#active-list tr[data-key="sms-payment"] th').text().trim(), 'Payment › SMS payment');
    const markets = await apiMarkets();
    const marketPage = await people.analyst.get('/admin/markets').expect(200);
    assertAccessible(marketPage.text, 'markets page');
    assert.deepEqual(keysIn(marketPage.text, 'active-list'), markets.map((x) => x.key).sort());
    assert.equal(html(marketPage.text)('#parent').length, 0, 'markets have no parent');
    await t.as('analyst').patch('/api/v1/topics/login').send({ archived: false }).expect(200);
  });

  it('creates a topic below a parent, and names bad input next to its field with the input kept', async () => {
    const created = await post(people.analyst, '/admin/topics', '/admin/topics', { key: 'Vipps', name: 'Vipps payment', parent: 'payment' }, 303);
    assert.equal(created.headers.location, '/admin/topics');
    const listed = await people.analyst.get('/admin/topics').expect(200);
    assert.equal(html(listed.text)('.flash-success').text(), 'The topic Vipps payment is created.');
    const vipps = (await apiTopics()).find((x) => x.key === 'vipps');
    assert.deepEqual([vipps?.name, vipps?.parentKey], ['Vipps payment', 'payment']);

    const duplicate = await post(people.analyst, '/admin/topics', '/admin/topics', { key: 'vipps', name: 'Again', parent: '' }, 409);
    let $ = html(duplicate.text);
    assert.equal($('#key-error').text(), 'A topic with the key "vipps" already exists.');
    assert.equal($('#key').attr('aria-invalid'), 'true');
    assert.equal($('#name').val(), 'Again');
    assertAccessible(duplicate.text, 'topics page with an error');

    const empty = await post(people.analyst, '/admin/topics', '/admin/topics', { key: 'mobilepay', name: '  ', parent: 'payment' }, 400);
    $ = html(empty.text);
    assert.equal($('#name-error').text(), 'Fill this in.');
    assert.equal($('#key').val(), 'mobilepay');
    assert.equal($('#parent').val(), 'payment');

    const badKey = await post(people.analyst, '/admin/markets', '/admin/markets', { key: 'Eiendom og bolig', name: 'Eiendom' }, 400);
    $ = html(badKey.text);
    assert.match($('#key-error').text(), /^Use 1–64 characters/);
    assert.equal($('#key').val(), 'Eiendom og bolig');
    assert.equal((await apiMarkets()).length, 2, 'nothing was stored');
  });

  it('renames and moves a topic, refuses a cycle at the parent field, archives and restores', async () => {
    await post(people.admin, '/admin/topics/vipps', '/admin/topics/vipps', { name: 'Vipps', parent: '' }, 303);
    let vipps = (await apiTopics()).find((x) => x.key === 'vipps')!;
    assert.deepEqual([vipps.name, vipps.parentKey], ['Vipps', null]);

    const edit = await people.admin.get('/admin/topics/payment').expect(200);
    assertAccessible(edit.text, 'topic edit page');
    assert.ok(!html(edit.text)('#parent option').map((_, o) => html(edit.text)(o).attr('value')).get().includes('sms-payment'), 'its own sub-topics are not offered as parent');
    const cycle = await people.admin.post('/admin/topics/payment').type('form').send({ _csrf: csrfOf(edit.text), name: 'Payment', parent: 'sms-payment' }).expect(409);
    assert.match(html(cycle.text)('#parent-error').text(), /cannot be its own ancestor/);
    const blank = await people.admin.post('/admin/topics/payment').type('form').send({ _csrf: csrfOf(edit.text), name: '', parent: '' }).expect(400);
    assert.equal(html(blank.text)('#name-error').text(), 'Fill this in.');
    assert.equal((await apiTopics()).find((x) => x.key === 'payment')!.name, 'Payment');

    await post(people.analyst, '/admin/topics', '/admin/topics/vipps/archive', { archived: 'true' }, 303);
    vipps = (await apiTopics()).find((x) => x.key === 'vipps')!;
    assert.ok(vipps.archivedAt);
    const page = await people.analyst.get('/admin/topics').expect(200);
    assert.equal(html(page.text)('.flash-success').text(), 'Vipps is archived.');
    assert.ok(keysIn(page.text, 'archived-list').includes('vipps'));
    await post(people.analyst, '/admin/topics', '/admin/topics/vipps/archive', { archived: 'false' }, 303);
    assert.equal((await apiTopics()).find((x) => x.key === 'vipps')!.archivedAt, null);
    await people.analyst.get('/admin/topics/nope').set('Accept', 'text/html').expect(404);
  });

  it('merges only after a confirmation that says how many inquiries move', async () => {
    const inquiries = Array.from({ length: 3 }, (_, i) => ({ receivedAt: `2026-11-2${i}T10:00:00Z`, topic: 'card-payment', market: 'torget' }));
    await t.as('agent').post('/api/v1/inquiries').send({ inquiries: [...inquiries, { receivedAt: '2026-11-20T11:00:00Z', topic: 'card-payment', market: 'bil' }] }).expect(201);
    const ask = await post(people.analyst, '/admin/topics/card-payment', '/admin/topics/card-payment/merge', { into: 'vipps' }, 200);
    assertAccessible(ask.text, 'merge confirmation');
    let $ = html(ask.text);
    assert.equal($('h1').text(), 'Merge Card payment into Vipps?');
    assert.equal($('#merge-inquiries').text(), '4 inquiries move from Card payment to Vipps.');
    assert.equal((await apiTopics()).find((x) => x.key === 'card-payment')!.mergedInto, null, 'nothing merged before the confirmation');

    const refused = await post(people.analyst, '/admin/topics/card-payment', '/admin/topics/card-payment/merge', { into: '' }, 400);
    assert.equal(html(refused.text)('#into-error').text(), 'Choose where to merge it.');
    const intoChild = await post(people.analyst, '/admin/topics/payment', '/admin/topics/payment/merge', { into: 'sms-payment' }, 409);
    assert.match(html(intoChild.text)('#into-error').text(), /is below "payment"/);

    await people.analyst.post('/admin/topics/card-payment/merge').type('form').send({ _csrf: csrfOf(ask.text), into: 'vipps', confirm: 'yes' }).expect(303);
    const merged = (await apiTopics()).find((x) => x.key === 'card-payment')!;
    assert.equal(merged.mergedInto, 'vipps');
    const listed = (await t.as('agent').get('/api/v1/inquiries?topic=vipps&from=2026-11-01&to=2026-11-23').expect(200)).body.inquiries;
    assert.equal(listed.length, 4);
    $ = html((await people.analyst.get('/admin/topics').expect(200)).text);
    assert.equal($('.flash-success').text(), 'Card payment is merged into Vipps; 4 inquiries moved.');
    assert.equal($('#archived-list tr[data-key="card-payment"] td').last().text().trim(), 'Merged into Vipps');

    const markets = await post(people.admin, '/admin/markets/bil', '/admin/markets/bil/merge', { into: 'torget' }, 200);
    assert.equal(html(markets.text)('#merge-inquiries').text(), '1 inquiries move from Bil to Torget.');
    await people.admin.post('/admin/markets/bil/merge').type('form').send({ _csrf: csrfOf(markets.text), into: 'torget', confirm: 'yes' }).expect(303);
    assert.equal((await apiMarkets()).find((x) => x.key === 'bil')!.mergedInto, 'torget');
  });

  it('places a topic in the customer journey, with sub-topics inheriting, as the journey API shows', async () => {
    await t.as('analyst').post('/api/v1/journey/phases/use/touch-points').send({ key: 'checkout', name: 'Checkout' }).expect(201);
    await t.as('analyst').post('/api/v1/journey/phases/search/touch-points').send({ key: 'results', name: 'Results' }).expect(201);
    const page = await people.analyst.get('/admin/topics/payment').expect(200);
    assert.equal(html(page.text)('#place-now').text(), 'It has no place in the journey yet.');
    await people.analyst.post('/admin/topics/payment/place').type('form').send({ _csrf: csrfOf(page.text), phase: 'use', touchPoint: 'checkout' }).expect(303);
    const places = (await t.as('agent').get('/api/v1/journey/topics').expect(200)).body;
    const placeOf = (key: string) => (places.topics ?? places).find((p: { topic: string }) => p.topic === key);
    assert.deepEqual([placeOf('payment').phase, placeOf('payment').touchPoint], ['use', 'checkout']);
    assert.deepEqual([placeOf('sms-payment').phase, placeOf('sms-payment').inheritedFrom], ['use', 'payment']);
    let $ = html((await people.analyst.get('/admin/topics/sms-payment').expect(200)).text);
    assert.equal($('#place-now').text(), 'It inherits the phase Use from Payment.');
    assert.equal($('#phase').val(), '');

    const wrong = await people.analyst.post('/admin/topics/payment/place').type('form').send({ _csrf: csrfOf(page.text), phase: 'use', touchPoint: 'results' }).expect(400);
    $ = html(wrong.text);
    assert.equal($('#touchPoint-error').text(), 'This touch point belongs to another phase.');
    assert.equal($('#touchPoint option[selected]').attr('value'), 'results', $('#touchPoint').html()!);
    assertAccessible(wrong.text, 'topic page with a journey error');
    const orphan = await people.analyst.post('/admin/topics/payment/place').type('form').send({ _csrf: csrfOf(page.text), phase: '', touchPoint: 'checkout' }).expect(400);
    assert.equal(html(orphan.text)('#touchPoint-error').text(), 'Choose a phase for the touch point, or no touch point.');
    await people.analyst.post('/admin/topics/payment/place').type('form').send({ _csrf: csrfOf(page.text), phase: '', touchPoint: '' }).expect(303);
    const after = (await t.as('agent').get('/api/v1/journey/topics').expect(200)).body;
    assert.equal((after.topics ?? after).find((p: { topic: string }) => p.topic === 'payment').phase, null);
    await people.leader.post('/admin/topics/payment/place').type('form').send({ _csrf: csrfOf((await people.leader.get('/dashboard')).text), phase: 'use' }).expect(403);
  });

  it('refuses a form without its CSRF token', async () => {
    const res = await people.admin.post('/admin/markets').type('form').send({ key: 'fly', name: 'Fly' }).expect(403);
    assert.match(html(res.text)('main').text(), /form had expired/);
    assert.ok(!(await apiMarkets()).some((x) => x.key === 'fly'));
  });

  it('speaks Bokmål', async () => {
    const res = await people.analyst.get('/admin/topics?lang=nb').expect(200);
    const $ = html(res.text);
    assert.equal($('html').attr('lang'), 'nb');
    assert.equal($('h1').text(), 'Emner');
    assert.equal($('#create-heading').text(), 'Legg til emne');
    assert.equal($('label[for="parent"]').text().trim(), 'Overordnet emne (valgfritt)');
    assertAccessible(res.text, 'topics page in Bokmål');
    const hub = html((await people.analyst.get('/admin').expect(200)).text);
    assert.equal(hub('h1').text(), 'Administrasjon');
    await people.analyst.get('/admin?lang=en').expect(200);
  });
});
