import assert from 'node:assert/strict';
import { createTracker } from '../../src/trackers/createTracker.ts';
import { TrackerError } from '../../src/trackers/errors.ts';
import type { StatusChangedEvent, Tracker, TrackerEvent } from '../../src/trackers/tracker.ts';
import { startFakeGithub, type FakeGithub } from '../support/fakeGithub.ts';

const env = { GH_TOKEN: 'ghp_test', GH_HOOK: 'current-secret', GH_HOOK_OLD: 'previous-secret' };

describe('GitHub webhooks', () => {
  let fake: FakeGithub;
  let github: Tracker;
  let number: string;
  before(async () => {
    fake = await startFakeGithub();
    github = createTracker(
      {
        kind: 'github', name: 'ads', baseUrl: fake.url, owner: 'finn', repo: 'ads', auth: { type: 'token', tokenEnv: 'GH_TOKEN' },
        webhookSecretEnv: 'GH_HOOK', previousWebhookSecretEnv: 'GH_HOOK_OLD', syncAccountLogin: 'Pinchpoint-Sync',
      },
      { env },
    );
    number = String(fake.seedIssue({ title: 'Image upload', updated: new Date('2026-01-05T09:00:00Z') }).number);
  });
  after(() => fake.close());

  function parse(event: string, payload: object, delivery?: string): TrackerEvent {
    return github.parseWebhook(fake.signedDelivery(event, payload, 'current-secret', delivery));
  }

  function statusChange(event: TrackerEvent): StatusChangedEvent {
    assert.equal(event.type, 'status_changed');
    return event as StatusChangedEvent;
  }

  describe('verification', () => {
    const payload = { action: 'closed', zen: 'Keep it logically awesome.' };

    it('accepts the current and the previous secret', async () => {
      assert.equal(await github.verifyWebhook(fake.signedDelivery('issues', payload, 'current-secret')), true);
      assert.equal(await github.verifyWebhook(fake.signedDelivery('issues', payload, 'previous-secret')), true);
    });

    it('refuses a wrong secret, a missing header, and a tampered, truncated or empty body', async () => {
      assert.equal(await github.verifyWebhook(fake.signedDelivery('issues', payload, 'guessed')), false);
      const good = fake.signedDelivery('issues', payload, 'current-secret');
      const { 'x-hub-signature-256': signature, ...unsigned } = good.headers;
      assert.equal(await github.verifyWebhook({ rawBody: good.rawBody, headers: unsigned }), false);
      assert.equal(await github.verifyWebhook({ rawBody: good.rawBody, headers: { ...unsigned, 'x-hub-signature': signature } }), false, 'only the SHA-256 header counts');
      assert.equal(await github.verifyWebhook({ rawBody: Buffer.from(good.rawBody.toString().replace('closed', 'opened')), headers: good.headers }), false);
      assert.equal(await github.verifyWebhook({ rawBody: good.rawBody.subarray(0, good.rawBody.length - 1), headers: good.headers }), false);
      assert.equal(await github.verifyWebhook({ rawBody: Buffer.alloc(0), headers: good.headers }), false);
    });
  });

  describe('parsing', () => {
    it('reads closed as completed: done, with the close time and the delivery id', () => {
      fake.setNow(new Date('2026-01-20T14:30:00Z'));
      const event = statusChange(parse('issues', fake.setState(number, { action: 'closed', reason: 'completed' }), 'd-1'));
      assert.deepEqual(event, {
        type: 'status_changed', deliveryId: 'd-1', issueKey: number, at: new Date('2026-01-20T14:30:00Z'),
        sender: { id: 'dev-eloper', name: 'dev-eloper' }, fromSyncAccount: false,
        change: 'done', state: 'done', statusName: 'closed (completed)', resolvedAt: new Date('2026-01-20T14:30:00Z'),
      });
    });

    it('reads reopened, then closed as not planned distinctly from done', () => {
      fake.setNow(new Date('2026-01-21T08:00:00Z'));
      const reopened = statusChange(parse('issues', fake.setState(number, { action: 'reopened' })));
      assert.deepEqual([reopened.change, reopened.state, reopened.resolvedAt], ['reopened', 'open', null]);
      assert.equal(reopened.at.toISOString(), '2026-01-21T08:00:00.000Z');
      const notPlanned = statusChange(parse('issues', fake.setState(number, { action: 'closed', reason: 'not_planned' })));
      assert.deepEqual([notPlanned.change, notPlanned.state, notPlanned.statusName], ['closed_not_done', 'closed_not_done', 'closed (not planned)']);
      fake.setState(number, { action: 'reopened' });
      const duplicate = statusChange(parse('issues', fake.setState(number, { action: 'closed', reason: 'duplicate' })));
      assert.equal(duplicate.change, 'closed_not_done');
    });

    it('marks our own writes as echoes, whatever the login case', () => {
      fake.setState(number, { action: 'reopened' });
      const event = statusChange(parse('issues', fake.setState(number, { action: 'closed', reason: 'completed' }, 'pinchpoint-sync')));
      assert.equal(event.fromSyncAccount, true);
    });

    it('reads a comment on an issue', () => {
      fake.setNow(new Date('2026-01-22T10:00:00Z'));
      const event = parse('issue_comment', fake.comment(number, 'Shipped in **2.4** @someone'));
      assert.ok(event.type === 'comment_added');
      assert.equal(event.issueKey, number);
      assert.equal(event.bodyText, 'Shipped in **2.4** @someone');
      assert.equal(event.at.toISOString(), '2026-01-22T10:00:00.000Z');
      assert.match(event.commentId, /^\d+$/);
    });

    it('ignores other actions and events, pull requests and other repositories', () => {
      const closed = fake.setState(number, { action: 'reopened' }) as { issue: object; repository: { name: string; full_name: string } };
      assert.equal(parse('issues', { ...closed, action: 'labeled' }).type, 'ignored');
      assert.equal(parse('ping', { zen: 'Design for failure.' }).type, 'ignored');
      const otherRepo = { ...closed, action: 'closed', repository: { ...closed.repository, name: 'elsewhere' } };
      const ignored = parse('issues', otherRepo);
      assert.ok(ignored.type === 'ignored' && /another repository/.test(ignored.reason));
      const pr = fake.seedIssue({ title: 'a PR', updated: new Date(), pullRequest: true });
      assert.equal(parse('issue_comment', fake.comment(pr.number, 'LGTM')).type, 'ignored');
      const edited = { ...(fake.comment(number, 'x') as object), action: 'edited' };
      assert.equal(parse('issue_comment', edited).type, 'ignored');
    });

    it('refuses a payload that is not the event it claims to be', () => {
      assert.throws(() => parse('issues', { action: 'closed', issue: { number: 'one' } }), (error: unknown) => error instanceof TrackerError && error.kind === 'invalid');
      assert.throws(() => github.parseWebhook({ rawBody: '{"action":', headers: { 'x-github-event': 'issues' } }), (error: unknown) => error instanceof TrackerError && /not JSON/.test(error.message));
    });
  });
});
