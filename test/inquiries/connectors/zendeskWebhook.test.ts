import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import supertest from 'supertest';
import { assertRollupConsistent, CONNECTOR, createZendeskWorld, inquiriesOf, SECRETS, TOPIC_FIELD, type ZendeskWorld } from './support.ts';

describe('Zendesk connector: ticket webhook', function () {
  this.timeout(60_000);
  let world: ZendeskWorld;
  beforeEach(async () => {
    world = await createZendeskWorld();
    world.zendesk.setNow('2026-11-23T11:59:30Z');
  });
  afterEach(async () => {
    assert.deepEqual(world.zendesk.violations, []);
    await world.close();
  });

  const post = (signed: { body: string; headers: Record<string, string> }, connector = CONNECTOR) =>
    supertest(world.t.app).post(`/api/v1/hooks/${connector}`).set(signed.headers).send(signed.body);
  const storedDeliveries = async () => (await world.t.db.pool.query('SELECT count(*)::int AS n FROM help_desk_webhook_deliveries')).rows[0].n as number;

  it('applies a signed ticket event at once, reading the ticket with its custom fields from Zendesk', async () => {
    const { zendesk, t } = world;
    const id = zendesk.createTicket({ customFields: { [TOPIC_FIELD]: 'sms_payment' }, tags: ['bil'], createdAt: '2026-11-23T11:40:00Z', channel: 'chat' });
    const res = await post(zendesk.signedEvent(id, SECRETS.PP_TEST_ZD_HOOK, { type: 'zen:event-type:ticket.created' })).expect(200);
    assert.equal(res.body.outcome, 'applied');
    assert.equal(res.body.result.created, 1);
    assert.deepEqual(await inquiriesOf(t), [{ externalId: String(id), topic: 'sms-payment', market: 'bil', channel: 'chat', note: `Ticket ${id}`, receivedAt: '2026-11-23T11:40:00Z' }]);

    zendesk.updateTicket(id, { customFields: { [TOPIC_FIELD]: 'image_upload' } });
    const changed = await post(zendesk.signedEvent(id, SECRETS.PP_TEST_ZD_HOOK)).expect(200);
    assert.equal(changed.body.result.updated, 1);
    assert.equal((await inquiriesOf(t))[0]!.topic, 'image-upload', 'the topic follows the ticket');
    await assertRollupConsistent(t);
  });

  it('refuses forged, unsigned and tampered deliveries with 401, storing nothing', async () => {
    const { zendesk, t } = world;
    const id = zendesk.createTicket({ customFields: { [TOPIC_FIELD]: 'sms_payment' } });
    const forged = zendesk.signedEvent(id, 'guessed-secret');
    assert.match((await post(forged).expect(401)).body.error.message, /X-Zendesk-Webhook-Signature does not match/);
    const good = zendesk.signedEvent(id, SECRETS.PP_TEST_ZD_HOOK);
    const { 'x-zendesk-webhook-signature': _signature, ...unsigned } = good.headers;
    await post({ body: good.body, headers: unsigned }).expect(401);
    await post({ body: good.body.replace(String(id), String(id + 1)), headers: good.headers }).expect(401);
    await post({ body: good.body, headers: { ...good.headers, 'x-zendesk-webhook-signature-timestamp': '2026-11-23T11:59:31Z' } }).expect(401);
    assert.deepEqual(await inquiriesOf(t), []);
    assert.equal(await storedDeliveries(), 0);
    assert.equal(zendesk.requests.length, 0, 'Zendesk is not asked for a ticket on a bad signature');
  });

  it('refuses a stale timestamp, even correctly signed, and treats a replay within the window as a duplicate', async () => {
    const { zendesk, t } = world;
    const id = zendesk.createTicket({ customFields: { [TOPIC_FIELD]: 'sms_payment' } });
    const stale = zendesk.signedEvent(id, SECRETS.PP_TEST_ZD_HOOK, { signedAt: '2026-11-23T11:50:00Z' });
    assert.match((await post(stale).expect(401)).body.error.message, /stale or replayed/);
    const future = zendesk.signedEvent(id, SECRETS.PP_TEST_ZD_HOOK, { signedAt: '2026-11-23T12:10:00Z' });
    await post(future).expect(401);
    assert.deepEqual(await inquiriesOf(t), []);

    const delivery = zendesk.signedEvent(id, SECRETS.PP_TEST_ZD_HOOK, { eventId: 'cbe4028c-7239-495d-b020-f22348516046' });
    assert.equal((await post(delivery).expect(200)).body.outcome, 'applied');
    zendesk.updateTicket(id, { customFields: { [TOPIC_FIELD]: 'image_upload' } });
    const replay = await post(delivery).expect(200);
    assert.equal(replay.body.outcome, 'duplicate');
    assert.equal((await inquiriesOf(t))[0]!.topic, 'sms-payment', 'a replay changes nothing');
    assert.equal(await storedDeliveries(), 1);

    // The same event signed again later is still one event.
    t.setNow('2026-11-23T12:30:00Z');
    zendesk.setNow('2026-11-23T12:29:50Z');
    assert.equal((await post(zendesk.signedEvent(id, SECRETS.PP_TEST_ZD_HOOK, { eventId: 'cbe4028c-7239-495d-b020-f22348516046' })).expect(200)).body.outcome, 'duplicate');
  });

  it('accepts the previous secret during a rotation, and none when the connector names no secret', async () => {
    const { zendesk, t } = world;
    const id = zendesk.createTicket({ customFields: { [TOPIC_FIELD]: 'sms_payment' } });
    assert.equal((await post(zendesk.signedEvent(id, SECRETS.PP_TEST_ZD_HOOK_OLD)).expect(200)).body.outcome, 'applied');
    await t.as('admin').patch(`/api/v1/connectors/${CONNECTOR}`).send({ webhookSecretEnv: null, previousWebhookSecretEnv: null }).expect(200);
    assert.match((await post(zendesk.signedEvent(id, SECRETS.PP_TEST_ZD_HOOK)).expect(401)).body.error.message, /no webhook secret/);
  });

  it('defers when Zendesk cannot be asked (the next export brings the ticket), and removes a deleted ticket', async () => {
    const { zendesk, t } = world;
    const id = zendesk.createTicket({ customFields: { [TOPIC_FIELD]: 'sms_payment' } });
    zendesk.fail({ endpoint: 'show', status: 503 });
    const delivery = zendesk.signedEvent(id, SECRETS.PP_TEST_ZD_HOOK);
    const deferred = await post(delivery).expect(202);
    assert.equal(deferred.body.outcome, 'deferred');
    assert.equal(await storedDeliveries(), 0, 'not recorded, so Zendesk\'s retry is applied');
    zendesk.fail({ endpoint: 'show', status: 429, headers: { 'retry-after': '30' } });
    assert.equal((await post(delivery).expect(202)).body.outcome, 'deferred', 'a webhook never waits out a rate limit');
    assert.equal((await post(delivery).expect(200)).body.outcome, 'applied');

    zendesk.deleteTicket(id);
    const removed = await post(zendesk.signedEvent(id, SECRETS.PP_TEST_ZD_HOOK, { type: 'zen:event-type:ticket.soft_deleted' })).expect(200);
    assert.equal(removed.body.result.removed, 1);
    assert.deepEqual(await inquiriesOf(t), []);
    await assertRollupConsistent(t);
  });

  it('names what is wrong with a signed body that is not a ticket event, and 404s an unknown or inactive connector', async () => {
    const { zendesk, t } = world;
    const id = zendesk.createTicket({ customFields: { [TOPIC_FIELD]: 'sms_payment' } });
    const sign = (body: string) => {
      const signed = zendesk.signedEvent(id, SECRETS.PP_TEST_ZD_HOOK);
      const timestamp = signed.headers['x-zendesk-webhook-signature-timestamp']!;
      return { body, headers: { ...signed.headers, 'x-zendesk-webhook-signature': createHmac('sha256', SECRETS.PP_TEST_ZD_HOOK).update(timestamp + body).digest('base64') } };
    };
    assert.match((await post(sign('{"type":"zen:event-type:ticket.created","detail":{}}')).expect(422)).body.error.message, /names no ticket/);
    assert.match((await post(sign('not json')).expect(400)).body.error.message, /body: is not JSON/);
    await post(zendesk.signedEvent(id, SECRETS.PP_TEST_ZD_HOOK), 'no-such-connector').expect(404);
    await t.as('admin').patch(`/api/v1/connectors/${CONNECTOR}`).send({ active: false }).expect(200);
    await post(zendesk.signedEvent(id, SECRETS.PP_TEST_ZD_HOOK)).expect(404);
    assert.deepEqual(await inquiriesOf(t), []);
  });
});
