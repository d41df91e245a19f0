import assert from 'node:assert/strict';
import { filterScope } from '../../src/taxonomy/service.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';

describe('the topic and market scope of lists and reports', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
  });
  after(() => t.close());

  const idOf = async (table: 'topics' | 'markets', key: string) =>
    (await t.db.pool.query<{ id: number }>(`SELECT id FROM ${table} WHERE key = $1`, [key])).rows[0]!.id;

  it('takes a topic with every sub-topic, and a market', async () => {
    const scope = await filterScope(t.db.pool, { topic: 'payment', market: 'bil' });
    const expected = await Promise.all(['payment', 'sms-payment', 'card-payment'].map((k) => idOf('topics', k)));
    assert.deepEqual([...scope.topicIds!].sort(), expected.sort());
    assert.equal(scope.marketId, await idOf('markets', 'bil'));
    assert.deepEqual(await filterScope(t.db.pool, {}), {}, 'no filter, no scope');
  });

  it('follows a merged key to the topic or market it was merged into', async () => {
    await t.as('admin').post('/api/v1/topics/card-payment/merge').send({ into: 'sms-payment' }).expect(200);
    await t.as('admin').post('/api/v1/markets/bil/merge').send({ into: 'torget' }).expect(200);
    const scope = await filterScope(t.db.pool, { topic: 'card-payment', market: 'bil' });
    assert.deepEqual(scope, { topicIds: [await idOf('topics', 'sms-payment')], marketId: await idOf('markets', 'torget') });
  });

  it('names an unknown key with a 404, in every list that filters by it', async () => {
    await assert.rejects(filterScope(t.db.pool, { topic: 'nope' }), { code: 'NOT_FOUND', message: 'Unknown topic "nope"' });
    await assert.rejects(filterScope(t.db.pool, { topic: 'payment', market: 'nope' }), { code: 'NOT_FOUND', message: 'Unknown market "nope"' });
    for (const path of ['/api/v1/inquiries', '/api/v1/stats/volume', '/api/v1/spikes', '/api/v1/responses', '/api/v1/stats/experience']) {
      const res = await t.as('admin').get(`${path}?topic=nope`);
      assert.equal(res.status, 404, path);
      assert.match(res.body.error.message, /Unknown topic "nope"/, path);
    }
  });
});
