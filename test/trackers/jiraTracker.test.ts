import assert from 'node:assert/strict';
import { createTracker } from '../../src/trackers/createTracker.ts';
import { TrackerConfigError, TrackerError } from '../../src/trackers/errors.ts';
import type { Tracker } from '../../src/trackers/tracker.ts';
import { startFakeJira, type FakeJira } from '../support/fakeJira.ts';

const env = { JIRA_TOKEN_PLATFORM: 'jira-token', JIRA_WEBHOOK_SECRET: 'current-secret' };

function jiraConnection(baseUrl: string) {
  return {
    kind: 'jira' as const,
    name: 'platform',
    baseUrl,
    projectKey: 'PLAT',
    issueType: 'Task',
    labels: ['pinchpoint', 'customer-service'],
    component: 'Ads',
    assignees: { 'kari@example.com': 'acc-kari' },
    auth: { type: 'basic' as const, email: 'sync@example.com', tokenEnv: 'JIRA_TOKEN_PLATFORM' },
    webhookSecretEnv: 'JIRA_WEBHOOK_SECRET',
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

describe('Jira tracker adapter (against a fake Jira Cloud)', () => {
  let fake: FakeJira;
  let jira: Tracker;
  before(async () => {
    fake = await startFakeJira();
    jira = createTracker(jiraConnection(fake.url), { env, now: () => new Date('2026-01-05T09:00:00Z'), timeoutMs: 500, pageSize: 3 });
  });
  afterEach(() => assert.deepEqual(fake.violations.splice(0), [], 'every request matched the Jira REST reference'));
  after(() => fake.close());

  it('creates, updates, comments and reads an issue as ADF with the connection fields', async () => {
    const created = await jira.createIssue({
      title: 'PP-7: Image upload fails',
      body: '## Current state\n\n30 % of inquiries \\*are\\* about **upload**.\n\n- [Case PP-7](https://pp.example/cases/7)',
      labels: ['upload'],
      assigneeEmail: 'kari@example.com',
    });
    assert.match(created.key, /^PLAT-\d+$/);
    assert.equal(created.url, `${fake.url}/browse/${created.key}`);
    const stored = fake.issue(created.key);
    assert.equal(stored.summary, 'PP-7: Image upload fails');
    assert.deepEqual(stored.labels, ['pinchpoint', 'customer-service', 'upload']);
    assert.deepEqual(stored.components, ['Ads']);
    assert.equal(stored.assignee, 'acc-kari');
    const doc = stored.description as { content: { type: string; content?: { text?: string; marks?: unknown[] }[] }[] };
    assert.deepEqual(doc.content.map((block) => block.type), ['heading', 'paragraph', 'bulletList']);
    assert.deepEqual(doc.content[1]!.content!.map((node) => node.text), ['30 % of inquiries *are* about ', 'upload', '.']);
    const [post] = fake.requests.filter((r) => r.method === 'POST');
    assert.equal(post!.headers.authorization, `Basic ${Buffer.from('sync@example.com:jira-token').toString('base64')}`);

    await jira.updateIssue(created.key, { title: 'PP-7: Image upload fails on big photos', body: 'Updated.', labels: ['ux team'] });
    assert.equal(stored.summary, 'PP-7: Image upload fails on big photos');
    assert.deepEqual(stored.labels, ['pinchpoint', 'customer-service', 'upload', 'ux-team']);

    const comment = await jira.addComment(created.key, '**Follow-up:** inquiries fell by 87 %.');
    assert.equal(comment.url, `${fake.url}/browse/${created.key}?focusedCommentId=${comment.id}`);
    assert.equal(stored.comments.length, 1);

    const open = await jira.readIssue(created.key);
    assert.deepEqual({ state: open.state, statusName: open.statusName, resolvedAt: open.resolvedAt }, { state: 'open', statusName: 'To Do', resolvedAt: null });

    fake.setNow(new Date('2026-01-20T14:30:00Z'));
    fake.transition(created.key, { name: 'Released', category: 'done' });
    const done = await jira.readIssue(created.key);
    assert.equal(done.state, 'done');
    assert.equal(done.statusName, 'Released');
    assert.equal(done.resolvedAt?.toISOString(), '2026-01-20T14:30:00.000Z');
    assert.equal(done.updatedAt.toISOString(), '2026-01-20T14:30:00.000Z');
  });

  it('sends an OAuth 2.0 access token as a bearer token', async () => {
    const oauthFake = await startFakeJira({ projectKey: 'PLAT', authorization: 'Bearer oauth-access' });
    try {
      const tracker = createTracker(
        { ...jiraConnection(oauthFake.url), auth: { type: 'oauth', tokenEnv: 'JIRA_OAUTH' } },
        { env: { ...env, JIRA_OAUTH: 'oauth-access' } },
      );
      const created = await tracker.createIssue({ title: 'Bearer', body: 'x' });
      assert.equal(oauthFake.issue(created.key).summary, 'Bearer');
    } finally {
      await oauthFake.close();
    }
  });

  it('lists issues updated since a time through the enhanced JQL search, across pages', async () => {
    const since = new Date('2026-02-01T10:00:00Z');
    fake.setNow(new Date('2026-02-01T12:00:00Z'));
    fake.seedIssue({ summary: 'too old', updated: new Date('2026-02-01T09:59:59Z') });
    const recent = [1, 2, 3, 4, 5, 6, 7].map((i) => fake.seedIssue({ summary: `recent ${i}`, updated: new Date(Date.UTC(2026, 1, 1, 10, i)) }));
    fake.requests.length = 0;
    const seen: string[] = [];
    for await (const issue of jira.listIssuesUpdatedSince({ since, asOf: new Date('2026-02-01T12:00:00Z') })) seen.push(issue.key);
    assert.deepEqual(seen, recent.map((issue) => issue.key), 'all seven, oldest first, none older than since');
    const searches = fake.requests.filter((r) => r.path === '/rest/api/3/search/jql');
    assert.equal(searches.length, 3, 'three pages of three');
    assert.equal(searches[0]!.query.get('nextPageToken'), null);
    assert.ok(searches[1]!.query.get('nextPageToken'));
    assert.match(searches[0]!.query.get('jql')!, /^project = "PLAT" AND updated >= "-125m" ORDER BY updated ASC$/);
  });

  it('maps failures to TrackerError kinds, naming tracker and operation', async () => {
    const key = (await jira.createIssue({ title: 'errors', body: 'x' })).key;

    fake.failNext({ status: 429, headers: { 'retry-after': '7' } });
    const limited = await rejection(jira.readIssue(key));
    assert.equal(limited.kind, 'rate_limited');
    assert.equal(limited.retryAfterMs, 7000);
    assert.match(limited.message, new RegExp(`^jira platform: read issue ${key} failed: HTTP 429`));

    fake.failNext({ status: 429, headers: { 'x-ratelimit-reset': '2026-01-05T09:00:02.500Z' } });
    assert.equal((await rejection(jira.readIssue(key))).retryAfterMs, 2500);

    fake.failNext({ status: 500 });
    const down = await rejection(jira.addComment(key, 'x'));
    assert.equal(down.kind, 'unavailable');
    assert.ok(down.retryable);

    fake.failNext({ status: 401, body: { errorMessages: ['You are not authenticated.'] } });
    const auth = await rejection(jira.updateIssue(key, { title: 'y' }));
    assert.equal(auth.kind, 'auth');
    assert.match(auth.message, /update issue .* HTTP 401 You are not authenticated/);
    assert.equal(auth.retryable, false);

    assert.equal((await rejection(jira.readIssue('PLAT-999999'))).kind, 'not_found');

    const invalid = await rejection(jira.updateIssue(key, { labels: [] , title: '' }));
    assert.equal(invalid.kind, 'invalid');
    fake.violations.length = 0; // that refusal was the point of the test

    fake.hangNext();
    const hung = await rejection(jira.readIssue(key));
    assert.equal(hung.kind, 'unavailable');
    assert.match(hung.message, /timed out/);
  });

  it('refuses a connection that Jira would refuse, naming the field', () => {
    assert.throws(
      () => createTracker({ ...jiraConnection('http://127.0.0.1:1'), labels: ['customer service'], projectKey: 'plat' }, { env }),
      (error: unknown) => error instanceof TrackerConfigError && /labels\.0: Jira labels cannot contain spaces/.test(error.message) && /projectKey/.test(error.message),
    );
  });

  it('refuses to start without the token variable, naming it', () => {
    assert.throws(
      () => createTracker(jiraConnection('http://127.0.0.1:1'), { env: {} }),
      (error: unknown) => error instanceof TrackerConfigError && /JIRA_TOKEN_PLATFORM/.test(error.message) && /"platform"/.test(error.message),
    );
    assert.throws(
      () => createTracker(jiraConnection('http://127.0.0.1:1'), { env: { JIRA_TOKEN_PLATFORM: 'x' } }),
      (error: unknown) => error instanceof TrackerConfigError && /JIRA_WEBHOOK_SECRET/.test(error.message),
    );
  });

  it('is unavailable, not broken, when nothing listens', async () => {
    const nowhere = createTracker(jiraConnection('http://127.0.0.1:9'), { env });
    const error = await rejection(nowhere.readIssue('PLAT-1'));
    assert.equal(error.kind, 'unavailable');
  });
});

describe('Jira marker search and access check', () => {
  it('finds an issue by the marker label it was created with, not an older or unmarked one', async () => {
    const fake = await startFakeJira();
    try {
      const jira = createTracker(jiraConnection(fake.url), { env, timeoutMs: 2000 });
      const since = new Date('2026-01-05T08:00:00Z');
      assert.equal(await jira.findIssueByMarker('pinchpoint-link-7', since), null);
      await jira.createIssue({ title: 'other', body: 'x', marker: 'pinchpoint-link-8' });
      const created = await jira.createIssue({ title: 'mine', body: 'x', marker: 'pinchpoint-link-7' });
      assert.deepEqual(await jira.findIssueByMarker('pinchpoint-link-7', since), created);
      assert.equal(await jira.findIssueByMarker('pinchpoint-link-7', new Date('2026-01-06T00:00:00Z')), null, 'created before the link: not ours');
      assert.deepEqual(fake.violations, []);
    } finally {
      await fake.close();
    }
  });

  it('names the account and each missing project permission; refused credentials and unknown projects in words', async () => {
    const fake = await startFakeJira({
      projectKey: 'PLAT',
      authorization: `Basic ${Buffer.from('sync@example.com:jira-token').toString('base64')}`,
      accountId: 'acc-sync',
      permissions: { CREATE_ISSUES: false, ADD_COMMENTS: false },
    });
    try {
      const report = await createTracker(jiraConnection(fake.url), { env, timeoutMs: 2000 }).checkAccess();
      assert.deepEqual(report.identity, { id: 'acc-sync', name: 'Pinchpoint Sync' });
      assert.deepEqual(report.missing, [
        'the "Create Issues" permission (CREATE_ISSUES) in project PLAT for Pinchpoint Sync',
        'the "Add Comments" permission (ADD_COMMENTS) in project PLAT for Pinchpoint Sync',
      ]);
      assert.ok(report.ok.includes('Browse Projects in PLAT'));
      const refused = await createTracker(jiraConnection(fake.url), { env: { ...env, JIRA_TOKEN_PLATFORM: 'wrong' }, timeoutMs: 2000 }).checkAccess();
      assert.match(refused.missing[0]!, /sync@example.com with the API token in JIRA_TOKEN_PLATFORM is refused by Jira/);
      const elsewhere = await createTracker({ ...jiraConnection(fake.url), projectKey: 'NOPE' }, { env, timeoutMs: 2000 }).checkAccess();
      assert.deepEqual(elsewhere.missing, ['project NOPE does not exist or is not visible to Pinchpoint Sync']);
    } finally {
      await fake.close();
    }
  });
});
