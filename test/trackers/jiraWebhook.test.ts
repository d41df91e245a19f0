import assert from 'node:assert/strict';
import { createTracker } from '../../src/trackers/createTracker.ts';
import { TrackerError } from '../../src/trackers/errors.ts';
import type { Tracker, TrackerEvent, WebhookDelivery } from '../../src/trackers/tracker.ts';
import { startFakeJira, type FakeJira } from '../support/fakeJira.ts';

const env = { JIRA_TOKEN: 'jira-token', JIRA_HOOK: 'current-secret', JIRA_HOOK_OLD: 'previous-secret' };

describe('Jira webhooks', () => {
  let fake: FakeJira;
  let jira: Tracker;
  let key: string;
  before(async () => {
    fake = await startFakeJira();
    jira = createTracker(
      {
        kind: 'jira', name: 'platform', baseUrl: fake.url, projectKey: 'PLAT',
        auth: { type: 'basic', email: 'sync@example.com', tokenEnv: 'JIRA_TOKEN' },
        webhookSecretEnv: 'JIRA_HOOK', previousWebhookSecretEnv: 'JIRA_HOOK_OLD', syncAccountId: 'acc-sync',
      },
      { env },
    );
    key = fake.seedIssue({ summary: 'Image upload', updated: new Date('2026-01-05T09:00:00Z') }).key;
  });
  after(() => fake.close());

  describe('verification', () => {
    const payload = { webhookEvent: 'jira:issue_updated', timestamp: 1 };

    it('accepts the current and the previous secret', async () => {
      assert.equal(await jira.verifyWebhook(fake.signedDelivery(payload, 'current-secret')), true);
      assert.equal(await jira.verifyWebhook(fake.signedDelivery(payload, 'previous-secret')), true);
    });

    it('refuses a wrong secret, a missing or malformed header, and a tampered or truncated body', async () => {
      assert.equal(await jira.verifyWebhook(fake.signedDelivery(payload, 'guessed-secret')), false);
      const good = fake.signedDelivery(payload, 'current-secret');
      const { 'x-hub-signature': signature, ...unsigned } = good.headers;
      assert.equal(await jira.verifyWebhook({ rawBody: good.rawBody, headers: unsigned }), false);
      assert.equal(await jira.verifyWebhook({ rawBody: good.rawBody, headers: { ...unsigned, 'x-hub-signature': signature.replace('sha256=', 'sha1=') } }), false);
      assert.equal(await jira.verifyWebhook({ rawBody: good.rawBody, headers: { ...unsigned, 'x-hub-signature': 'sha256=' } }), false);
      const tampered = Buffer.from(good.rawBody.toString().replace('"timestamp":1', '"timestamp":2'));
      assert.equal(await jira.verifyWebhook({ rawBody: tampered, headers: good.headers }), false);
      assert.equal(await jira.verifyWebhook({ rawBody: good.rawBody.subarray(0, 10), headers: good.headers }), false);
    });

    it('accepts the signature header in any case and the body as a string', async () => {
      const good = fake.signedDelivery(payload, 'current-secret');
      const shouting = { 'X-Hub-Signature': good.headers['x-hub-signature'].toUpperCase().replace('SHA256=', 'sha256=') };
      assert.equal(await jira.verifyWebhook({ rawBody: good.rawBody.toString('utf8'), headers: shouting }), true);
    });

    it('accepts nothing when the connection has no webhook secret', async () => {
      const noSecret = createTracker(
        { kind: 'jira', name: 'bare', baseUrl: fake.url, projectKey: 'PLAT', auth: { type: 'oauth', tokenEnv: 'JIRA_TOKEN' } },
        { env },
      );
      assert.equal(await noSecret.verifyWebhook(fake.signedDelivery(payload, '')), false);
    });
  });

  describe('parsing', () => {
    function parse(payload: object, identifier?: string): TrackerEvent {
      const delivery = fake.signedDelivery(payload, 'current-secret', identifier);
      return jira.parseWebhook(delivery);
    }

    it('reads a move to a done-category status with its resolution time and the delivery id', () => {
      fake.setNow(new Date('2026-01-20T14:30:00Z'));
      const event = parse(fake.transition(key, { name: 'Released', category: 'done' }), 'wh-1');
      assert.deepEqual(event, {
        type: 'status_changed', deliveryId: 'wh-1', issueKey: key, at: new Date('2026-01-20T14:30:00Z'),
        sender: { id: 'person-1', name: 'Dev Eloper' }, fromSyncAccount: false,
        change: 'done', state: 'done', statusName: 'Released', resolvedAt: new Date('2026-01-20T14:30:00Z'),
      });
    });

    it('reads a reopen (resolution cleared) and a move between open statuses', () => {
      fake.setNow(new Date('2026-01-21T08:00:00Z'));
      const reopened = parse(fake.transition(key, { name: 'Reopened', category: 'new' }));
      assert.equal(reopened.type === 'status_changed' && reopened.change, 'reopened');
      assert.equal(reopened.type === 'status_changed' && reopened.resolvedAt, null);
      const moved = parse(fake.transition(key, { name: 'In Progress', category: 'indeterminate' }));
      assert.deepEqual(moved.type === 'status_changed' && [moved.change, moved.state, moved.statusName], ['moved', 'open', 'In Progress']);
    });

    it('marks our own writes as echoes', () => {
      const event = parse(fake.transition(key, { name: 'Done', category: 'done' }, { accountId: 'acc-sync', displayName: 'Pinchpoint' }));
      assert.equal(event.type === 'status_changed' && event.fromSyncAccount, true);
    });

    it('reads a comment', () => {
      fake.setNow(new Date('2026-01-22T10:00:00Z'));
      const event = parse(fake.comment(key, 'Shipped in *2.4*'));
      assert.equal(event.type, 'comment_added');
      assert.ok(event.type === 'comment_added');
      assert.equal(event.issueKey, key);
      assert.equal(event.bodyText, 'Shipped in *2.4*');
      assert.equal(event.at.toISOString(), '2026-01-22T10:00:00.000Z');
      assert.deepEqual(event.sender, { id: 'person-1', name: 'Dev Eloper' });
    });

    it('ignores updates without a status change and other events', () => {
      const edit = { webhookEvent: 'jira:issue_updated', timestamp: 1, issue: { key, fields: {} }, changelog: { items: [{ field: 'summary', fromString: 'a', toString: 'b' }] } };
      assert.equal(parse(edit).type, 'ignored');
      assert.equal(parse({ webhookEvent: 'jira:issue_created', timestamp: 1, issue: { key } }).type, 'ignored');
    });

    it('uses a hash of the body as delivery id when the identifier header is missing, equal on redelivery', () => {
      const payload = fake.comment(key, 'again');
      const strip = (delivery: WebhookDelivery): WebhookDelivery => ({ rawBody: delivery.rawBody, headers: { 'x-hub-signature': String(delivery.headers['x-hub-signature']) } });
      const first = jira.parseWebhook(strip(fake.signedDelivery(payload, 'current-secret')));
      const second = jira.parseWebhook(strip(fake.signedDelivery(payload, 'current-secret')));
      assert.match(first.deliveryId ?? '', /^sha256:[0-9a-f]{64}$/);
      assert.equal(first.deliveryId, second.deliveryId);
    });

    it('refuses bodies that are not Jira events', () => {
      const notJson = { rawBody: '{"webhookEvent": "jira:issue_upd', headers: {} };
      assert.throws(() => jira.parseWebhook(notJson), (error: unknown) => error instanceof TrackerError && error.kind === 'invalid' && /not JSON/.test(error.message));
      assert.throws(() => jira.parseWebhook({ rawBody: '{"hello":"world"}', headers: {} }), (error: unknown) => error instanceof TrackerError && error.kind === 'invalid');
      const statusless = { webhookEvent: 'jira:issue_updated', timestamp: 1, issue: { key }, changelog: { items: [{ field: 'status', fromString: 'a', toString: 'b' }] } };
      assert.throws(() => parse(statusless), (error: unknown) => error instanceof TrackerError && error.kind === 'invalid');
    });
  });
});
