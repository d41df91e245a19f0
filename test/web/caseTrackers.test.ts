import assert from 'node:assert/strict';
import supertest from 'supertest';
import { assertNoViolations, createSyncWorld, drain, links, readyCase, SECRETS, type SyncWorld } from '../trackers/syncSupport.ts';
import { assertAccessible } from './a11y.ts';
import { csrfOf, html, signInPair, type Browser } from './support.ts';

describe('case page: tracker issues', function () {
  this.timeout(120_000);
  let world: SyncWorld;
  let ux: Browser;
  let kari: Browser;
  let caseId: number;
  let actionId: number;
  let jiraId: number;

  before(async () => {
    // Tracker bodies link to an https address; the test browser speaks plain HTTP, so cookies must not require TLS.
    world = await createSyncWorld({ COOKIE_SECURE: 'false' });
    ({ ux, kari } = await signInPair(world.t));
    ({ caseId, actionId } = await readyCase(world));
    const connections = (await world.t.as('admin').get('/api/v1/tracker-connections').expect(200)).body.connections as Array<{ id: number; name: string }>;
    jiraId = connections.find((c) => c.name === 'plat')!.id;
  });
  after(async () => {
    assertNoViolations(world);
    await world.close();
  });

  const page = async (client: Browser, url = `/cases/${caseId}`) => {
    const res = await client.get(url).expect(200);
    return { res, $: html(res.text) };
  };
  const linkRows = async (client: Browser) => {
    const { $ } = await page(client);
    return $('table.tracker-links tbody tr')
      .map((_, tr) => [[$(tr).find('th').text().trim(), $(tr).find('td').eq(0).text().trim(), $(tr).find('td').eq(1).text().trim(), $(tr).find('td').eq(2).text().trim(), $(tr).find('td .sync').text().trim()]])
      .get() as string[][];
  };
  const createLink = async (fields: Record<string, string>) => {
    const { res } = await page(ux);
    return ux.post(`/cases/${caseId}/links`).type('form').send({ _csrf: csrfOf(res.text), ...fields }).expect(303);
  };

  it('offers the connections to analysts on a ready case, and not to agents or on a case still being refined', async () => {
    const { res, $ } = await page(ux);
    assert.deepEqual($('#link-connection option').map((_, o) => $(o).text()).get(), ['ads (github)', 'plat (jira)']);
    assert.deepEqual($('#link-action option').map((_, o) => $(o).text()).get(), ['The whole case', 'Resize photos in the browser']);
    assertAccessible(res.text, 'case page with tracker form');
    assert.equal((await page(kari)).$('#link-connection').length, 0);
    const early = await world.t.as('analyst').post('/api/v1/cases').send({ title: 'Still refining', topics: ['login'] }).expect(201);
    assert.equal((await page(ux, `/cases/${early.body.id}`)).$('#link-connection').length, 0);
    const token = csrfOf((await page(kari)).res.text);
    await kari.post(`/cases/${caseId}/links`).type('form').send({ _csrf: token, connection: String(jiraId) }).expect(403);
  });

  it('creates a Jira issue from the page and shows its live status as the API does', async () => {
    await createLink({ connection: String(jiraId), actionId: '' });
    assert.equal((await page(ux)).$('.flash-success').text(), 'The issue will be created in the tracker shortly.');
    assert.deepEqual(await linkRows(ux), [['not created yet', 'plat (jira)', 'The whole case', '', 'waiting to sync']]);

    await drain(world);
    const [api] = await links(world, caseId);
    assert.equal(api!.remoteKey, 'PLAT-10000');
    assert.deepEqual(await linkRows(kari), [['PLAT-10000', 'plat (jira)', 'The whole case', '', 'in sync']]);
    assert.equal((await page(kari)).$(`table.tracker-links a[href="${api!.url}"]`).text(), 'PLAT-10000');

    // A developer starts work in Jira; the signed webhook brings the status to the page and the board.
    const signed = world.jira.signedDelivery(world.jira.transition('PLAT-10000', { name: 'In Progress', category: 'indeterminate' }), SECRETS.PP_TEST_JIRA_HOOK);
    await supertest(world.t.app).post('/webhooks/jira').set(signed.headers).send(signed.rawBody.toString()).expect(200);
    assert.equal((await links(world, caseId))[0]!.remoteStatus, 'In Progress');
    assert.deepEqual((await linkRows(kari))[0], ['PLAT-10000', 'plat (jira)', 'The whole case', 'In Progress', 'in sync']);
    const board = (await page(kari, '/cases')).$;
    assert.match(board(`.case-card[data-case="${caseId}"] .case-trackers`).text(), /PLAT-10000: In Progress \(in sync\)/);
  });

  it('says why a second link is refused, and names a missing tracker', async () => {
    await createLink({ connection: String(jiraId) });
    assert.match((await page(ux)).$('.flash-error').text(), /already has an open link to "plat"/);
    await createLink({ connection: '' });
    assert.equal((await page(ux)).$('.flash-error').text(), 'That could not be done: Choose a tracker.');
    assert.equal((await links(world, caseId)).length, 1);
  });

  it('shows a failed link with its reason and retries it', async () => {
    world.jira.failNext({ status: 400, body: { errorMessages: ['Field "labels" is not on the screen'], errors: {} } });
    await createLink({ connection: String(jiraId), actionId: String(actionId) });
    await drain(world);
    const failed = (await links(world, caseId)).find((l) => l.syncState === 'error');
    assert.ok(failed, JSON.stringify(await links(world, caseId)));
    const { $ } = await page(ux);
    const row = $(`tr[data-link="${failed.id}"]`);
    assert.equal(row.find('td .sync').text(), 'failed');
    assert.deepEqual($('table.tracker-links form[action$="/retry"]').map((_, f) => $(f).attr('action')).get(), [`/cases/${caseId}/links/${failed.id}/retry`], 'only a failed link offers a retry');
    assert.match(row.find('td .hint').text(), /HTTP 400/);
    const token = csrfOf((await page(kari)).res.text);
    await kari.post(`/cases/${caseId}/links/${failed.id}/retry`).type('form').send({ _csrf: token }).expect(403);
    await ux.post(`/cases/${caseId}/links/${failed.id}/retry`).type('form').send({ _csrf: csrfOf((await page(ux)).res.text) }).expect(303);
    assert.equal((await page(ux)).$(`tr[data-link="${failed.id}"] td .sync`).text(), 'waiting to sync');
    await drain(world);
    const rows = await linkRows(ux);
    assert.deepEqual(rows[1], ['PLAT-10001', 'plat (jira)', 'Resize photos in the browser', '', 'in sync']);
    await ux.post(`/cases/${caseId}/links/99999/retry`).type('form').send({ _csrf: csrfOf((await page(ux)).res.text) }).expect(404);
  });
});
