import assert from 'node:assert/strict';
import * as deliveryRepo from '../../src/notify/deliveryRepo.ts';
import { deliveriesJob } from '../../src/notify/jobs.ts';
import { deliverDue, queueSpikeNotices } from '../../src/notify/service.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { decodeQuotedPrintable, startSmtpReceiver, startWebhookReceiver } from './fakes.ts';
import { deliveriesOf, insertSpike, noonOn, runJob } from './support.ts';

const T0 = noonOn('2026-11-20');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

async function queueOne(t: TestApp, target: { kind: 'slack' | 'email'; address: string; name?: string }, topic = 'sms-payment'): Promise<number> {
  const { body } = await t.as('admin').post('/api/v1/notification-targets').send({ name: target.name ?? `${target.kind} target`, ...target, topic }).expect(201);
  await insertSpike(t, { topic, day: '2026-11-20', peak: 12 });
  await queueSpikeNotices(t.ctx, T0);
  const mine = (await deliveriesOf(t)).filter((d) => d.targetId === body.id);
  assert.equal(mine.length, 1);
  return mine[0]!.id;
}

const deliveryOf = async (t: TestApp, id: number) => (await t.as('admin').get('/api/v1/notification-deliveries?limit=500').expect(200)).body.deliveries.find((d: { id: number }) => d.id === id);

