import assert from 'node:assert/strict';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { assertAccessible } from './a11y.ts';
import { csrfOf, html, signInCast, type Browser } from './support.ts';

describe('case board and list', function () {
  this.timeout(120_000);
  let t: TestApp;
  let ux: Browser;
  let leader: Browser;
  let uxId: number;
  let kariId: number;
  before(async () => {
    t = await createTestApp();
    t.setNow('2026-11-23T10:00:00Z');
    await seedTaxonomy(t);
    ({ ux, leader, uxId, kariId } = await signInCast(t));
    const make = (body: object) => t.as('analyst').post('/api/v1/cases').send(body).expect(201);
    await make({ title: 'SMS payment fails', topics: ['sms-payment'], markets: ['torget'], ownerId: uxId, decision: 'now' });
    await make({ title: 'Login loops', topics: ['login'], markets: ['bil'], decision: 'later' });
    const third = await make({ title: 'Card declined', topics: ['card-payment'], markets: ['torget', 'bil'], ownerId: kariId, decision: 'discuss' });
    await t.as('analyst').post(`/api/v1/cases/${third.body.id}/status`).send({ status: 'refining' }).expect(200);
    await make({ title: 'Image upload too slow', topics: ['image-upload'] });
  });
  after(() => t.close());

  const ids = (body: { cases: Array<{ id: number }> }) => body.cases.map((c) => c.id).sort((a, b) => a - b);
  const api = async (query: string) => ids((await t.as('leader').get(`/api/v1/cases${query}`).expect(200)).body);
  const onPage = async (client: Browser, url: string, selector: string) => {
    const $ = html((await client.get(url).expect(200)).text);
    return $(selector).map((_, el) => Number($(el).attr('data-case'))).get().sort((a, b) => a - b);
  };

  it('shows the same cases on the board and in the list as the API gives for the same filters', async () => {
    for (const [page, query] of [
      ['', ''],
      ['?status=new', '?status=new'],
      ['?status=new&status=refining', '?status=new,refining'],
      ['?topic=payment', '?topic=payment'],
      ['?market=bil', '?market=bil'],
      [`?owner=${uxId}`, `?owner=${uxId}`],
      ['?q=login', '?q=login'],
      ['?topic=payment&market=torget&status=new', '?topic=payment&market=torget&status=new'],
    ] as const) {
      const expected = await api(query);
      assert.deepEqual(await onPage(leader, `/cases${page}`, '.case-card'), expected, `board ${page}`);
      assert.deepEqual(await onPage(leader, `/cases${page}${page ? '&' : '?'}view=list`, 'table.case-list tbody tr'), expected, `list ${page}`);
    }
    // "owner = me" is the signed-in person; decision narrows what the API's filters found.
    assert.deepEqual(await onPage(ux, '/cases?owner=me', '.case-card'), await api(`?owner=${uxId}`));
    const now = (await t.as('leader').get('/api/v1/cases').expect(200)).body.cases.filter((c: { decision: string }) => c.decision === 'now').map((c: { id: number }) => c.id).sort((a: number, b: number) => a - b);
    assert.deepEqual(await onPage(leader, '/cases?decision=now', '.case-card'), now);
  });

  it('puts every status in its own column, in workflow order, with the card facts', async () => {
    const res = await leader.get('/cases').expect(200);
    const $ = html(res.text);
    assert.deepEqual(
      $('.case-column h3').map((_, el) => $(el).contents().first().text().trim()).get(),
      ['New', 'Refining', 'Ready', 'In progress', 'Fix shipped', 'Verifying', 'Resolved', 'Reopened', 'Dropped'],
    );
    const refining = $('#column-refining').closest('section').find('.case-card');
    assert.equal(refining.length, 1);
    assert.match(refining.text(), /Card declined/);
    assert.match(refining.text(), /Card payment/);
    assert.match(refining.text(), /Kari Agent/);
    assert.match(refining.text(), /Discuss/);
    assert.match(refining.text(), /0 d/);
    // Only columns with cards take a card's width, so a laptop screen shows every status.
    const emptyColumns = $('.case-column.empty h3').map((_, el) => $(el).attr('id')).get();
    const withCards = $('.case-column:not(.empty)').filter((_, el) => $(el).find('.case-card').length === 0);
    assert.equal(withCards.length, 0, 'a column marked full has cards');
    assert.ok(emptyColumns.includes('column-dropped') && !emptyColumns.includes('column-refining'), `empty: ${emptyColumns.join(', ')}`);
    assert.equal($('main.wide').length, 1, 'the board uses the window width');
    assert.equal($('a[href="/cases/triage"]').length, 1);
    assert.equal($('form[action="/cases"][method="post"]').length, 0, 'leaders read cases, they do not open them');
    assertAccessible(res.text, 'case board');
    const list = (await leader.get('/cases?view=list').expect(200)).text;
    assert.equal(html(list)('main.wide').length, 0, 'the list keeps the reading width');
    assertAccessible(list, 'case list');
  });

  it('opens a new case from the form; a missing title is named next to the field and the rest is kept', async () => {
    const page = await ux.get('/cases').expect(200);
    const token = csrfOf(page.text);
    const bad = await ux.post('/cases').type('form').send({ _csrf: token, title: '  ', topics: ['login', 'image-upload'], markets: 'bil', team: 'Ads', decision: 'now' }).expect(400);
    const $ = html(bad.text);
    assert.equal($('#title-error').text(), 'Give the case a title.');
    assert.equal($('#title').attr('aria-invalid'), 'true');
    assert.deepEqual($('#topics option[selected]').map((_, o) => $(o).attr('value')).get().sort(), ['image-upload', 'login']);
    assert.equal($('#markets option[selected]').attr('value'), 'bil');
    assert.equal($('#team').val(), 'Ads');
    assert.equal($('#decision option[selected]').attr('value'), 'now');
    assertAccessible(bad.text, 'case board with an error');

    const made = await ux.post('/cases').type('form').send({ _csrf: token, title: 'Login by BankID fails', topics: ['login'], markets: 'bil', ownerId: String(uxId), decision: 'now' }).expect(303);
    const id = Number(/^\/cases\/(\d+)$/.exec(made.headers.location!)![1]);
    const { body } = await t.as('leader').get(`/api/v1/cases/${id}`).expect(200);
    assert.deepEqual([body.title, body.topics.map((x: { key: string }) => x.key), body.owner.name, body.decision, body.createdBy], ['Login by BankID fails', ['login'], 'Una Analyst', 'now', 'Una Analyst']);
    assert.match(html((await ux.get(made.headers.location!)).text)('.flash-success').text(), new RegExp(`Case PP-${id} created`));
  });

  it('refuses a new case from a leader and a form without its CSRF token', async () => {
    const page = await leader.get('/cases').expect(200);
    await leader.post('/cases').type('form').send({ _csrf: csrfOf(page.text), title: 'Not mine to open' }).expect(403);
    const refused = await ux.post('/cases').type('form').send({ title: 'No token' }).expect(403);
    assert.match(html(refused.text)('main').text(), /form had expired/);
    assert.deepEqual(await api('?q=token'), []);
  });

  it('shows the board in Bokmål', async () => {
    const $ = html((await leader.get('/cases?lang=nb').expect(200)).text);
    assert.equal($('html').attr('lang'), 'nb');
    assert.equal($('h1').text(), 'Saker');
    assert.equal($('#column-refining').contents().first().text().trim(), 'Under bearbeiding');
  });
});
