import assert from 'node:assert/strict';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';

describe('taxonomy API', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
  });
  afterEach(() => t.close());

  const log = (topic: string, market = 'torget', receivedAt = '2026-11-20T10:00:00Z') =>
    t.as('agent').post('/api/v1/inquiries').send({ receivedAt, topic, market }).expect(201);

  it('lists topics with their parents', async () => {
    const res = await t.as('agent').get('/api/v1/topics').expect(200);
    const sms = res.body.topics.find((x: { key: string }) => x.key === 'sms-payment');
    assert.equal(sms.parentKey, 'payment');
  });

  it('creates, renames and archives a market; archived ones are hidden unless asked for', async () => {
    await t.as('analyst').post('/api/v1/markets').send({ key: 'Jobb', name: 'Jobb' }).expect(201);
    const renamed = await t.as('analyst').patch('/api/v1/markets/jobb').send({ name: 'Jobb (jobs)' }).expect(200);
    assert.equal(renamed.body.name, 'Jobb (jobs)');
    await t.as('analyst').patch('/api/v1/markets/jobb').send({ archived: true }).expect(200);
    const visible = await t.as('agent').get('/api/v1/markets').expect(200);
    assert.ok(!visible.body.markets.some((m: { key: string }) => m.key === 'jobb'));
    const all = await t.as('agent').get('/api/v1/markets?includeArchived=true').expect(200);
    assert.ok(all.body.markets.some((m: { key: string }) => m.key === 'jobb'));
  });

  it('rejects duplicate keys, bad keys and unknown parents with clear messages', async () => {
    const dup = await t.as('admin').post('/api/v1/topics').send({ key: 'login', name: 'Again' }).expect(409);
    assert.match(dup.body.error.message, /already exists/);
    const bad = await t.as('admin').post('/api/v1/topics').send({ key: 'has space', name: 'X' }).expect(400);
    assert.match(bad.body.error.details.join(), /key: must be 1–64 characters/);
    const orphan = await t.as('admin').post('/api/v1/topics').send({ key: 'x', name: 'X', parent: 'nope' }).expect(404);
    assert.match(orphan.body.error.message, /Unknown topic "nope"/);
  });

  it('refuses to make a topic its own ancestor', async () => {
    const res = await t.as('admin').patch('/api/v1/topics/payment').send({ parent: 'sms-payment' }).expect(409);
    assert.match(res.body.error.message, /own ancestor/);
  });

  it('merges a topic: history moves, the rollup follows, the old key still resolves', async () => {
    await log('card-payment');
    await log('card-payment');
    await log('sms-payment');
    const res = await t.as('admin').post('/api/v1/topics/card-payment/merge').send({ into: 'sms-payment' }).expect(200);
    assert.deepEqual(res.body, { from: 'card-payment', into: 'sms-payment', inquiriesMoved: 2 });

    const stats = await t.as('agent').get('/api/v1/stats/volume?from=2026-11-20&to=2026-11-20&groupBy=topic').expect(200);
    assert.deepEqual(
      stats.body.groups.map((g: { key: string; count: number }) => [g.key, g.count]),
      [['sms-payment', 3]],
    );
    // An integration still sending the old key keeps working; its inquiries land on the new topic.
    await log('card-payment');
    const after = await t.as('agent').get('/api/v1/stats/volume?from=2026-11-20&to=2026-11-20&topic=sms-payment').expect(200);
    assert.equal(after.body.total, 4);
    const { rollupMismatches } = await import('../../src/inquiries/service.ts');
    assert.deepEqual(await rollupMismatches(t.db.pool), []);
  });

  it('merges a market and refuses to merge into itself or an already merged one', async () => {
    await log('login', 'bil');
    await t.as('admin').post('/api/v1/markets/bil/merge').send({ into: 'torget' }).expect(200);
    await t.as('admin').post('/api/v1/markets/torget/merge').send({ into: 'torget' }).expect(400);
    const again = await t.as('admin').post('/api/v1/markets/bil/merge').send({ into: 'torget' }).expect(409);
    assert.match(again.body.error.message, /already merged/);
    const stats = await t.as('agent').get('/api/v1/stats/volume?from=2026-11-20&to=2026-11-20&groupBy=market').expect(200);
    assert.deepEqual(stats.body.groups.map((g: { key: string }) => g.key), ['torget']);
  });

  it('seeds idempotently: existing keys are renamed, not duplicated, and a cycle is refused whole', async () => {
    const res = await t
      .as('admin')
      .post('/api/v1/taxonomy')
      .send({ topics: [{ key: 'login', name: 'Cannot log in' }, { key: 'password', name: 'Password', parent: 'login' }] })
      .expect(200);
    assert.deepEqual(res.body, { created: 1, updated: 1 });
    const cycle = await t
      .as('admin')
      .post('/api/v1/taxonomy')
      .send({ topics: [{ key: 'new-one', name: 'New' }, { key: 'login', name: 'Cannot log in', parent: 'password' }] })
      .expect(400);
    assert.match(cycle.body.error.message, /cycle/);
    const topics = await t.as('agent').get('/api/v1/topics').expect(200);
    assert.ok(!topics.body.topics.some((x: { key: string }) => x.key === 'new-one'), 'a refused seed stores nothing');
    const twice = await t.as('admin').post('/api/v1/taxonomy').send({ topics: [{ key: 'dup', name: 'One' }, { key: 'other', name: 'Other' }, { key: 'dup', name: 'Two' }] }).expect(400);
    assert.match(twice.body.error.message, /topics\.2\.key: "dup" is given twice \(also topics\.0\)/);
  });
});
