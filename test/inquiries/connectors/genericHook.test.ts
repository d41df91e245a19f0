import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import supertest from 'supertest';
import { createTestApp, seedTaxonomy, type TestApp } from '../../support/app.ts';
import { assertRollupConsistent, inquiriesOf, SECRETS } from './support.ts';

const SOURCE = 'webhook:kundeservice';

/** A tool that posts `{ id, opened, category: { name }, region, text, medium }`. */
const connector = {
  name: 'kundeservice',
  kind: 'webhook',
  secretEnv: 'PP_TEST_HOOK',
  previousSecretEnv: 'PP_TEST_HOOK_OLD',
  defaultMarket: 'torget',
  mapping: {
    externalId: '/id',
    receivedAt: '/opened',
    topic: '/category/name',
    market: '/region',
    note: '/text',
    channel: '/medium',
    topicValues: { 'SMS-betaling': 'sms-payment', Bildeopplasting: 'image-upload' },
    marketValues: { Motor: 'bil' },
    channelValues: { telefon: 'phone' },
  },
};

function signed(payload: unknown, secret = SECRETS.PP_TEST_HOOK): { body: string; headers: Record<string, string> } {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return { body, headers: { 'content-type': 'application/json', 'x-pinchpoint-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` } };
}

const item = (id: string | number, overrides: Record<string, unknown> = {}) => ({
  id,
  opened: '2026-11-20T09:30:00+01:00',
  category: { name: 'SMS-betaling' },
  region: 'Torget',
  text: 'Betalte to ganger',
  medium: 'telefon',
  ...overrides,
});

describe('generic webhook', function () {
  this.timeout(60_000);
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
    await t.as('admin').post('/api/v1/connectors').send(connector).expect(201);
  });
  afterEach(() => t.close());

  const post = (delivery: { body: string; headers: Record<string, string> }, name = 'kundeservice') =>
    supertest(t.app).post(`/api/v1/hooks/${name}`).set(delivery.headers).send(delivery.body);

  it('maps a payload through the stored paths and value maps into one inquiry', async () => {
    const res = await post(signed(item('A-1'))).expect(201);
    assert.deepEqual(res.body, { created: 1, updated: 0, duplicates: 0, unmapped: 0, rejected: [] });
    assert.deepEqual(await inquiriesOf(t, SOURCE), [
      { externalId: 'A-1', topic: 'sms-payment', market: 'torget', channel: 'phone', note: 'Betalte to ganger', receivedAt: '2026-11-20T08:30:00Z' },
    ]);
    // A value that is already one of our keys needs no map; an unmapped market value falls back to the default market.
    await post(signed(item(2, { category: { name: 'login' }, region: undefined, medium: 'chat' }))).expect(201);
    await post(signed(item(3, { category: { name: 'Bildeopplasting' }, region: 'Motor' }))).expect(201);
    const stored = await inquiriesOf(t, SOURCE);
    assert.deepEqual(stored.map((i) => [i.externalId, i.topic, i.market, i.channel]), [['2', 'login', 'torget', 'chat'], ['3', 'image-upload', 'bil', 'phone'], ['A-1', 'sms-payment', 'torget', 'phone']]);
  });

  it('treats a replay of the same external id as a duplicate, and a changed category as an update', async () => {
    const delivery = signed(item('A-1'));
    await post(delivery).expect(201);
    const replay = await post(delivery).expect(200);
    assert.deepEqual(replay.body, { created: 0, updated: 0, duplicates: 1, unmapped: 0, rejected: [] });
    assert.equal((await inquiriesOf(t, SOURCE)).length, 1);
    const recategorised = await post(signed(item('A-1', { category: { name: 'Bildeopplasting' } }))).expect(200);
    assert.equal(recategorised.body.updated, 1);
    assert.equal((await inquiriesOf(t, SOURCE))[0]!.topic, 'image-upload');
    await assertRollupConsistent(t);
  });

  it('refuses a forged, unsigned or tampered delivery with 401 and stores nothing; accepts the previous secret', async () => {
    const good = signed(item('A-1'));
    assert.match((await post(signed(item('A-1'), 'guessed')).expect(401)).body.error.message, /X-Pinchpoint-Signature does not match/);
    await post({ body: good.body, headers: { 'content-type': 'application/json' } }).expect(401);
    await post({ body: good.body.replace('A-1', 'A-2'), headers: good.headers }).expect(401);
    await post({ body: good.body, headers: { ...good.headers, 'x-pinchpoint-signature': good.headers['x-pinchpoint-signature']!.replace('sha256=', '') } }).expect(401);
    assert.deepEqual(await inquiriesOf(t, SOURCE), []);
    await post(signed(item('A-1'), SECRETS.PP_TEST_HOOK_OLD)).expect(201);
  });

  it('names the bad field of a bad payload and stores nothing of it', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [item(undefined as unknown as string), /externalId \(\/id\): missing/],
      [item('A-1', { opened: undefined }), /receivedAt \(\/opened\): missing/],
      [item('A-1', { opened: 'yesterday' }), /receivedAt: "yesterday" is not an ISO 8601 date-time/],
      [item('A-1', { opened: '2026-12-30T10:00:00Z' }), /receivedAt: .* is more than a day in the future/],
      [item('A-1', { category: { name: { nested: true } } }), /topic \(\/category\/name\): must be text or a number/],
      [item('A-1', { medium: 'pigeon' }), /channel: must be one of/],
      [[], /an empty list/],
      ['"just a string"', /each item must be a JSON object/],
    ];
    for (const [payload, message] of cases) {
      const res = await post(signed(payload)).expect(422);
      assert.match(res.body.error.message, message);
    }
    assert.match((await post(signed('{"id": 1,')).expect(400)).body.error.message, /body: is not JSON/);
    assert.deepEqual(await inquiriesOf(t, SOURCE), []);
    assert.equal((await t.as('admin').get('/api/v1/connectors/kundeservice')).body.unmappedCount, 0);
  });

  it('stores the good items of a list and reports the bad ones by index', async () => {
    const res = await post(signed([item('A-1'), item('A-2', { opened: 'soon' }), item('A-3', { id: undefined })])).expect(201);
    assert.equal(res.body.created, 1);
    assert.deepEqual(res.body.rejected.map((r: { index: number }) => r.index), [1, 2]);
    assert.match(res.body.rejected[1].errors[0], /externalId \(\/id\): missing/);
    await post(signed([item('A-4', { opened: 'soon' })])).expect(422);
    assert.deepEqual((await inquiriesOf(t, SOURCE)).map((i) => i.externalId), ['A-1']);
  });

  it('lists values it cannot map in the unmapped list, and maps them when a rule or a value map is added', async () => {
    const res = await post(signed([item('A-1', { category: { name: 'Innlogging' } }), item('A-2', { category: { name: 'Innlogging' } }), item('A-3', { category: undefined }), item('A-4', { region: 'Jobb' })])).expect(200);
    assert.deepEqual({ created: res.body.created, unmapped: res.body.unmapped }, { created: 0, unmapped: 4 });
    const report = (await t.as('admin').get('/api/v1/connectors/kundeservice/unmapped').expect(200)).body;
    assert.equal(report.total, 4);
    assert.deepEqual(report.values.find((v: { value: string }) => v.value === 'Innlogging'), { field: 'topic', value: 'Innlogging', tickets: 2 });
    assert.ok(report.byReason.some((r: { reason: string }) => r.reason === 'unknown topic "innlogging"'));
    assert.ok(report.byReason.some((r: { reason: string }) => r.reason === 'no rule gives a topic'));
    assert.ok(report.byReason.some((r: { reason: string }) => /unknown market "jobb"/.test(r.reason)));

    const rule = (await t.as('admin').post('/api/v1/connectors/kundeservice/rules').send({ match: { field: 'topic', equals: 'Innlogging' }, topic: 'login' }).expect(201)).body;
    assert.deepEqual(rule.reapplied, { mapped: 2, remaining: 2 });
    const patched = (await t.as('admin').patch('/api/v1/connectors/kundeservice').send({ mapping: { ...connector.mapping, marketValues: { Motor: 'bil', Jobb: 'bil' } } }).expect(200)).body;
    assert.deepEqual(patched.reapplied, { mapped: 1, remaining: 1 });
    assert.deepEqual((await inquiriesOf(t, SOURCE)).map((i) => [i.externalId, i.topic, i.market]), [['A-1', 'login', 'torget'], ['A-2', 'login', 'torget'], ['A-4', 'sms-payment', 'bil']]);
    await assertRollupConsistent(t);
  });
});
