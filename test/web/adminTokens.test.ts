import assert from 'node:assert/strict';
import supertest from 'supertest';
import { createToken, listTokens } from '../../src/auth/tokenService.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { assertAccessible } from './a11y.ts';
import { addPerson, csrfOf, html, signIn, type Browser } from './support.ts';

describe('admin pages: API tokens', function () {
  this.timeout(60_000);
  let t: TestApp;
  let admin: Browser;
  let analyst: Browser;

  const rowIds = (page: string) => {
    const $ = html(page);
    return $('#token-list tbody tr[data-id]').map((_, tr) => Number($(tr).attr('data-id'))).get().sort((a, b) => a - b);
  };

  before(async () => {
    t = await createTestApp();
    await addPerson(t, { email: 'admin@example.com', name: 'Ada Admin', role: 'admin' });
    await addPerson(t, { email: 'ux@example.com', name: 'Una Analyst', role: 'analyst' });
    admin = await signIn(t, 'admin@example.com');
    analyst = await signIn(t, 'ux@example.com');
  });
  after(() => t.close());

  it('lists the API tokens, not the tokens behind web sign-ins', async () => {
    const res = await admin.get('/admin/tokens').expect(200);
    assertAccessible(res.text, 'tokens page');
    const all = await listTokens(t.db.pool);
    const pageTokens = all.filter((k) => k.name.endsWith('(web)'));
    assert.equal(pageTokens.length, 2, 'each signed-in person acts through a page token');
    assert.deepEqual(rowIds(res.text), all.filter((k) => !k.name.endsWith('(web)')).map((k) => k.id));
    const $ = html(res.text);
    const agentRow = $('#token-list tbody tr').filter((_, tr) => $(tr).find('th').text() === 'test agent');
    assert.deepEqual(agentRow.find('td').map((_, td) => $(td).text().trim()).get().slice(1, 3), ['agent', 'None']);
    assert.equal(agentRow.find('td').eq(4).text().trim(), 'Never');
  });

  it('shows last use once a token is used', async () => {
    t.setNow('2026-11-23T13:15:00Z');
    await t.as('leader').get('/api/v1/markets').expect(200);
    const $ = html((await admin.get('/admin/tokens').expect(200)).text);
    const leaderRow = $('#token-list tbody tr').filter((_, tr) => $(tr).find('th').text() === 'test leader');
    assert.match(leaderRow.find('td').eq(4).text(), /23 Nov 2026, 14:15/);
  });

  it('creates a token for a person, shows its value once, and the value works', async () => {
    const form = await admin.get('/admin/tokens').expect(200);
    const userId = html(form.text)('#user option').filter((_, o) => html(form.text)(o).text().startsWith('Una Analyst')).attr('value')!;
    const created = await admin.post('/admin/tokens').type('form').send({ _csrf: csrfOf(form.text), name: 'Zendesk bridge', role: 'ingest', user: userId }).expect(201);
    assertAccessible(created.text, 'tokens page with a new token');
    const secret = html(created.text)('#new-token').text();
    assert.match(secret, /^pp_[A-Za-z0-9_-]{43}$/);
    await supertest(t.app).get('/api/v1/markets').set('Authorization', `Bearer ${secret}`).expect(403);
    await supertest(t.app).post('/api/v1/inquiries').set('Authorization', `Bearer ${secret}`).send({ inquiries: [] }).expect((res) => assert.notEqual(res.status, 401));
    const again = await admin.get('/admin/tokens').expect(200);
    assert.ok(!again.text.includes(secret), 'the value is never shown again');
    const $ = html(again.text);
    const row = $('#token-list tbody tr').filter((_, tr) => $(tr).find('th').text() === 'Zendesk bridge');
    assert.deepEqual(row.find('td').map((_, td) => $(td).text().trim()).get().slice(1, 3), ['ingest', 'Una Analyst']);
    const stored = (await listTokens(t.db.pool)).find((k) => k.name === 'Zendesk bridge')!;
    assert.equal(stored.userId, Number(userId));
  });

  it('names bad input next to its field and keeps it', async () => {
    const form = await admin.get('/admin/tokens').expect(200);
    const before = (await listTokens(t.db.pool)).length;
    const empty = await admin.post('/admin/tokens').type('form').send({ _csrf: csrfOf(form.text), name: ' ', role: 'admin', user: '' }).expect(400);
    let $ = html(empty.text);
    assert.equal($('#name-error').text(), 'Fill this in.');
    assert.equal($('#role').val(), 'admin');
    assertAccessible(empty.text, 'tokens page with an error');
    const badRole = await admin.post('/admin/tokens').type('form').send({ _csrf: csrfOf(form.text), name: 'Robot', role: 'root', user: '999' }).expect(400);
    $ = html(badRole.text);
    assert.equal($('#role-error').text(), 'Choose a role from the list.');
    assert.equal($('#name').val(), 'Robot');
    const badUser = await admin.post('/admin/tokens').type('form').send({ _csrf: csrfOf(form.text), name: 'Robot', role: 'agent', user: '999' }).expect(400);
    assert.equal(html(badUser.text)('#user-error').text(), 'Choose a person from the list.');
    // A person's token carries their role or ingest: an analyst is not handed an admin's rights.
    const una = html(form.text)('#user option').filter((_, o) => html(form.text)(o).text().startsWith('Una Analyst')).attr('value')!;
    const above = await admin.post('/admin/tokens').type('form').send({ _csrf: csrfOf(form.text), name: 'Robot', role: 'admin', user: una }).expect(400);
    assert.equal(html(above.text)('#role-error').text(), 'A token for Una Analyst has their role (analyst) or ingest.');
    await assert.rejects(createToken(t.db.pool, { name: 'x', role: 'admin', userId: Number(una) }), /role: a token for Una Analyst carries their role \("analyst"\) or "ingest", not "admin"/);
    assert.equal((await listTokens(t.db.pool)).length, before);
  });

  it('revokes a token, which stops it working; a web sign-in token cannot be revoked here', async () => {
    const form = await admin.get('/admin/tokens').expect(200);
    const agentId = (await listTokens(t.db.pool)).find((k) => k.name === 'test agent')!.id;
    await admin.post(`/admin/tokens/${agentId}/revoke`).type('form').send({ _csrf: csrfOf(form.text) }).expect(303);
    await t.as('agent').get('/api/v1/markets').expect(401);
    let $ = html((await admin.get('/admin/tokens').expect(200)).text);
    assert.equal($('.flash-success').text(), `Token ${agentId} is revoked; it no longer works.`);
    const row = $(`#token-list tr[data-id="${agentId}"]`);
    assert.match(row.find('td').eq(5).text(), /^Revoked /);
    assert.equal(row.find('button').length, 0);

    const webToken = (await listTokens(t.db.pool)).find((k) => k.name === 'Ada Admin (web)')!;
    await admin.post(`/admin/tokens/${webToken.id}/revoke`).type('form').send({ _csrf: csrfOf(form.text) }).expect(303);
    $ = html((await admin.get('/admin/tokens').expect(200)).text);
    assert.match($('.flash-error').text(), /No active API token with id/);
    assert.equal((await listTokens(t.db.pool)).find((k) => k.id === webToken.id)!.revokedAt, null);
    await admin.post('/admin/tokens/abc/revoke').type('form').send({ _csrf: csrfOf(form.text) }).expect(404);
  });

  it('is for admins only, and refuses a form without its CSRF token', async () => {
    await analyst.get('/admin/tokens').set('Accept', 'text/html').expect(403);
    const page = await analyst.get('/admin').expect(200);
    await analyst.post('/admin/tokens').type('form').send({ _csrf: csrfOf(page.text), name: 'x', role: 'admin', user: '' }).expect(403);
    const before = (await listTokens(t.db.pool)).length;
    await admin.post('/admin/tokens').type('form').send({ name: 'x', role: 'admin', user: '' }).expect(403);
    assert.equal((await listTokens(t.db.pool)).length, before);
  });

  it('speaks Bokmål', async () => {
    const $ = html((await admin.get('/admin/tokens?lang=nb').expect(200)).text);
    assert.equal($('h1').text(), 'API-nøkler');
    assert.equal($('#create-heading').text(), 'Lag en nøkkel');
    await admin.get('/admin/tokens?lang=en').expect(200);
  });
});
