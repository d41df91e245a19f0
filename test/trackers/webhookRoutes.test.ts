import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createHmac, randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { reconcileTrackers } from '../../src/trackers/reconcile.ts';
import { advance, assertNoViolations, createSyncWorld, drain, links, readyCase, SECRETS, type SyncWorld } from './syncSupport.ts';

type Example = { action: string; issue: Record<string, unknown>; repository: Record<string, unknown> & { owner: Record<string, unknown> }; sender: Record<string, unknown>; comment?: Record<string, unknown> };
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as Array<{ name: string; examples: Example[] }>;

/** GitHub's own example payload for an event and action, pointed at our repository and issue. */
function githubExample(event: string, action: string, issueNumber: number, change: Partial<Record<string, unknown>> = {}): Example {
  const example = structuredClone(examples.find((e) => e.name === event)!.examples.find((e) => e.action === action)!);
  example.repository.name = 'ads';
  example.repository.full_name = 'finn/ads';
  example.repository.owner.login = 'finn';
  Object.assign(example.issue, { number: issueNumber, pull_request: undefined }, change);
  return example;
}

function signGithub(payload: object, event: string, secret = SECRETS.PP_TEST_GITHUB_HOOK, delivery: string = randomUUID()) {
  const body = JSON.stringify(payload);
  return { body, headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': delivery, 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` } };
}

describe('tracker webhooks and reconcile', function () {
  this.timeout(60_000);
  let world: SyncWorld;
  beforeEach(async () => {
    world = await createSyncWorld();
  });
  afterEach(async () => {
    assertNoViolations(world);
    await world.close();
  });

  async function linked(connection: 'ads' | 'plat', withAction = true) {
    const { caseId, actionId } = await readyCase(world);
    await world.t.as('analyst').post(`/api/v1/cases/${caseId}/tracker-links`).send({ connection, ...(withAction ? { actionId } : {}) }).expect(201);
    await drain(world);
    const [link] = await links(world, caseId);
    return { caseId, actionId, key: link!.remoteKey! };
  }

  const post = (provider: string, signed: { body: string; headers: Record<string, string> }) =>
    supertest(world.t.app).post(`/webhooks/${provider}`).set(signed.headers).send(signed.body);

  async function caseState(caseId: number) {
    const view = (await world.t.as('leader').get(`/api/v1/cases/${caseId}`)).body;
    return { status: view.status as string, action: view.actions[0].status as string };
  }
  const history = async (caseId: number) => (await world.t.as('leader').get(`/api/v1/cases/${caseId}/history`)).body.history as Array<{ actor: string; field: string; before: unknown; after: unknown }>;

  it('closes the action and ships the fix when GitHub says the issue was completed, then takes both back on reopen', async () => {
    const { caseId, key } = await linked('ads');
    await world.t.as('analyst').post(`/api/v1/cases/${caseId}/status`).send({ status: 'in_progress' }).expect(200);
    const closedAt = '2026-01-05T08:30:00Z';
    const closed = githubExample('issues', 'reopened', Number(key), { state: 'closed', state_reason: 'completed', closed_at: closedAt });
    closed.action = 'closed';
    const res = await post('github', signGithub(closed, 'issues')).expect(200);
    assert.equal(res.body.outcome, 'applied');
    assert.deepEqual(await caseState(caseId), { status: 'fix_shipped', action: 'done' });
    const entries = await history(caseId);
    const actor = `github:ads (${String(closed.sender.login)})`;
    assert.ok(entries.some((e) => e.actor === actor && e.field === 'action.status' && e.after === 'done'), 'the action change names the tracker');
    assert.ok(entries.some((e) => e.actor === actor && e.field === 'status' && e.after === 'fix_shipped'));
    assert.ok(entries.some((e) => e.field === 'shippedAt' && e.after === '2026-01-05T08:30:00.000Z'), 'shipped at the issue resolution time');
    const [link] = await links(world, caseId);
    assert.deepEqual([link!.remoteState, link!.remoteStatus], ['done', 'closed (completed)']);

    const reopened = githubExample('issues', 'reopened', Number(key));
    await post('github', signGithub(reopened, 'issues')).expect(200);
    assert.deepEqual(await caseState(caseId), { status: 'in_progress', action: 'doing' });
  });

  it('applies a Jira status change signed with the secret, with Jira as actor', async () => {
    const { caseId, key } = await linked('plat');
    world.jira.setNow(new Date('2026-01-05T08:45:00Z'));
    const payload = world.jira.transition(key, { name: 'Done', category: 'done' });
    const signed = world.jira.signedDelivery(payload, SECRETS.PP_TEST_JIRA_HOOK);
    await post('jira', { body: signed.rawBody.toString(), headers: signed.headers }).expect(200);
    // A ready case goes through in_progress on its way to fix_shipped.
    assert.deepEqual(await caseState(caseId), { status: 'fix_shipped', action: 'done' });
    const entries = await history(caseId);
    assert.ok(entries.some((e) => e.actor === 'jira:plat (Dev Eloper)' && e.field === 'tracker.status'));
  });

  it('refuses forged, unsigned and truncated deliveries, storing nothing; a replay does nothing twice', async () => {
    const { caseId, key } = await linked('ads');
    const closed = githubExample('issues', 'reopened', Number(key), { state: 'closed', state_reason: 'completed', closed_at: '2026-01-05T08:30:00Z' });
    closed.action = 'closed';
    const good = signGithub(closed, 'issues');
    const forged = signGithub(closed, 'issues', 'guessed-secret');
    await post('github', forged).expect(401);
    const { 'x-hub-signature-256': _signature, ...unsigned } = good.headers;
    await post('github', { body: good.body, headers: unsigned }).expect(401);
    await post('github', { body: good.body.slice(0, -10), headers: good.headers }).expect(401);
    assert.deepEqual(await caseState(caseId), { status: 'ready', action: 'todo' }, 'nothing applied');
    const stored = await world.t.db.pool.query('SELECT count(*)::int AS n FROM tracker_webhook_deliveries');
    assert.equal(stored.rows[0].n, 0, 'nothing stored for a bad signature');

    const previous = signGithub(closed, 'issues', SECRETS.PP_TEST_GITHUB_HOOK_OLD, 'delivery-1');
    assert.equal((await post('github', previous).expect(200)).body.outcome, 'applied', 'the previous secret still works during a rotation');
    const before = (await history(caseId)).length;
    await post('github', { ...previous, headers: { ...previous.headers } }).expect(200).expect((res) => assert.equal(res.body.outcome, 'duplicate'));
    assert.equal((await history(caseId)).length, before, 'a replay changes nothing');
    await supertest(world.t.app).post('/webhooks/gitlab').send('{}').expect(404);
  });

  it('ignores unknown issues, other events and echoes of our own writes', async () => {
    const { caseId, key } = await linked('ads');
    const unknown = githubExample('issues', 'reopened', 4242);
    const res = await post('github', signGithub(unknown, 'issues')).expect(202);
    assert.equal(res.body.outcome, 'unknown_issue');
    assert.equal((await post('github', signGithub(githubExample('issues', 'labeled', Number(key)), 'issues')).expect(202)).body.outcome, 'ignored');

    const ours = githubExample('issues', 'reopened', Number(key), { state: 'closed', state_reason: 'completed', closed_at: '2026-01-05T08:30:00Z' });
    ours.action = 'closed';
    ours.sender.login = 'pinchpoint-sync';
    assert.equal((await post('github', signGithub(ours, 'issues')).expect(202)).body.outcome, 'echo');
    assert.deepEqual(await caseState(caseId), { status: 'ready', action: 'todo' });

    // Our own comment comes back from GitHub as a webhook; its text hashes to what we wrote.
    const comment = githubExample('issue_comment', 'created', Number(key));
    const sent = [...world.github.issues.values()][0]!.body!;
    await world.t.db.pool.query(`UPDATE tracker_links SET last_write_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, ['Our note']);
    Object.assign(comment.comment!, { body: 'Our note' });
    assert.equal((await post('github', signGithub(comment, 'issue_comment')).expect(202)).body.outcome, 'echo');
    Object.assign(comment.comment!, { body: 'A developer asks a question' });
    assert.equal((await post('github', signGithub(comment, 'issue_comment')).expect(200)).body.outcome, 'applied');
    assert.ok((await history(caseId)).some((e) => e.field === 'tracker.comment'));
    assert.ok(sent.length > 0);
  });

  it('reconcile catches a change made on the tracker without a webhook, once', async () => {
    const jiraCase = await linked('plat');
    const githubCase = await linked('ads', false);
    await world.t.as('analyst').post(`/api/v1/cases/${githubCase.caseId}/status`).send({ status: 'in_progress' }).expect(200);
    advance(world, 10 * 60_000);
    world.jira.setNow(world.t.ctx.now());
    world.github.setNow(world.t.ctx.now());
    world.jira.transition(jiraCase.key, { name: 'Done', category: 'done' });
    world.github.setState(githubCase.key, { action: 'closed', reason: 'completed' });

    advance(world, 60_000);
    const run = await reconcileTrackers(world.t.ctx, world.t.ctx.now());
    assert.deepEqual({ changed: run.changed, failed: run.failed }, { changed: 2, failed: [] });
    assert.deepEqual(await caseState(jiraCase.caseId), { status: 'fix_shipped', action: 'done' });
    assert.equal((await caseState(githubCase.caseId)).status, 'fix_shipped');
    const entries = await history(githubCase.caseId);
    assert.ok(entries.some((e) => e.actor === 'github:ads (reconcile)' && e.field === 'tracker.status'));

    advance(world, 15 * 60_000);
    const again = await reconcileTrackers(world.t.ctx, world.t.ctx.now());
    assert.equal(again.changed, 0, 'nothing changes twice');
    const cursor = await world.t.db.pool.query(`SELECT name, reconciled_until FROM tracker_connections ORDER BY name`);
    assert.ok(cursor.rows.every((row) => row.reconciled_until !== null), 'each connection keeps its cursor');
  });
});
