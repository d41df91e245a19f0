import assert from 'node:assert/strict';
import { createTracker } from '../../src/trackers/createTracker.ts';
import { TrackerConfigError, TrackerError } from '../../src/trackers/errors.ts';
import type { Tracker } from '../../src/trackers/tracker.ts';
import { generateKeyPairSync } from 'node:crypto';
import { startFakeGithub, type FakeGithub } from '../support/fakeGithub.ts';

const env = { GITHUB_TOKEN_ADS: 'ghp_test' };
const clock = () => new Date('2026-01-05T09:00:00Z');

function githubConnection(baseUrl: string) {
  return {
    kind: 'github' as const,
    name: 'ads',
    baseUrl,
    owner: 'finn',
    repo: 'ads',
    labels: ['pinchpoint', 'customer service'],
    assignees: { 'kari@example.com': 'kari-n' },
    auth: { type: 'token' as const, tokenEnv: 'GITHUB_TOKEN_ADS' },
  };
}

async function rejection(promise: Promise<unknown>): Promise<TrackerError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TrackerError, `expected a TrackerError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('GitHub tracker adapter (against a fake GitHub)', function () {
  // Octokit's throttling spaces writes a second apart, as GitHub asks of integrations.
  this.timeout(30_000);
  let fake: FakeGithub;
  let github: Tracker;
  before(async () => {
    fake = await startFakeGithub();
    github = createTracker(githubConnection(fake.url), { env, now: clock, timeoutMs: 500, pageSize: 3, retryBaseMs: 10 });
  });
  afterEach(() => assert.deepEqual(fake.violations.splice(0), [], 'every request matched the GitHub REST reference'));
  after(() => fake.close());

  it('creates, updates, comments and reads an issue with the connection labels and assignee', async () => {
    const created = await github.createIssue({ title: 'PP-7: Image upload fails', body: '## Current state\n\nText', labels: ['upload'], assigneeEmail: 'kari@example.com' });
    assert.match(created.key, /^\d+$/);
    const stored = fake.issue(created.key);
    assert.equal(created.url, stored.html_url);
    assert.equal(stored.title, 'PP-7: Image upload fails');
    assert.equal(stored.body, '## Current state\n\nText');
    assert.deepEqual(stored.labels, [{ name: 'pinchpoint' }, { name: 'customer service' }, { name: 'upload' }]);
    assert.deepEqual(stored.assignees?.map((user) => user.login), ['kari-n']);
    assert.equal(fake.requests[0]!.headers.authorization, 'token ghp_test');

    await github.updateIssue(created.key, { title: 'PP-7: Image upload fails on big photos', body: 'New body', labels: ['ux'] });
    assert.equal(stored.title, 'PP-7: Image upload fails on big photos');
    assert.equal(stored.body, 'New body');
    assert.ok(stored.labels.some((label) => typeof label !== 'string' && label.name === 'ux'));
    assert.ok(stored.labels.some((label) => typeof label !== 'string' && label.name === 'upload'), 'labels are added, not replaced');

    const comment = await github.addComment(created.key, '**Follow-up:** −87 %');
    assert.equal(fake.comments.at(-1)!.body, '**Follow-up:** −87 %');
    assert.match(comment.url ?? '', /#issuecomment-\d+$/);

    assert.deepEqual(await summary(github, created.key), { state: 'open', statusName: 'open', resolvedAt: null });

    fake.setNow(new Date('2026-01-20T14:30:00Z'));
    fake.setState(created.key, { action: 'closed', reason: 'completed' });
    assert.deepEqual(await summary(github, created.key), { state: 'done', statusName: 'closed (completed)', resolvedAt: '2026-01-20T14:30:00.000Z' });

    fake.setState(created.key, { action: 'reopened' });
    fake.setState(created.key, { action: 'closed', reason: 'not_planned' });
    assert.deepEqual(await summary(github, created.key), { state: 'closed_not_done', statusName: 'closed (not planned)', resolvedAt: '2026-01-20T14:30:00.000Z' });
  });

  it('lists issues updated since a time across pages, without pull requests', async () => {
    const since = new Date('2026-02-01T10:00:00Z');
    fake.seedIssue({ title: 'too old', updated: new Date('2026-02-01T09:59:59Z') });
    const recent = [1, 2, 3, 4, 5, 6, 7].map((i) => fake.seedIssue({ title: `recent ${i}`, updated: new Date(Date.UTC(2026, 1, 1, 10, i)), pullRequest: i === 4 }));
    fake.requests.length = 0;
    const seen: string[] = [];
    for await (const issue of github.listIssuesUpdatedSince({ since, asOf: new Date('2026-02-01T12:00:00Z') })) seen.push(issue.key);
    assert.deepEqual(seen, recent.filter((issue) => !issue.pull_request).map((issue) => String(issue.number)));
    const lists = fake.requests.filter((r) => r.method === 'GET');
    assert.equal(lists.length, 3, 'three pages of three');
    assert.deepEqual(Object.fromEntries(lists[0]!.query), { since: '2026-02-01T10:00:00.000Z', state: 'all', sort: 'updated', direction: 'asc', per_page: '3' });
  });

  it('maps failures to TrackerError kinds, naming tracker and operation', async () => {
    const key = (await github.createIssue({ title: 'errors', body: 'x' })).key;

    fake.failNext({ status: 429, headers: { 'retry-after': '3' }, body: { message: 'You have exceeded a secondary rate limit.' } });
    const secondary = await rejection(github.readIssue(key));
    assert.equal(secondary.kind, 'rate_limited');
    assert.equal(secondary.retryAfterMs, 3000);
    assert.match(secondary.message, new RegExp(`^github ads: read issue ${key} failed: HTTP 429`));

    const reset = Math.floor(clock().getTime() / 1000) + 42;
    fake.failNext({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }, body: { message: 'API rate limit exceeded for user ID 1.' } });
    const primary = await rejection(github.readIssue(key));
    assert.equal(primary.kind, 'rate_limited');
    assert.equal(primary.retryAfterMs, 42_000);

    fake.failNext({ status: 403, body: { message: 'Resource not accessible by personal access token' } });
    assert.equal((await rejection(github.addComment(key, 'x'))).kind, 'auth');

    fake.failNext({ status: 401, body: { message: 'Bad credentials' } });
    assert.equal((await rejection(github.readIssue(key))).kind, 'auth');

    assert.equal((await rejection(github.readIssue('99999'))).kind, 'not_found');
    assert.equal((await rejection(github.readIssue('PLAT-1'))).kind, 'invalid');

    fake.failNext({ status: 500 }, 3);
    fake.requests.length = 0;
    const down = await rejection(github.readIssue(key));
    assert.equal(down.kind, 'unavailable');
    assert.equal(fake.requests.length, 3, 'the retry plugin tried twice more before giving up');

    fake.failNext({ status: 502 });
    assert.equal((await github.readIssue(key)).key, key, 'one 502 is retried inside the call');

    fake.hangNext();
    fake.hangNext();
    fake.hangNext();
    assert.equal((await rejection(github.readIssue(key))).kind, 'unavailable');
  });

  it('refuses to start without the token variable, naming it', () => {
    assert.throws(
      () => createTracker(githubConnection('http://127.0.0.1:1'), { env: {} }),
      (error: unknown) => error instanceof TrackerConfigError && /GITHUB_TOKEN_ADS/.test(error.message),
    );
  });

  it('refuses an App key that is not a PEM private key, naming the variable', () => {
    const app = { ...githubConnection('http://127.0.0.1:1'), auth: { type: 'app' as const, appId: 1, privateKeyEnv: 'GH_APP_KEY', installationId: 2 } };
    assert.throws(() => createTracker(app, { env: { GH_APP_KEY: 'not a key' } }), (error: unknown) => error instanceof TrackerConfigError && /GH_APP_KEY does not hold a PEM private key/.test(error.message));
  });
});

async function summary(tracker: Tracker, key: string) {
  const issue = await tracker.readIssue(key);
  return { state: issue.state, statusName: issue.statusName, resolvedAt: issue.resolvedAt?.toISOString() ?? null };
}

describe('GitHub App installation auth (against a fake GitHub)', function () {
  this.timeout(30_000);
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  let fake: FakeGithub;
  before(async () => {
    fake = await startFakeGithub({ owner: 'finn', repo: 'ads', token: 'ghp_unused', login: 'pinchpoint[bot]', app: { appId: 4711, installationId: 42, publicKey: keys.publicKey } });
  });
  afterEach(() => assert.deepEqual(fake.violations.splice(0), []));
  after(() => fake.close());

  const appConnection = (installationId = 42) => ({
    ...githubConnection(fake.url),
    auth: { type: 'app' as const, appId: 4711, privateKeyEnv: 'GH_APP_KEY', installationId },
  });

  it('mints an installation token with a JWT signed by the app key and files issues with it', async () => {
    // Operators often keep a PEM in one line with \n escapes; both forms work.
    const github = createTracker(appConnection(), { env: { GH_APP_KEY: keys.privateKey.replace(/\n/g, '\\n') }, timeoutMs: 2000 });
    const created = await github.createIssue({ title: 'PP-1: via the app', body: 'Body' });
    const mint = fake.requests.find((r) => r.path === '/app/installations/42/access_tokens');
    assert.ok(mint, 'an installation token was requested');
    assert.match(String(mint.headers.authorization), /^bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const write = fake.requests.find((r) => r.method === 'POST' && r.path === '/repos/finn/ads/issues')!;
    assert.match(String(write.headers.authorization), /^token ghs_/);
    assert.equal(fake.issue(created.key).title, 'PP-1: via the app');
    const access = await github.checkAccess();
    assert.deepEqual(access.missing, []);
    assert.ok(access.ok.includes('repository finn/ads is visible'));
  });

  it('is refused with a key the app does not have, or another installation', async () => {
    const wrongKey = createTracker(appConnection(), { env: { GH_APP_KEY: stranger.privateKey }, timeoutMs: 2000 });
    const refused = await wrongKey.checkAccess();
    assert.match(refused.missing.join('\n'), /GitHub App 4711 \(installation 42\) cannot see repository finn\/ads/);
    const elsewhere = createTracker(appConnection(7), { env: { GH_APP_KEY: keys.privateKey }, timeoutMs: 2000 });
    await assert.rejects(elsewhere.readIssue('1'), (error: unknown) => error instanceof TrackerError);
  });
});

describe('GitHub access check', function () {
  this.timeout(30_000);
  it('names the token user, and says when write access or Issues are missing', async () => {
    const fake = await startFakeGithub({ owner: 'finn', repo: 'ads', token: 'ghp_test', login: 'reader', hasIssues: false, permissions: { admin: false, maintain: false, push: false, triage: false, pull: true } });
    try {
      const github = createTracker({ ...githubConnection(fake.url), syncAccountLogin: 'pinchpoint-sync' }, { env, timeoutMs: 2000 });
      const report = await github.checkAccess();
      assert.deepEqual(report.identity, { id: 'reader', name: 'Pinchpoint Sync' });
      assert.deepEqual(report.missing, [
        'syncAccountLogin is "pinchpoint-sync" but the token acts as "reader": our own writes would not be recognised as echoes',
        'issues are turned off in finn/ads (Settings → Features → Issues)',
        'write access to finn/ads (triage or write role) for reader: without it issues can be opened but not labelled, assigned or closed',
      ]);
      const refused = await createTracker(githubConnection(fake.url), { env: { GITHUB_TOKEN_ADS: 'ghp_wrong' }, timeoutMs: 2000 }).checkAccess();
      assert.match(refused.missing[0]!, /the token in GITHUB_TOKEN_ADS is refused by GitHub .*HTTP 401/);
    } finally {
      await fake.close();
    }
  });
});
