import assert from 'node:assert/strict';
import { assertNoViolations, createSyncWorld, githubConnection, readyCase, type SyncWorld } from './syncSupport.ts';

/** The case's current ETag, for an edit. */
async function etagOfIn(world: SyncWorld, caseId: number): Promise<string> {
  return (await world.t.as('analyst').get(`/api/v1/cases/${caseId}`).expect(200)).headers.etag!;
}

describe('tracker API', function () {
  this.timeout(60_000);
  let world: SyncWorld;
  const etagOf = (caseId: number) => etagOfIn(world, caseId);
  before(async () => {
    world = await createSyncWorld();
  });
  after(async () => {
    assertNoViolations(world);
    await world.close();
  });

  describe('connections', () => {
    it('lists, reads and changes connections, admins only, with secrets only as variable names', async () => {
      await world.t.as('analyst').get('/api/v1/tracker-connections').expect(403);
      await world.t.as('agent').post('/api/v1/tracker-connections').send(githubConnection('http://127.0.0.1:1')).expect(403);
      const list = (await world.t.as('admin').get('/api/v1/tracker-connections').expect(200)).body.connections;
      assert.deepEqual(list.map((c: { name: string; kind: string }) => [c.name, c.kind]), [['ads', 'github'], ['plat', 'jira']]);
      assert.equal(list[0].config.auth.tokenEnv, 'PP_TEST_GITHUB_TOKEN');
      assert.doesNotMatch(JSON.stringify(list), /ghp_test|jira-token|secret/);

      const id = list[0].id;
      const changed = await world.t.as('admin').patch(`/api/v1/tracker-connections/${id}`).send({ labels: ['pinchpoint', 'cs'], market: 'torget', team: 'Ads' }).expect(200);
      assert.deepEqual(changed.body.config.labels, ['pinchpoint', 'cs']);
      assert.equal(changed.body.config.repo, 'ads', 'other settings are kept');
      assert.deepEqual([changed.body.market, changed.body.team], ['torget', 'Ads']);
      await world.t.as('admin').patch(`/api/v1/tracker-connections/${id}`).send({ kind: 'jira' }).expect(409);
      await world.t.as('admin').patch(`/api/v1/tracker-connections/${id}`).send({ name: 'plat' }).expect(409);
      await world.t.as('admin').patch(`/api/v1/tracker-connections/999`).send({ team: 'x' }).expect(404);
    });

    it('refuses bad connections, naming the field', async () => {
      const bad = async (body: object, pattern: RegExp, status = 422) => {
        const res = await world.t.as('admin').post('/api/v1/tracker-connections').send(body).expect(status);
        assert.match(res.body.error.message, pattern);
      };
      await bad({ ...githubConnection('http://127.0.0.1:1'), name: 'ads2', auth: { type: 'token', tokenEnv: 'ghp_literal-secret' } }, /auth\.tokenEnv: must be an environment variable name/);
      await bad({ ...githubConnection('http://127.0.0.1:1'), name: 'ads2', baseUrl: 'ftp://x' }, /baseUrl/);
      await bad({ kind: 'jira', name: 'j', baseUrl: 'https://x.atlassian.net', projectKey: 'plat', auth: { type: 'oauth', tokenEnv: 'T' } }, /projectKey: must be a Jira project key/);
      await bad({ kind: 'gitlab', name: 'x' }, /kind/);
      await bad({ ...githubConnection('http://127.0.0.1:1'), name: 'ads2', market: 'mars' }, /market: unknown market "mars"/);
      await bad(githubConnection('http://127.0.0.1:1'), /already exists/, 409);
    });

    it('tests a connection against the tracker and says what is missing', async () => {
      const list = (await world.t.as('admin').get('/api/v1/tracker-connections')).body.connections;
      const ok = await world.t.as('admin').post(`/api/v1/tracker-connections/${list[1].id}/test`).expect(200);
      assert.equal(ok.body.ready, true, JSON.stringify(ok.body));
      assert.deepEqual(ok.body.identity, { id: 'sync-account', name: 'Pinchpoint Sync' });
      const broken = await world.t.as('admin').post('/api/v1/tracker-connections').send({ ...githubConnection(world.github.url), name: 'no-token', auth: { type: 'token', tokenEnv: 'PP_TEST_UNSET_TOKEN' } }).expect(201);
      const test = await world.t.as('admin').post(`/api/v1/tracker-connections/${broken.body.id}/test`).expect(200);
      assert.equal(test.body.ready, false);
      assert.deepEqual(test.body.missing, ['tracker connection "no-token": environment variable PP_TEST_UNSET_TOKEN is not set']);
    });
  });

  describe('links', () => {
    it('refuses a case that is not ready yet, naming its status', async () => {
      const created = await world.t.as('analyst').post('/api/v1/cases').send({ title: 'Too early', topics: ['login'] }).expect(201);
      const res = await world.t.as('analyst').post(`/api/v1/cases/${created.body.id}/tracker-links`).send({ connection: 'ads' }).expect(409);
      assert.match(res.body.error.message, /PP-\d+ is new: a case goes to a tracker once it is ready/);
    });

    it('refuses bad input, unknown connections and actions, a wrong provider, and a second open link', async () => {
      const { caseId, actionId } = await readyCase(world, 'Link rules');
      const post = (body: object) => world.t.as('analyst').post(`/api/v1/cases/${caseId}/tracker-links`).send(body);
      assert.match((await post({ connection: '' }).expect(422)).body.error.message, /connection/);
      assert.match((await post({ connection: 'ads', extra: 1 }).expect(422)).body.error.message, /extra/);
      assert.match((await post({ connection: 'nope' }).expect(422)).body.error.message, /no tracker connection "nope"/);
      assert.match((await post({ connection: 'ads', provider: 'jira' }).expect(422)).body.error.message, /"ads" is github, not jira/);
      assert.match((await post({ connection: 'ads', actionId: 999_999 }).expect(422)).body.error.message, /has no action 999999/);
      await world.t.as('agent').post(`/api/v1/cases/${caseId}/tracker-links`).send({ connection: 'ads' }).expect(403);
      await world.t.as('analyst').post(`/api/v1/cases/999999/tracker-links`).send({ connection: 'ads' }).expect(404);

      const first = await post({ connection: 'ads' }).expect(201);
      const second = await post({ connection: 'ads' }).expect(409);
      assert.match(second.body.error.message, new RegExp(`already has an open link to "ads" \\(link ${first.body.id}\\)`));
      await post({ connection: 'ads', actionId }).expect(201);
      await post({ connection: 'plat' }).expect(201);
      const shown = (await world.t.as('agent').get(`/api/v1/cases/${caseId}/tracker-links`).expect(200)).body.links;
      assert.equal(shown.length, 3);
      assert.deepEqual(Object.keys(shown[0]).sort(), ['actionId', 'caseId', 'connection', 'createdAt', 'createdBy', 'id', 'lastError', 'lastSyncedAt', 'pendingWrites', 'remoteKey', 'remoteState', 'remoteStatus', 'resolvedAt', 'syncState', 'url']);
      const history = (await world.t.as('leader').get(`/api/v1/cases/${caseId}/history`)).body.history;
      assert.equal(history.filter((e: { field: string }) => e.field === 'tracker.linked').length, 3);
    });

    it("goes, when no connection is named, to the one placed in the case's market, else to one for every market", async () => {
      type Connection = { id: number; name: string; market: string | null; active: boolean };
      const all = (await world.t.as('admin').get('/api/v1/tracker-connections').expect(200)).body.connections as Connection[];
      // The connection without a token would be first by name; an inactive one is never picked.
      await world.t.as('admin').delete(`/api/v1/tracker-connections/${all.find((c) => c.name === 'no-token')!.id}`).expect(200);
      const plat = all.find((c) => c.name === 'plat')!;
      const active = (await world.t.as('admin').get('/api/v1/tracker-connections').expect(200)).body.connections.filter((c: Connection) => c.active);
      assert.deepEqual(active.map((c: Connection) => [c.name, c.market]), [['ads', 'torget'], ['plat', null]]);
      const inTorget = await readyCase(world, 'Picked by market');
      const picked = await world.t.as('analyst').post(`/api/v1/cases/${inTorget.caseId}/tracker-links`).send({}).expect(201);
      assert.equal(picked.body.connection.name, 'ads');

      const inBil = await readyCase(world, 'Picked for every market');
      await world.t.as('analyst').patch(`/api/v1/cases/${inBil.caseId}`).set('If-Match', await etagOf(inBil.caseId)).send({ markets: ['bil'] }).expect(200);
      const fallback = await world.t.as('analyst').post(`/api/v1/cases/${inBil.caseId}/tracker-links`).send({ actionId: inBil.actionId }).expect(201);
      assert.deepEqual([fallback.body.connection.name, fallback.body.actionId], ['plat', inBil.actionId]);

      // With plat placed in torget too, nothing serves bil: the refusal says so and stores nothing.
      await world.t.as('admin').patch(`/api/v1/tracker-connections/${plat.id}`).send({ market: 'torget' }).expect(200);
      try {
        const refused = await world.t.as('analyst').post(`/api/v1/cases/${inBil.caseId}/tracker-links`).send({}).expect(422);
        assert.equal(refused.body.error.message, 'connection: no active tracker connection serves the case\'s market (bil); name one with "connection"');
        const links = (await world.t.as('analyst').get(`/api/v1/cases/${inBil.caseId}/tracker-links`).expect(200)).body.links;
        assert.equal(links.length, 1, 'only the action\'s link');
      } finally {
        await world.t.as('admin').patch(`/api/v1/tracker-connections/${plat.id}`).send({ market: null }).expect(200);
      }
    });
  });
});
