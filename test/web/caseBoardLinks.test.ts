import assert from 'node:assert/strict';
import supertest from 'supertest';
import { assertNoViolations, createSyncWorld, drain, links, readyCase, SECRETS, type SyncWorld } from '../trackers/syncSupport.ts';
import { assertAccessible } from './a11y.ts';
import { addPerson, html, signIn, type Browser } from './support.ts';

describe('case board: tracker issues of many cases', function () {
  this.timeout(120_000);
  let world: SyncWorld;
  let kari: Browser;
  let ids: { upload: number; payment: number; quiet: number };

  before(async () => {
    world = await createSyncWorld({ COOKIE_SECURE: 'false' });
    await addPerson(world.t, { email: 'kari@example.com', name: 'Kari Agent', role: 'agent' });
    kari = await signIn(world.t, 'kari@example.com');
    const upload = (await readyCase(world, 'Image upload fails on large photos')).caseId;
    const payment = (await readyCase(world, 'Card payment is declined twice')).caseId;
    const quiet = (await readyCase(world, 'Nobody has handed this one over')).caseId;
    ids = { upload, payment, quiet };
    const connections = (await world.t.as('admin').get('/api/v1/tracker-connections').expect(200)).body.connections as Array<{ id: number; name: string }>;
    const plat = connections.find((c) => c.name === 'plat')!.id;
    const ads = connections.find((c) => c.name === 'ads')!.id;
    // Interleaved, so a mix-up of link rows between cards would show.
    await world.t.as('analyst').post(`/api/v1/cases/${payment}/tracker-links`).send({ connection: plat }).expect(201);
    await world.t.as('analyst').post(`/api/v1/cases/${upload}/tracker-links`).send({ connection: plat }).expect(201);
    await world.t.as('analyst').post(`/api/v1/cases/${upload}/tracker-links`).send({ connection: ads }).expect(201);
    await drain(world);
    await moveIssue((await links(world, upload)).find((l) => l.remoteKey?.startsWith('PLAT-'))!.remoteKey!, 'In Progress');
    await moveIssue((await links(world, payment))[0]!.remoteKey!, 'In Review');
  });
  after(async () => {
    assertNoViolations(world);
    await world.close();
  });

  async function moveIssue(key: string, status: string) {
    const signed = world.jira.signedDelivery(world.jira.transition(key, { name: status, category: 'indeterminate' }), SECRETS.PP_TEST_JIRA_HOOK);
    await supertest(world.t.app).post('/webhooks/jira').set(signed.headers).send(signed.rawBody.toString()).expect(200);
  }

  /** What the API says a card should show: "KEY: status (sync)" per link, in link order. */
  async function expectedTrackers(caseId: number): Promise<string[]> {
    const sync: Record<string, string> = { synced: 'in sync', pending: 'waiting to sync', error: 'failed' };
    return (await links(world, caseId)).map((l) => `${l.remoteKey}${l.remoteStatus ? `: ${l.remoteStatus}` : ''} (${sync[l.syncState]})`);
  }

  it("shows each card's own issues and statuses, as the API has them", async () => {
    const res = await kari.get('/cases').expect(200);
    const $ = html(res.text);
    const shown = (caseId: number) =>
      $(`.case-card[data-case="${caseId}"] .case-trackers li`)
        .map((_, li) => $(li).text().replace(/\s+/g, ' ').trim())
        .get();
    assert.deepEqual(shown(ids.upload), await expectedTrackers(ids.upload));
    assert.deepEqual(shown(ids.payment), await expectedTrackers(ids.payment));
    assert.equal(shown(ids.upload).length, 2);
    assert.match(shown(ids.upload)[0]!, /^PLAT-\d+: In Progress \(in sync\)$/);
    assert.match(shown(ids.upload)[1]!, /^\d+ \(in sync\)$/, 'the GitHub issue number, without a status of its own');
    assert.deepEqual(shown(ids.payment).length, 1);
    assert.match(shown(ids.payment)[0]!, /^PLAT-\d+: In Review \(in sync\)$/);
    assert.equal($(`.case-card[data-case="${ids.quiet}"]`).length, 1);
    assert.equal($(`.case-card[data-case="${ids.quiet}"] .case-trackers`).length, 0, 'a case never handed over has no tracker list');
    assert.equal($(`.case-card[data-case="${ids.payment}"] .case-trackers a`).attr('href'), (await links(world, ids.payment))[0]!.url);
    assertAccessible(res.text, 'case board with tracker issues');
  });

  it('shows the same issues in the list view', async () => {
    const $ = html((await kari.get('/cases?view=list').expect(200)).text);
    const row = (caseId: number) => $(`a[href="/cases/${caseId}"]`).closest('tr');
    const shown = (caseId: number) =>
      row(caseId)
        .find('.case-trackers li')
        .map((_, li) => $(li).text().replace(/\s+/g, ' ').trim())
        .get();
    assert.deepEqual(shown(ids.upload), await expectedTrackers(ids.upload));
    assert.deepEqual(shown(ids.payment), await expectedTrackers(ids.payment));
    assert.deepEqual(shown(ids.quiet), []);
  });

  it('shows a board with no cases at all, or none with issues', async () => {
    const empty = html((await kari.get('/cases?q=no-such-case-anywhere').expect(200)).text);
    assert.equal(empty('.case-card').length, 0);
    const quietOnly = html((await kari.get(`/cases?q=${encodeURIComponent('Nobody has handed')}`).expect(200)).text);
    assert.deepEqual(quietOnly('.case-card').map((_, card) => Number(quietOnly(card).attr('data-case'))).get(), [ids.quiet]);
    assert.equal(quietOnly('.case-trackers').length, 0);
  });
});
