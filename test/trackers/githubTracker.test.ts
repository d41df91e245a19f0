import assert from 'node:assert/strict';
import { createTracker } from '../../src/trackers/createTracker.ts';
import { TrackerConfigError, TrackerError } from '../../src/trackers/errors.ts';
import type { Tracker } from '../../src/trackers/tracker.ts';
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

  it('says plainly that GitHub App installations are not supported yet', () => {
    const app = { ...githubConnection('http://127.0.0.1:1'), auth: { type: 'app' as const, appId: 1, privateKeyEnv: 'GH_APP_KEY', installationId: 2 } };
    assert.throws(() => createTracker(app, { env }), (error: unknown) => error instanceof TrackerConfigError && /GitHub App authentication is not supported/.test(error.message));
  });
});

async function summary(tracker: Tracker, key: string) {
  const issue = await tracker.readIssue(key);
  return { state: issue.state, statusName: issue.statusName, resolvedAt: issue.resolvedAt?.toISOString() ?? null };
}
