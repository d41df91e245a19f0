import assert from 'node:assert/strict';
import { experienceBeforeAfter } from '../../src/surveys/service.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';

const times = (n: number, row: Record<string, unknown>) => Array.from({ length: n }, () => ({ ...row }));
const nps = (score: number, answeredAt: string, topic = 'sms-payment', market = 'torget') => ({ answeredAt, metric: 'nps', score, topic, market });

async function topicIds(t: TestApp, keys: string[]): Promise<number[]> {
  const result = await t.db.pool.query<{ id: number }>(`SELECT id FROM topics WHERE key = ANY($1) ORDER BY key`, [keys]);
  return result.rows.map((row) => row.id);
}

describe('experience before and after a fix', () => {
  let t: TestApp;
  const windows = { before: { from: '2026-10-18', to: '2026-10-31' }, after: { from: '2026-11-02', to: '2026-11-15' } };
  before(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
    t.setNow('2026-12-01T12:00:00Z');
    const responses = [
      // Before: 20 promoters, 10 passives, 20 detractors. After: 60/25/15. Elsewhere: noise that must not count.
      ...times(20, nps(9, '2026-10-20T10:00:00+02:00')),
      ...times(10, nps(7, '2026-10-20T10:00:00+02:00')),
      ...times(20, nps(6, '2026-10-20T10:00:00+02:00')),
      ...times(60, nps(10, '2026-11-05T10:00:00+01:00')),
      ...times(25, nps(8, '2026-11-05T10:00:00+01:00')),
      ...times(15, nps(3, '2026-11-05T10:00:00+01:00')),
      ...times(30, nps(0, '2026-11-05T10:00:00+01:00', 'login')),
      ...times(30, nps(0, '2026-11-05T10:00:00+01:00', 'sms-payment', 'bil')),
      ...times(30, nps(0, '2026-11-01T10:00:00+01:00')), // the fix day: in neither window
      ...times(4, { answeredAt: '2026-11-05T10:00:00+01:00', metric: 'ces', scale: '1-7', score: 2, topic: 'card-payment', market: 'torget' }),
    ];
    await t.as('ingest').post('/api/v1/responses').send({ responses }).expect(201);
  });
  after(() => t.close());

  it('reports NPS before and after with the change and its interval, for the topics with their sub-topics', async () => {
    const result = await experienceBeforeAfter(t.db.pool, {
      topicIds: await topicIds(t, ['payment']),
      marketIds: await t.db.pool.query<{ id: number }>(`SELECT id FROM markets WHERE key = 'torget'`).then((r) => r.rows.map((row) => row.id)),
      ...windows,
      timeZone: 'Europe/Oslo',
    });
    assert.equal(result.hasAnswers, true);
    assert.equal(result.minSample, 30);
    assert.deepEqual(result.before.nps, { n: 50, insufficient: false, nps: 0, ci: { low: -23.82, high: 23.82 }, promoters: 20, passives: 10, detractors: 20 });
    assert.equal(result.after.nps.insufficient ? undefined : result.after.nps.nps, 45);
    // The adjusted-Wald comparison of test/surveys/statistics.test.ts for 60/25/15 against 20/10/20:
    // NumPy/SciPy 15.880 … 71.498.
    assert.deepEqual(result.change.nps, { delta: 45, ci: { low: 15.88, high: 71.5 }, significant: true });
    assert.deepEqual(result.after.ces['1-7'], { n: 4, insufficient: true, needed: 30 });
    assert.equal(result.change.ces['1-7'], null);
  });

  it('counts every market when none is given, and takes the minimum sample it is handed', async () => {
    const result = await experienceBeforeAfter(t.db.pool, { topicIds: await topicIds(t, ['sms-payment']), marketIds: [], ...windows, minSample: 200 });
    assert.deepEqual(result.after.nps, { n: 130, insufficient: true, needed: 200 });
    assert.equal(result.change.nps, null);
  });

  it('says when the topics have no answers at all, so a report can leave experience out', async () => {
    const result = await experienceBeforeAfter(t.db.pool, { topicIds: await topicIds(t, ['image-upload']), marketIds: [], ...windows });
    assert.equal(result.hasAnswers, false);
    assert.deepEqual(result.before.nps, { n: 0, insufficient: true, needed: 30 });
  });

  it('cuts days in the zone the database records when none is given', async () => {
    // 23:30 UTC on 1 Nov is 2 Nov in Oslo (in the after window) but 1 Nov in UTC (the fix day).
    await t.as('ingest').post('/api/v1/responses').send({ responses: times(5, nps(9, '2026-11-01T23:30:00Z', 'login', 'bil')) }).expect(201);
    const login = await topicIds(t, ['login']);
    const oslo = await experienceBeforeAfter(t.db.pool, { topicIds: login, marketIds: [], ...windows, minSample: 1 });
    assert.equal(oslo.after.nps.n, 35);
    await t.db.pool.query(`INSERT INTO app_meta (key, value) VALUES ('tz_name', 'UTC') ON CONFLICT (key) DO UPDATE SET value = 'UTC'`);
    const utc = await experienceBeforeAfter(t.db.pool, { topicIds: login, marketIds: [], ...windows, minSample: 1 });
    assert.equal(utc.after.nps.n, 30);
  });
});
