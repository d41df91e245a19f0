import assert from 'node:assert/strict';
import { githubConnection, jiraConnection, links, createSyncWorld, type SyncWorld } from '../trackers/syncSupport.ts';
import { assertAccessible } from './a11y.ts';
import { csrfOf, html, signInPair, type Browser } from './support.ts';

describe('case page: the tracker connection offered first', function () {
  this.timeout(120_000);
  let world: SyncWorld;
  let ux: Browser;
  let kari: Browser;

  before(async () => {
    world = await createSyncWorld({ COOKIE_SECURE: 'false' });
    ({ ux, kari } = await signInPair(world.t));
    // Beside "ads" and "plat" (no market): one per market, and a retired one that would otherwise win on name.
    const admin = world.t.as('admin');
    await admin.post('/api/v1/tracker-connections').send({ ...jiraConnection(world.jira.url), name: 'torget-jira', market: 'torget' }).expect(201);
    await admin.post('/api/v1/tracker-connections').send({ ...githubConnection(world.github.url), name: 'bil-github', market: 'bil' }).expect(201);
    await admin.post('/api/v1/tracker-connections').send({ ...jiraConnection(world.jira.url), name: 'a-torget-retired', market: 'torget', active: false }).expect(201);
  });
  after(() => world.close());

  /** A case in these markets, moved to `ready` so the page offers the tracker form. */
  async function readyCaseIn(markets: string[]): Promise<number> {
    const analyst = world.t.as('analyst');
    const created = await analyst
      .post('/api/v1/cases')
      .send({
        title: `Photos fail in ${markets.join(' and ') || 'every market'}`,
        topics: ['image-upload'],
        markets,
        currentState: 'About 30 % of inquiries are about image upload.',
        rootCauses: [{ text: 'Photos over 10 MB are refused without a message', category: 'technical' }],
        desiredState: 'Image upload is no longer a top reason to contact us.',
        target: { metric: 'share', max: 0.05 },
        ownerId: world.ownerId,
      })
      .expect(201);
    const id = created.body.id as number;
    await analyst.post(`/api/v1/cases/${id}/actions`).send({ title: 'Resize photos in the browser', ownerId: world.ownerId }).expect(201);
    await analyst.post(`/api/v1/cases/${id}/status`).send({ status: 'refining' }).expect(200);
    await analyst.post(`/api/v1/cases/${id}/status`).send({ status: 'ready' }).expect(200);
    return id;
  }

  const picker = async (caseId: number, query = '') => {
    const res = await ux.get(`/cases/${caseId}${query}`).expect(200);
    const $ = html(res.text);
    const options = $('#link-connection option');
    return {
      res,
      $,
      offered: options.map((_, o) => $(o).text()).get() as string[],
      selected: options.filter('[selected]').map((_, o) => $(o).text()).get() as string[],
    };
  };

  it("preselects the connection of the case's market and lists the other active ones after it", async () => {
    const torget = await picker(await readyCaseIn(['torget']));
    assert.deepEqual(torget.offered, ['torget-jira (jira)', 'ads (github)', 'bil-github (github)', 'plat (jira)']);
    assert.deepEqual(torget.selected, ['torget-jira (jira)']);
    assertAccessible(torget.res.text, 'case page with a preselected tracker');

    const bil = await picker(await readyCaseIn(['bil']));
    assert.deepEqual(bil.offered, ['bil-github (github)', 'ads (github)', 'plat (jira)', 'torget-jira (jira)']);
    assert.deepEqual(bil.selected, ['bil-github (github)']);
  });

  it('falls back to the first connection with no market when none serves the case\'s market', async () => {
    const everywhere = await picker(await readyCaseIn([]));
    assert.deepEqual(everywhere.selected, ['ads (github)']);
    assert.deepEqual(everywhere.offered, ['ads (github)', 'bil-github (github)', 'plat (jira)', 'torget-jira (jira)']);
  });

  it('never offers an inactive connection, and reads the same in Norwegian', async () => {
    const caseId = await readyCaseIn(['torget']);
    const nb = await picker(caseId, '?lang=nb');
    assert.ok(!nb.offered.some((o) => o.startsWith('a-torget-retired')));
    assert.deepEqual(nb.selected, ['torget-jira (jira)']);
    assert.equal(nb.$('label[for="link-connection"]').text(), 'Sporingsverktøy');
    assertAccessible(nb.res.text, 'case page with a preselected tracker, in Norwegian');
  });

  it('sends the preselected connection when the form is submitted as shown', async () => {
    const caseId = await readyCaseIn(['torget']);
    const { res, $ } = await picker(caseId);
    const chosen = $('#link-connection option[selected]').attr('value')!;
    await ux.post(`/cases/${caseId}/links`).type('form').send({ _csrf: csrfOf(res.text), connection: chosen, actionId: '' }).expect(303);
    assert.deepEqual((await links(world, caseId)).map((l) => l.syncState), ['pending']);
    const api = await world.t.as('leader').get(`/api/v1/cases/${caseId}/tracker-links`).expect(200);
    assert.equal(api.body.links[0].connection.name, 'torget-jira');
  });

  it('offers no picker to those who may not link, and refuses their post', async () => {
    const caseId = await readyCaseIn(['torget']);
    const page = await kari.get(`/cases/${caseId}`).expect(200);
    assert.equal(html(page.text)('#link-connection').length, 0);
    await kari.post(`/cases/${caseId}/links`).type('form').send({ _csrf: csrfOf(page.text), connection: '1' }).expect(403);
    assert.deepEqual(await links(world, caseId), []);
  });

  it('refuses a link sent without the CSRF token', async () => {
    const caseId = await readyCaseIn(['bil']);
    const { $ } = await picker(caseId);
    await ux.post(`/cases/${caseId}/links`).type('form').send({ connection: $('#link-connection option[selected]').attr('value')! }).expect(403);
    assert.deepEqual(await links(world, caseId), []);
  });
});
