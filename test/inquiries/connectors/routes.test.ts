import assert from 'node:assert/strict';
import { createTestApp, seedTaxonomy, type TestApp } from '../../support/app.ts';
import { zendeskConnector } from './support.ts';

describe('connectors API', function () {
  this.timeout(60_000);
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'https://pinchpoint.example' });
    await seedTaxonomy(t);
  });
  after(() => t.close());

  const webhookConnector = { name: 'skjema', kind: 'webhook', secretEnv: 'PP_TEST_HOOK', mapping: { externalId: '/id', receivedAt: '/at', topic: '/topic' } };

  it('is for admins only: other roles get 403 naming who may, no token 401', async () => {
    for (const role of ['agent', 'analyst', 'leader', 'ingest'] as const) {
      const res = await t.as(role).get('/api/v1/connectors').expect(403);
      assert.match(res.body.error.message, /may not manageConnectors; allowed: admin/);
      await t.as(role).post('/api/v1/connectors').send(webhookConnector).expect(403);
    }
    await t.as('admin').get('/api/v1/connectors').expect(200);
    const { default: supertest } = await import('supertest');
    await supertest(t.app).get('/api/v1/connectors').expect(401);
  });

  it('creates, lists and shows connectors with secrets only as variable names, and refuses a taken name', async () => {
    const created = (await t.as('admin').post('/api/v1/connectors').send(zendeskConnector('https://finn.zendesk.com')).expect(201)).body;
    assert.equal(created.source, 'zendesk:finn-support');
    assert.equal(created.hookUrl, 'https://pinchpoint.example/api/v1/hooks/finn-support');
    assert.equal(created.settings.tokenEnv, 'PP_TEST_ZD_TOKEN');
    assert.equal(created.defaultMarket, 'torget');
    assert.equal(created.startFrom, '2026-11-01T00:00:00.000Z');
    assert.ok(!JSON.stringify(created).includes('zd-api-token'), 'no secret value in the answer');
    const bySubdomain = (await t.as('admin').post('/api/v1/connectors').send({ ...zendeskConnector('x'), name: 'finn-bil', baseUrl: undefined, subdomain: 'finnbil', startFrom: undefined }).expect(201)).body;
    assert.equal(bySubdomain.startFrom, new Date(Date.parse('2026-11-23T12:00:00Z') - 90 * 86_400_000).toISOString(), 'a new connector reads the last 90 days');
    await t.as('admin').post('/api/v1/connectors').send(webhookConnector).expect(201);
    await t.as('admin').post('/api/v1/connectors').send(webhookConnector).expect(409);
    const list = (await t.as('admin').get('/api/v1/connectors').expect(200)).body.connectors;
    assert.deepEqual(list.map((c: { name: string }) => c.name), ['finn-bil', 'finn-support', 'skjema']);
    const shown = (await t.as('admin').get('/api/v1/connectors/skjema').expect(200)).body;
    assert.deepEqual([shown.kind, shown.rules, shown.unmappedCount], ['webhook', [], 0]);
    await t.as('admin').get('/api/v1/connectors/nobody').expect(404);
  });

  it('refuses a bad connector with 422 naming each field', async () => {
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...webhookConnector, name: 'Has Spaces' }, /name: must be 1–40 characters/],
      [{ ...webhookConnector, name: 'x1', kind: 'freshdesk' }, /kind: must be zendesk or webhook/],
      [{ ...webhookConnector, name: 'x2', secretEnv: 'lower-case' }, /secretEnv: must be an environment variable name/],
      [{ ...webhookConnector, name: 'x3', mapping: { externalId: 'id', receivedAt: '/at', topic: '/topic' } }, /mapping.externalId: must be a JSON pointer/],
      [{ ...webhookConnector, name: 'x4', mapping: { receivedAt: '/at', topic: '/topic' } }, /mapping.externalId/],
      [{ ...webhookConnector, name: 'x5', mapping: { ...webhookConnector.mapping, topicValues: { Billing: 'no-such-topic' } } }, /mapping.topicValues.Billing: unknown topic "no-such-topic"/],
      [{ ...webhookConnector, name: 'x6', defaultMarket: 'atlantis' }, /defaultMarket: unknown market "atlantis"/],
      [{ ...webhookConnector, name: 'x7', surprise: true }, /unknown field "(surprise|extra)"/],
      [{ ...zendeskConnector('https://a.zendesk.com'), name: 'x8', subdomain: 'a' }, /subdomain: give a Zendesk subdomain or a baseUrl \(one of them\)/],
      [{ ...zendeskConnector('ftp://a'), name: 'x9' }, /baseUrl: must be an http\(s\) URL/],
      [{ ...zendeskConnector('https://a.zendesk.com'), name: 'x10', pageSize: 5000 }, /pageSize/],
      [{ ...zendeskConnector('https://a.zendesk.com'), name: 'x11', startFrom: 'last monday' }, /startFrom: must be an ISO 8601 date-time/],
    ];
    for (const [body, message] of bad) {
      const res = await t.as('admin').post('/api/v1/connectors').send(body).expect(422);
      assert.match(res.body.error.message, message, JSON.stringify(body));
    }
    const names = (await t.as('admin').get('/api/v1/connectors')).body.connectors.map((c: { name: string }) => c.name);
    assert.ok(!names.some((n: string) => /^x\d+$/.test(n)), 'nothing stored');
  });

  it('updates settings, refuses changing the kind, and keeps Zendesk-only fields to Zendesk', async () => {
    const patched = (await t.as('admin').patch('/api/v1/connectors/finn-support').send({ pageSize: 500, defaultMarket: 'bil', resetCursor: true }).expect(200)).body;
    assert.deepEqual([patched.settings.pageSize, patched.defaultMarket, patched.cursor], [500, 'bil', null]);
    assert.equal(patched.settings.tokenEnv, 'PP_TEST_ZD_TOKEN', 'other settings stay');
    await t.as('admin').patch('/api/v1/connectors/finn-support').send({ kind: 'webhook' }).expect(409);
    await t.as('admin').patch('/api/v1/connectors/finn-support').send({ pageSize: 0 }).expect(422);
    await t.as('admin').patch('/api/v1/connectors/skjema').send({ resetCursor: true }).expect(422);
    await t.as('admin').patch('/api/v1/connectors/nobody').send({ active: false }).expect(404);
    await t.as('admin').post('/api/v1/connectors/skjema/sync').expect(409);
  });

  it('keeps rules in order, refuses bad rules by field, and deletes them', async () => {
    const url = '/api/v1/connectors/finn-support/rules';
    const first = (await t.as('admin').post(url).send({ match: { field: 'tag', equals: 'sms' }, topic: 'sms-payment' }).expect(201)).body.rule;
    const second = (await t.as('admin').post(url).send({ match: { field: 'form', equals: '360000123' }, market: 'bil' }).expect(201)).body.rule;
    const front = (await t.as('admin').post(url).send({ match: { field: 'custom_field:360001', equals: 'login' }, topic: 'login', market: 'torget', position: 1 }).expect(201)).body.rule;
    const order = async () => (await t.as('admin').get(url).expect(200)).body.rules.map((r: { id: number; position: number }) => [r.id, r.position]);
    assert.deepEqual(await order(), [[front.id, 1], [first.id, 2], [second.id, 3]]);

    const moved = (await t.as('admin').patch(`${url}/${second.id}`).send({ position: 1, topic: 'payment' }).expect(200)).body.rule;
    assert.deepEqual([moved.position, moved.topic, moved.market, moved.field], [1, 'payment', 'bil', 'form']);
    assert.deepEqual(await order(), [[second.id, 1], [front.id, 2], [first.id, 3]]);

    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ match: { field: 'topic', equals: 'x' }, topic: 'login' }, /match.field: "topic" is not something a zendesk rule can match; use tag, form, brand or custom_field:<field id>/],
      [{ match: { field: 'custom_field:abc', equals: 'x' }, topic: 'login' }, /match.field/],
      [{ match: { field: 'tag', equals: '' }, topic: 'login' }, /match.equals: is required/],
      [{ match: { field: 'tag', equals: 'x' } }, /a rule must name a topic, a market or both/],
      [{ match: { field: 'tag', equals: 'x' }, topic: 'nope' }, /topic: unknown topic "nope"/],
      [{ match: { field: 'tag', equals: 'x' }, market: 'nope' }, /market: unknown market "nope"/],
      [{ match: { field: 'tag', equals: 'x' }, topic: 'login', position: 0 }, /position: must be 1 or more/],
      [{ match: { field: 'tag', equals: 'x' }, topic: 'login', extra: 1 }, /unknown field "(surprise|extra)"/],
    ];
    for (const [body, message] of bad) assert.match((await t.as('admin').post(url).send(body).expect(422)).body.error.message, message);
    await t.as('admin').post('/api/v1/connectors/skjema/rules').send({ match: { field: 'tag', equals: 'x' }, topic: 'login' }).expect(422);
    await t.as('admin').post('/api/v1/connectors/skjema/rules').send({ match: { field: 'topic', equals: 'Innlogging' }, topic: 'login' }).expect(201);

    await t.as('admin').delete(`${url}/${front.id}`).expect(204);
    assert.deepEqual(await order(), [[second.id, 1], [first.id, 2]]);
    await t.as('admin').delete(`${url}/${front.id}`).expect(404);
    await t.as('admin').patch(`/api/v1/connectors/skjema/rules/${first.id}`).send({ topic: 'login' }).expect(404);
    await t.as('admin').delete(`${url}/abc`).expect(400);
    await t.as('analyst').post(url).send({ match: { field: 'tag', equals: 'x' }, topic: 'login' }).expect(403);
  });

  it('answers the unmapped list and re-application for an empty connector, and refuses a bad page', async () => {
    const report = (await t.as('admin').get('/api/v1/connectors/finn-support/unmapped').expect(200)).body;
    assert.deepEqual({ total: report.total, values: report.values, tickets: report.tickets, nextAfter: report.nextAfter }, { total: 0, values: [], tickets: [], nextAfter: null });
    await t.as('admin').get('/api/v1/connectors/finn-support/unmapped?limit=0').expect(400);
    assert.deepEqual((await t.as('admin').post('/api/v1/connectors/finn-support/reapply').expect(200)).body, { mapped: 0, remaining: 0 });
    await t.as('leader').get('/api/v1/connectors/finn-support/unmapped').expect(403);
  });
});