describe('delivery', () => {
  describe('to a Slack webhook', () => {
    let t: TestApp;
    let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
    before(async () => {
      t = await createTestApp({ NOTIFY_MAX_ATTEMPTS: '3' });
      await seedTaxonomy(t);
      receiver = await startWebhookReceiver();
    });
    after(async () => {
      await receiver.close();
      await t.close();
    });
    afterEach(() => assert.deepEqual(receiver.unexpected, []));

    it('retries a failing receiver (500, then 429 with Retry-After) until it takes the message, waiting as told', async () => {
      const id = await queueOne(t, { kind: 'slack', address: receiver.url }, 'sms-payment');
      receiver.answerNext({ status: 500, body: 'internal' }, { status: 429, headers: { 'retry-after': '120' }, body: 'slow down' });

      assert.deepEqual(await deliverDue(t.ctx, T0), { sent: 0, retrying: 1, failed: 0 });
      let delivery = await deliveryOf(t, id);
      assert.equal(delivery.status, 'pending');
      assert.equal(delivery.attempts, 1);
      assert.equal(delivery.lastError, 'webhook answered 500: internal');
      assert.equal(new Date(delivery.nextAttemptAt).getTime(), at(60).getTime(), 'first backoff: one minute');

      assert.deepEqual(await deliverDue(t.ctx, at(59)), { sent: 0, retrying: 0, failed: 0 }, 'not before the backoff');
      assert.equal(await runJob(t, deliveriesJob, at(60)), 'done');
      delivery = await deliveryOf(t, id);
      assert.equal(delivery.attempts, 2);
      assert.match(delivery.lastError, /429/);
      assert.equal(new Date(delivery.nextAttemptAt).getTime(), at(180).getTime(), 'Retry-After: 120 s, not the 4-minute backoff');

      assert.deepEqual(await deliverDue(t.ctx, at(179)), { sent: 0, retrying: 0, failed: 0 });
      assert.deepEqual(await deliverDue(t.ctx, at(180)), { sent: 1, retrying: 0, failed: 0 });
      delivery = await deliveryOf(t, id);
      assert.equal(delivery.status, 'sent');
      assert.equal(delivery.attempts, 3);
      assert.equal(delivery.lastError, null);
      assert.equal(new Date(delivery.sentAt).getTime(), at(180).getTime());

      assert.equal(receiver.calls.length, 3);
      assert.ok(receiver.calls.every((call) => call.body.text === delivery.body), 'every attempt carried the whole message');
      assert.match(receiver.calls[0]!.body.text, /New spike: SMS payment/);
      assert.equal(await runJob(t, deliveriesJob, at(600)), 'skipped', 'nothing is sent twice');
    });

    it('marks a delivery failed after NOTIFY_MAX_ATTEMPTS, and an admin can send it again', async () => {
      const id = await queueOne(t, { kind: 'slack', address: receiver.url }, 'login');
      receiver.answerNext({ status: 502 }, { status: 503 }, { status: 500, body: 'still down' });
      await deliverDue(t.ctx, at(1000));
      await deliverDue(t.ctx, at(1060));
      assert.deepEqual(await deliverDue(t.ctx, at(1300)), { sent: 0, retrying: 0, failed: 1 });
      const failed = await deliveryOf(t, id);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.attempts, 3);
      assert.equal(failed.lastError, 'webhook answered 500: still down');
      assert.equal(failed.nextAttemptAt, null);
      const listed = (await t.as('admin').get('/api/v1/notification-deliveries?status=failed').expect(200)).body.deliveries;
      assert.deepEqual(listed.map((d: { id: number }) => d.id), [id]);
      assert.deepEqual(await deliverDue(t.ctx, at(100_000)), { sent: 0, retrying: 0, failed: 0 }, 'a failed delivery stays put');

      await t.as('analyst').post(`/api/v1/notification-deliveries/${id}/retry`).expect(403);
      t.setNow(at(200_000));
      const { body: requeued } = await t.as('admin').post(`/api/v1/notification-deliveries/${id}/retry`).expect(200);
      assert.equal(requeued.status, 'pending');
      assert.equal(requeued.attempts, 0);
      assert.equal(new Date(requeued.nextAttemptAt).getTime(), at(200_000).getTime());
      assert.deepEqual(await deliverDue(t.ctx, at(200_000)), { sent: 1, retrying: 0, failed: 0 });
      assert.equal((await deliveryOf(t, id)).status, 'sent');

      const again = await t.as('admin').post(`/api/v1/notification-deliveries/${id}/retry`).expect(409);
      assert.match(again.body.error.message, /already sent/);
      await t.as('admin').post('/api/v1/notification-deliveries/999999/retry').expect(404);
      await t.as('admin').post('/api/v1/notification-deliveries/abc/retry').expect(400);
      await t.as('admin').get('/api/v1/notification-deliveries?status=lost').expect(400);
    });

    it('gives up at once when the webhook refuses the message (a 4xx), since retrying cannot help', async () => {
      const gone = receiver.url.replace('s3cr3tw3bh00k', 'revoked');
      const id = await queueOne(t, { kind: 'slack', address: gone }, 'card-payment');
      assert.deepEqual(await deliverDue(t.ctx, at(300_000)), { sent: 0, retrying: 0, failed: 1 });
      const delivery = await deliveryOf(t, id);
      assert.equal(delivery.attempts, 1);
      assert.match(delivery.lastError, /^webhook answered 400/);
      assert.ok(!delivery.lastError.includes('revoked'), 'the webhook URL, a secret, is not in the error');
      receiver.unexpected.length = 0;
    });

    it('sends again rather than drops a message when the process died between sending and marking it sent', async () => {
      const id = await queueOne(t, { kind: 'slack', address: receiver.url }, 'image-upload');
      const callsBefore = receiver.calls.length;
      // A worker claims it and dies before it can record anything.
      const claimed = await deliveryRepo.claimNextDue(t.db.pool, { asOf: at(400_000), leaseUntil: at(400_300) });
      assert.equal(claimed?.id, id);
      assert.deepEqual(await deliverDue(t.ctx, at(400_060)), { sent: 0, retrying: 0, failed: 0 }, 'not while the claim holds');
      assert.deepEqual(await deliverDue(t.ctx, at(400_300)), { sent: 1, retrying: 0, failed: 0 });
      assert.equal(receiver.calls.length, callsBefore + 1);
      assert.equal((await deliveryOf(t, id)).status, 'sent');
    });

    it('fails what is still queued for a target that was deactivated', async () => {
      await t.as('admin').post('/api/v1/topics').send({ key: 'chat-support', name: 'Chat support' }).expect(201);
      const id = await queueOne(t, { kind: 'slack', address: receiver.url, name: 'soon gone' }, 'chat-support');
      const targetId = (await deliveriesOf(t)).find((d) => d.id === id)!.targetId;
      await t.as('admin').delete(`/api/v1/notification-targets/${targetId}`).expect(200);
      const callsBefore = receiver.calls.length;
      assert.deepEqual(await deliverDue(t.ctx, at(500_000)), { sent: 0, retrying: 0, failed: 1 });
      assert.equal(receiver.calls.length, callsBefore);
      assert.match((await deliveryOf(t, id)).lastError, /deactivated/);
      const refused = await t.as('admin').post(`/api/v1/notification-deliveries/${id}/retry`).expect(409);
      assert.match(refused.body.error.message, /inactive target/);
    });
  });

  describe('by e-mail', () => {
    let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
    let t: TestApp;
    before(async () => {
      smtp = await startSmtpReceiver();
      t = await createTestApp({ SMTP_URL: smtp.url, NOTIFY_FROM: 'Pinchpoint <alerts@pinchpoint.example.no>' });
      await seedTaxonomy(t);
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    it('sends a spike message over SMTP with a text and an HTML part', async () => {
      await t.as('admin').post('/api/v1/topics').send({ key: 'bankid', name: 'BankID <login> & "2FA"', parent: 'login' }).expect(201);
      const id = await queueOne(t, { kind: 'email', address: 'ux-lead@example.no' }, 'bankid');
      assert.deepEqual(await deliverDue(t.ctx, T0), { sent: 1, retrying: 0, failed: 0 });
      assert.equal(smtp.mails.length, 1);
      const mail = smtp.mails[0]!;
      assert.equal(mail.from, 'alerts@pinchpoint.example.no');
      assert.deepEqual(mail.to, ['ux-lead@example.no']);
      const decoded = decodeQuotedPrintable(mail.raw);
      assert.match(decoded, /^Subject: /m);
      assert.match(decoded, /Content-Type: text\/plain/);
      assert.match(decoded, /Content-Type: text\/html/);
      assert.ok(decoded.includes('New spike: BankID <login> & "2FA" (all markets)'), 'the text part carries the name as written');
      assert.ok(decoded.includes('New spike: BankID &lt;login&gt; &amp; &quot;2FA&quot;'), 'the HTML part escapes it');
      assert.ok(!decoded.slice(decoded.indexOf('Content-Type: text/html')).includes('<login>'), 'no raw markup from user text in the HTML');
      assert.equal((await deliveryOf(t, id)).status, 'sent');
    });

    it('retries a temporary SMTP refusal and fails a permanent one at once', async () => {
      const temporary = await queueOne(t, { kind: 'email', address: 'busy@example.no' }, 'card-payment');
      smtp.rejectNext(451);
      assert.deepEqual(await deliverDue(t.ctx, at(10)), { sent: 0, retrying: 1, failed: 0 });
      assert.match((await deliveryOf(t, temporary)).lastError, /^SMTP: .*451/);
      assert.deepEqual(await deliverDue(t.ctx, at(70)), { sent: 1, retrying: 0, failed: 0 });

      const permanent = await queueOne(t, { kind: 'email', address: 'nobody@example.no' }, 'image-upload');
      smtp.rejectNext(550);
      assert.deepEqual(await deliverDue(t.ctx, at(100)), { sent: 0, retrying: 0, failed: 1 });
      const failed = await deliveryOf(t, permanent);
      assert.equal(failed.attempts, 1);
      assert.match(failed.lastError, /550/);
    });
  });

  it('fails an e-mail at once, saying why, when no SMTP server is configured', async () => {
    const t = await createTestApp();
    try {
      await seedTaxonomy(t);
      const id = await queueOne(t, { kind: 'email', address: 'ux@example.no' });
      assert.deepEqual(await deliverDue(t.ctx, T0), { sent: 0, retrying: 0, failed: 1 });
      assert.match((await deliveryOf(t, id)).lastError, /SMTP_URL is not set/);
    } finally {
      await t.close();
    }
  });
});
