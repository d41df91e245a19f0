import assert from 'node:assert/strict';
import { backoffMs, retryDelayMs } from '../../src/trackers/outbox.ts';
import { TrackerError } from '../../src/trackers/errors.ts';
import { advance, assertNoViolations, createSyncWorld, drain, links, readyCase, type SyncWorld } from './syncSupport.ts';

describe('tracker outbox', function () {
  // Octokit's throttling spaces writes to GitHub a second apart.
  this.timeout(60_000);
  let world: SyncWorld;
  beforeEach(async () => {
    world = await createSyncWorld();
  });
  afterEach(async () => {
    assertNoViolations(world);
    await world.close();
  });

  const issuesOnGithub = () => [...world.github.issues.values()];

  it('creates the issue once, with the rendered body, and shows the link as synced', async () => {
    const { caseId } = await readyCase(world);
    const posted = await world.t.as('analyst').post(`/api/v1/cases/${caseId}/tracker-links`).send({ connection: 'ads', provider: 'github' }).expect(201);
    assert.equal(posted.body.syncState, 'pending');
    assert.equal(posted.body.remoteKey, null);
    assert.equal(issuesOnGithub().length, 0, 'nothing is sent inside the request');

    assert.deepEqual(await drain(world), { written: 1, retrying: 0, failed: 0 });
    assert.deepEqual(await drain(world), { written: 0, retrying: 0, failed: 0 });
    const [issue] = issuesOnGithub();
    assert.equal(issuesOnGithub().length, 1);
    assert.equal(issue!.title, `PP-${caseId}: Image upload fails on large photos`);
    assert.match(issue!.body ?? '', /## Current state\n\nAbout 30 % of inquiries are about image upload\\\./);
    assert.match(issue!.body ?? '', /1\. Photos over 10 MB are refused without a message \(technical\)/);
    assert.match(issue!.body ?? '', /\*\*Target:\*\* at most 5 % of all inquiries/);
    assert.match(issue!.body ?? '', new RegExp(`\\[Case PP\\\\-${caseId}\\]\\(https://pinchpoint.example/cases/${caseId}\\)`));
    assert.match(issue!.body ?? '', /<!-- pinchpoint-link-\d+ -->\n$/, 'a hidden marker ties the issue to its link');
    assert.deepEqual(issue!.labels, [{ name: 'pinchpoint' }]);

    const [link] = await links(world, caseId);
    assert.equal(link!.remoteKey, String(issue!.number));
    assert.equal(link!.url, issue!.html_url);
    assert.equal(link!.syncState, 'synced');
    assert.equal(link!.remoteState, 'open');
    assert.equal(link!.pendingWrites, 0);
  });

  it('turns several case edits into one update of the issue, and none when nothing shown changed', async () => {
    const { caseId, actionId } = await readyCase(world);
    await world.t.as('analyst').post(`/api/v1/cases/${caseId}/tracker-links`).send({ connection: 'plat', actionId }).expect(201);
    await drain(world);
    const issue = [...world.jira.issues.values()][0]!;
    assert.equal(issue.summary, `PP-${caseId}: Resize photos in the browser`);

    let version = (await world.t.as('analyst').get(`/api/v1/cases/${caseId}`)).body.version as number;
    for (const currentState of ['First rewrite.', 'Second rewrite: 31 % now.']) {
      const res = await world.t.as('analyst').patch(`/api/v1/cases/${caseId}`).set('If-Match', `"${version}"`).send({ currentState }).expect(200);
      version = res.body.version;
    }
    await world.t.as('analyst').patch(`/api/v1/cases/${caseId}`).set('If-Match', `"${version}"`).send({ decision: 'now' }).expect(200);
    assert.equal((await links(world, caseId))[0]!.pendingWrites, 1, 'two edits, one pending update; a field the issue does not show adds none');

    world.jira.requests.length = 0;
    assert.deepEqual(await drain(world), { written: 1, retrying: 0, failed: 0 });
    const edits = world.jira.requests.filter((r) => r.method === 'PUT');
    assert.equal(edits.length, 1);
    assert.match(JSON.stringify(issue.description), /Second rewrite: 31 % now\./);
    assert.doesNotMatch(JSON.stringify(issue.description), /First rewrite/);

    // An edit that leaves the issue's text as it is costs no request.
    const action = (await world.t.as('analyst').get(`/api/v1/cases/${caseId}/actions`)).body.actions[0];
    await world.t.as('analyst').patch(`/api/v1/cases/${caseId}/actions/${actionId}`).set('If-Match', `"${action.version}"`).send({ dueDate: null }).expect(200);
    world.jira.requests.length = 0;
    await drain(world);
    assert.equal(world.jira.requests.length, 0);
  });

  it('writes a change made while an update is in flight as well', async () => {
    const { caseId } = await readyCase(world);
    await world.t.as('analyst').post(`/api/v1/cases/${caseId}/tracker-links`).send({ connection: 'plat' }).expect(201);
    await drain(world);
    const patch = async (currentState: string) => {
      const version = (await world.t.as('analyst').get(`/api/v1/cases/${caseId}`)).body.version;
      await world.t.as('analyst').patch(`/api/v1/cases/${caseId}`).set('If-Match', `"${version}"`).send({ currentState }).expect(200);
    };
    await patch('Edit one.');
    world.jira.requests.length = 0;
    // A person edits after Jira took "Edit one." and before the outbox recorded it.
    let edits = 0;
    const run = await drain(world, { afterWrite: () => (edits++ === 0 ? patch('Edit two.') : undefined) });
    assert.deepEqual(run, { written: 2, retrying: 0, failed: 0 }, 'the stale write is not marked done; the newer edit goes out too');
    assert.equal(world.jira.requests.filter((r) => r.method === 'PUT').length, 2);
    assert.equal((await links(world, caseId))[0]!.pendingWrites, 0);
    const issue = [...world.jira.issues.values()][0]!;
    assert.match(JSON.stringify(issue.description), /Edit two\./);
    assert.equal((await links(world, caseId))[0]!.pendingWrites, 0);
  });

  it('rides out 500, 502, 429 with Retry-After and a hang, and creates exactly one issue', async () => {
    const { caseId } = await readyCase(world);
    await world.t.as('analyst').post(`/api/v1/cases/${caseId}/tracker-links`).send({ connection: 'ads' }).expect(201);

    world.github.failNext({ status: 502 });
    assert.deepEqual(await drain(world), { written: 0, retrying: 1, failed: 0 });
    let [link] = await links(world, caseId);
    assert.equal(link!.syncState, 'pending');
    assert.match(link!.lastError ?? '', /HTTP 502/);
    assert.deepEqual(await drain(world), { written: 0, retrying: 0, failed: 0 }, 'not due before its backoff');

    advance(world, backoffMs(1));
    // From the second attempt on, the adapter first looks for an issue the first one may have
    // made; that read is retried inside the call, so it takes three failures to fail.
    world.github.failNext({ status: 500 }, 3);
    assert.deepEqual(await drain(world), { written: 0, retrying: 1, failed: 0 });

    advance(world, backoffMs(2));
    world.github.failNext({ status: 429, headers: { 'retry-after': '120' }, body: { message: 'You have exceeded a secondary rate limit.' } });
    assert.deepEqual(await drain(world), { written: 0, retrying: 1, failed: 0 });
    advance(world, 119_000);
    assert.deepEqual(await drain(world), { written: 0, retrying: 0, failed: 0 }, 'Retry-After is honoured');

    advance(world, 1_000);
    for (let i = 0; i < 3; i++) world.github.hangNext();
    assert.deepEqual(await drain(world), { written: 0, retrying: 1, failed: 0 });
    assert.match((await links(world, caseId))[0]!.lastError ?? '', /no answer|aborted|timed out/i);

    advance(world, backoffMs(4));
    assert.deepEqual(await drain(world), { written: 1, retrying: 0, failed: 0 });
    assert.equal([...world.github.issues.values()].length, 1, 'exactly one issue after recovery');
    [link] = await links(world, caseId);
    assert.equal(link!.syncState, 'synced');
    assert.equal(link!.lastError, null);
  });

  it('loses nothing and makes no duplicate when the process dies between the tracker write and its record', async () => {
    const { caseId } = await readyCase(world);
    await world.t.as('analyst').post(`/api/v1/cases/${caseId}/tracker-links`).send({ connection: 'plat' }).expect(201);
    await assert.rejects(
      drain(world, {
        afterWrite: () => {
          throw new Error('killed');
        },
      }),
      /killed/,
    );
    assert.equal(world.jira.issues.size, 1, 'the issue reached Jira');
    assert.equal((await links(world, caseId))[0]!.remoteKey, null, 'but its key was never recorded');
    assert.deepEqual(await drain(world), { written: 0, retrying: 0, failed: 0 }, 'leased, not yet due again');

    advance(world, 6 * 60_000);
    assert.deepEqual(await drain(world), { written: 1, retrying: 0, failed: 0 });
    assert.equal(world.jira.issues.size, 1, 'found by its marker, not created again');
    const [link] = await links(world, caseId);
    assert.equal(link!.remoteKey, [...world.jira.issues.keys()][0]);
    assert.equal(link!.syncState, 'synced');
  });

  it('finds a GitHub issue by its marker after a lost answer, too', async () => {
    const { caseId } = await readyCase(world);
    await world.t.as('analyst').post(`/api/v1/cases/${caseId}/tracker-links`).send({ connection: 'ads' }).expect(201);
    await assert.rejects(drain(world, { afterWrite: () => { throw new Error('killed'); } }), /killed/);
    advance(world, 6 * 60_000);
    await drain(world);
    assert.equal(world.github.issues.size, 1);
    assert.equal((await links(world, caseId))[0]!.remoteKey, '1');
  });

  it('marks the link error with the reason on refused credentials, and retries it from the API', async () => {
    const { caseId } = await readyCase(world);
    const link = (await world.t.as('analyst').post(`/api/v1/cases/${caseId}/tracker-links`).send({ connection: 'ads' }).expect(201)).body;
    world.github.failNext({ status: 401, body: { message: 'Bad credentials' } });
    assert.deepEqual(await drain(world), { written: 0, retrying: 0, failed: 1 });
    let [shown] = await links(world, caseId);
    assert.equal(shown!.syncState, 'error');
    assert.match(shown!.lastError ?? '', /github ads: create issue failed: HTTP 401/);
    advance(world, 24 * 3_600_000);
    assert.deepEqual(await drain(world), { written: 0, retrying: 0, failed: 0 }, 'an error waits for a person');

    await world.t.as('agent').post(`/api/v1/cases/${caseId}/tracker-links/${link.id}/retry`).expect(403);
    await world.t.as('analyst').post(`/api/v1/cases/${caseId}/tracker-links/999/retry`).expect(404);
    const retried = await world.t.as('analyst').post(`/api/v1/cases/${caseId}/tracker-links/${link.id}/retry`).expect(200);
    assert.equal(retried.body.syncState, 'pending');
    assert.deepEqual(await drain(world), { written: 1, retrying: 0, failed: 0 });
    [shown] = await links(world, caseId);
    assert.equal(shown!.syncState, 'synced');
    assert.equal(world.github.issues.size, 1);
  });

  it('gives up after TRACKER_MAX_ATTEMPTS, naming the reason', async () => {
    await world.close();
    world = await createSyncWorld({ TRACKER_MAX_ATTEMPTS: '2' });
    const { caseId } = await readyCase(world);
    await world.t.as('analyst').post(`/api/v1/cases/${caseId}/tracker-links`).send({ connection: 'plat' }).expect(201);
    world.jira.failNext({ status: 503 }, 2);
    assert.deepEqual(await drain(world), { written: 0, retrying: 1, failed: 0 });
    advance(world, backoffMs(1));
    assert.deepEqual(await drain(world), { written: 0, retrying: 0, failed: 1 });
    const [link] = await links(world, caseId);
    assert.equal(link!.syncState, 'error');
    assert.match(link!.lastError ?? '', /HTTP 503.*gave up after 2 attempts/);
  });

  it('marks the link error at once when the connection cannot be built', async () => {
    const { caseId } = await readyCase(world);
    await world.t.as('analyst').post(`/api/v1/cases/${caseId}/tracker-links`).send({ connection: 'ads' }).expect(201);
    const saved = process.env.PP_TEST_GITHUB_TOKEN;
    delete process.env.PP_TEST_GITHUB_TOKEN;
    try {
      assert.deepEqual(await drain(world), { written: 0, retrying: 0, failed: 1 });
    } finally {
      process.env.PP_TEST_GITHUB_TOKEN = saved;
    }
    const [link] = await links(world, caseId);
    assert.equal(link!.syncState, 'error');
    assert.match(link!.lastError ?? '', /environment variable PP_TEST_GITHUB_TOKEN is not set/);
  });
});

describe('tracker retry timing', () => {
  it('backs off exponentially to an hour, and clips a tracker\'s wait to between 1 s and 1 h', () => {
    assert.deepEqual([1, 2, 3, 4].map(backoffMs), [30_000, 60_000, 120_000, 240_000]);
    assert.equal(backoffMs(20), 3_600_000);
    const limited = (retryAfterMs: number | null) => new TrackerError({ kind: 'rate_limited', message: 'x', retryAfterMs });
    assert.equal(retryDelayMs(limited(0), 1), 1_000);
    assert.equal(retryDelayMs(limited(120_000), 1), 120_000);
    assert.equal(retryDelayMs(limited(86_400_000), 1), 3_600_000);
    assert.equal(retryDelayMs(limited(null), 3), 120_000);
  });
});
