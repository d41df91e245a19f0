import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { decodeQuotedPrintable, startSmtpReceiver, startWebhookReceiver } from './fakes.ts';

const TARGETS = '/api/v1/notification-targets';

describe('notification targets API', () => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let overrides: string;
  before(async () => {
    receiver = await startWebhookReceiver();
    smtp = await startSmtpReceiver();
    overrides = await mkdtemp(join(tmpdir(), 'pp-notify-'));
    t = await createTestApp({ SMTP_URL: smtp.url, NOTIFY_TEMPLATES_DIR: overrides });
    await seedTaxonomy(t);
  });
  after(async () => {
    assert.deepEqual(receiver.unexpected, [], 'the webhook receiver got only what it expected');
    await t.close();
    await receiver.close();
    await smtp.close();
    await rm(overrides, { recursive: true, force: true });
  });

  it('is for admins only', async () => {
    await supertest(t.app).get(TARGETS).expect(401);
    for (const role of ['agent', 'analyst', 'leader', 'ingest'] as const) {
      const res = await t.as(role).get(TARGETS).expect(403);
      assert.match(res.body.error.message, /manageNotifications; allowed: admin/);
      await t.as(role).post(TARGETS).send({ name: 'x', kind: 'email', address: 'x@example.no' }).expect(403);
      await t.as(role).get('/api/v1/notification-deliveries').expect(403);
    }
    assert.equal((await t.db.pool.query('SELECT count(*)::int AS n FROM notification_targets')).rows[0].n, 0);
  });

  it('creates, lists, updates and deactivates a target; a webhook URL is never shown whole', async () => {
    const { body: created } = await t
      .as('admin')
      .post(TARGETS)
      .send({ name: 'Payments team', kind: 'slack', address: receiver.url, topic: 'Payment', market: 'torget', digest: false })
      .expect(201);
    assert.deepEqual(
      { ...created, id: undefined, createdAt: undefined, updatedAt: undefined },
      { id: undefined, name: 'Payments team', kind: 'slack', address: `${new URL(receiver.url).origin}/…h00k`, topic: 'payment', market: 'torget', spikes: true, digest: false, active: true, createdAt: undefined, updatedAt: undefined },
    );
    const { body: list } = await t.as('admin').get(TARGETS).expect(200);
    assert.deepEqual(list.targets.map((x: { id: number }) => x.id), [created.id]);
    assert.ok(!JSON.stringify(list).includes('s3cr3t'), 'the secret part of the URL is not listed');

    const { body: updated } = await t.as('admin').patch(`${TARGETS}/${created.id}`).send({ market: null, digest: true, name: 'Payments' }).expect(200);
    assert.equal(updated.market, null);
    assert.equal(updated.digest, true);
    assert.equal(updated.name, 'Payments');
    assert.equal(updated.topic, 'payment', 'what is not given stays');

    const { body: deactivated } = await t.as('admin').delete(`${TARGETS}/${created.id}`).expect(200);
    assert.equal(deactivated.active, false);
    assert.equal((await t.as('admin').get(TARGETS).expect(200)).body.targets.length, 1, 'kept, with its history');
    await t.as('admin').delete(`${TARGETS}/99999`).expect(404);
  });

  it('refuses bad input with a 400 that names the field', async () => {
    const bad = async (body: object, field: RegExp) => {
      const res = await t.as('admin').post(TARGETS).send(body).expect(400);
      assert.match(res.body.error.message, field, JSON.stringify(res.body));
    };
    await bad({ name: 'x', kind: 'slack', address: 'not a url' }, /address: must be an http:\/\/ or https:\/\/ webhook URL/);
    await bad({ name: 'x', kind: 'slack', address: 'ftp://hooks.example.com/x' }, /address: /);
    await bad({ name: 'x', kind: 'email', address: 'not-an-address' }, /address: must be an e-mail address/);
    await bad({ name: 'x', kind: 'email', address: 'ux@example.no', topic: 'no-such-topic' }, /topic: unknown topic "no-such-topic"/);
    await bad({ name: 'x', kind: 'email', address: 'ux@example.no', market: 'mars' }, /market: unknown market "mars"/);
    await bad({ name: 'x', kind: 'email', address: 'ux@example.no', topic: 'Bad Key!' }, /topic: must be 1–64 characters/);
    await bad({ name: 'x', kind: 'pager', address: 'ux@example.no' }, /kind: must be one of slack, email/);
    await bad({ kind: 'email', address: 'ux@example.no' }, /name: /);
    await bad({ name: 'x', kind: 'email', address: 'ux@example.no', spikes: 'yes' }, /spikes: must be true or false/);
    await bad({ name: 'x', kind: 'email', address: 'ux@example.no', secret: 1 }, /secret/);

    const { body: target } = await t.as('admin').post(TARGETS).send({ name: 'mail', kind: 'email', address: 'ux@example.no' }).expect(201);
    const patch = (body: object) => t.as('admin').patch(`${TARGETS}/${target.id}`).send(body);
    assert.match((await patch({ kind: 'slack' }).expect(400)).body.error.message, /address: must be an http/, 'an e-mail address is no webhook');
    assert.match((await patch({ address: 'https://hooks.example.com/x' }).expect(400)).body.error.message, /address: must be an e-mail address/);
    assert.match((await patch({ market: 'mars' }).expect(400)).body.error.message, /market: unknown market/);
    assert.match((await patch({}).expect(400)).body.error.message, /at least one field/);
    await t.as('admin').patch(`${TARGETS}/abc`).send({ name: 'y' }).expect(400);
    await t.as('admin').patch(`${TARGETS}/424242`).send({ name: 'y' }).expect(404);
    const unchanged = (await t.as('admin').get(TARGETS).expect(200)).body.targets.find((x: { id: number }) => x.id === target.id);
    assert.equal(unchanged.address, 'ux@example.no');
    assert.equal(unchanged.market, null);
  });

  describe('test message', () => {
    it('sends to a webhook at once and says so', async () => {
      const { body: target } = await t.as('admin').post(TARGETS).send({ name: 'Ops & <alerts>', kind: 'slack', address: receiver.url }).expect(201);
      const { body } = await t.as('admin').post(`${TARGETS}/${target.id}/test`).expect(200);
      assert.equal(body.ok, true);
      assert.equal(receiver.calls.length, 1);
      assert.match(receiver.calls[0]!.body.text, /Test message from Pinchpoint for \*Ops &amp; &lt;alerts&gt;\*/);
      assert.equal((await t.db.pool.query('SELECT count(*)::int AS n FROM notification_deliveries')).rows[0].n, 0, 'a test is not queued');
    });

    it('reports why it failed', async () => {
      const { body: target } = await t.as('admin').post(TARGETS).send({ name: 'flaky', kind: 'slack', address: receiver.url }).expect(201);
      receiver.answerNext({ status: 500, body: 'boom' });
      const { body } = await t.as('admin').post(`${TARGETS}/${target.id}/test`).expect(200);
      assert.deepEqual([body.ok, body.error], [false, 'webhook answered 500: boom']);

      const { body: closed } = await t.as('admin').post(TARGETS).send({ name: 'closed', kind: 'slack', address: 'http://127.0.0.1:9/hook' }).expect(201);
      const unreachable = (await t.as('admin').post(`${TARGETS}/${closed.id}/test`).expect(200)).body;
      assert.equal(unreachable.ok, false);
      assert.match(unreachable.error, /^webhook unreachable: /);
      await t.as('admin').post(`${TARGETS}/98765/test`).expect(404);
      await t.as('analyst').post(`${TARGETS}/${target.id}/test`).expect(403);
    });

    it('sends an e-mail through SMTP', async () => {
      const { body: target } = await t.as('admin').post(TARGETS).send({ name: 'Leads', kind: 'email', address: 'leads@example.no', topic: 'login' }).expect(201);
      const { body } = await t.as('admin').post(`${TARGETS}/${target.id}/test`).expect(200);
      assert.equal(body.ok, true);
      const mail = smtp.mails.at(-1)!;
      assert.deepEqual(mail.to, ['leads@example.no']);
      assert.match(mail.raw, /^Subject: Pinchpoint test message for Leads$/m);
      assert.match(decodeQuotedPrintable(mail.raw), /for the notification target "Leads" \(Login and its sub-topics in all markets\)/);
    });

    it('uses the operator\'s template from NOTIFY_TEMPLATES_DIR', async () => {
      await writeFile(join(overrides, 'test.slack.hbs'), 'Hei {{target.name}}, dette er en test.');
      const { body: target } = await t.as('admin').post(TARGETS).send({ name: 'Norsk', kind: 'slack', address: receiver.url }).expect(201);
      await t.as('admin').post(`${TARGETS}/${target.id}/test`).expect(200);
      assert.equal(receiver.calls.at(-1)!.body.text, 'Hei Norsk, dette er en test.');
    });

    it('fails an e-mail test clearly when no SMTP server is configured', async () => {
      const bare = await createTestApp();
      try {
        const { body: target } = await bare.as('admin').post(TARGETS).send({ name: 'mail', kind: 'email', address: 'ux@example.no' }).expect(201);
        const { body } = await bare.as('admin').post(`${TARGETS}/${target.id}/test`).expect(200);
        assert.equal(body.ok, false);
        assert.match(body.error, /SMTP_URL is not set/);
      } finally {
        await bare.close();
      }
    });
  });
});
