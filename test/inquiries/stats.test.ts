import assert from 'node:assert/strict';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';

describe('GET /api/v1/stats/volume', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
    const items: object[] = [];
    const add = (day: string, topic: string, n: number, market = 'torget') => {
      for (let i = 0; i < n; i++) items.push({ receivedAt: `${day}T12:00:00`, topic, market, channel: 'phone' });
    };
    // Previous period (1–10 Nov) and current period (11–20 Nov).
    add('2026-11-02', 'sms-payment', 4);
    add('2026-11-03', 'login', 16);
    add('2026-11-11', 'sms-payment', 10);
    add('2026-11-12', 'card-payment', 2);
    add('2026-11-15', 'login', 6, 'bil');
    add('2026-11-20', 'image-upload', 2);
    await t.as('admin').post('/api/v1/inquiries').send({ inquiries: items }).expect(201);
    t.setNow('2026-11-20T15:00:00Z');
  });
  after(() => t.close());

  const volume = (query: string) => t.as('agent').get(`/api/v1/stats/volume?${query}`).expect(200);

  it('counts per topic with share of all inquiries and change against the previous period', async () => {
    const { body } = await volume('from=2026-11-11&to=2026-11-20&groupBy=topic');
    assert.deepEqual(body.period, { from: '2026-11-11', to: '2026-11-20', days: 10 });
    assert.deepEqual(body.previousPeriod, { from: '2026-11-01', to: '2026-11-10' });
    assert.equal(body.total, 20);
    assert.equal(body.previousTotal, 20);
    assert.equal(body.change, 0);
    const byKey = Object.fromEntries(body.groups.map((g: { key: string }) => [g.key, g]));
    assert.deepEqual(byKey['sms-payment'], {
      key: 'sms-payment', name: 'SMS payment', count: 10, share: 0.5, previousCount: 4, previousShare: 0.2, change: 1.5,
    });
    assert.equal(byKey.login.change, -0.625);
    assert.equal(byKey['image-upload'].change, null, 'no change is stated against zero');
    assert.deepEqual(body.groups.map((g: { key: string }) => g.key), ['sms-payment', 'login', 'card-payment', 'image-upload']);
  });

  it('includes sub-topics in a topic filter and keeps shares relative to all inquiries', async () => {
    const { body } = await volume('from=2026-11-11&to=2026-11-20&topic=payment&groupBy=topic');
    assert.equal(body.total, 12);
    assert.equal(body.allInquiries, 20);
    assert.deepEqual(body.groups.map((g: { key: string; share: number }) => [g.key, g.share]), [['sms-payment', 0.5], ['card-payment', 0.1]]);
  });

  it('filters by market and groups by market', async () => {
    const { body } = await volume('from=2026-11-11&to=2026-11-20&groupBy=market');
    assert.deepEqual(body.groups.map((g: { key: string; count: number }) => [g.key, g.count]), [['torget', 14], ['bil', 6]]);
    const bil = await volume('from=2026-11-11&to=2026-11-20&market=bil');
    assert.equal(bil.body.total, 6);
    assert.equal(bil.body.groups[0].share, 1);
  });

  it('gives every day of the period, zero-filled, by day', async () => {
    const { body } = await volume('from=2026-11-10&to=2026-11-12&groupBy=day');
    assert.deepEqual(body.groups.map((g: { key: string; count: number; previousCount: number }) => [g.key, g.count, g.previousCount]), [
      ['2026-11-10', 0, 0],
      ['2026-11-11', 10, 0],
      ['2026-11-12', 2, 0],
    ]);
  });

  it('defaults to the 30 days up to today in the organisation time zone', async () => {
    const { body } = await volume('groupBy=channel');
    assert.deepEqual(body.period, { from: '2026-10-22', to: '2026-11-20', days: 30 });
    assert.equal(body.total, 40);
    const replay = await volume('groupBy=channel&asOf=2026-11-05');
    assert.deepEqual(replay.body.period, { from: '2026-10-07', to: '2026-11-05', days: 30 });
  });

  it('rejects bad periods and unknown keys with messages that name them', async () => {
    const bad = await t.as('agent').get('/api/v1/stats/volume?from=2026-02-30').expect(400);
    assert.match(bad.body.error.message, /from: "2026-02-30" is not a date/);
    const reversed = await t.as('agent').get('/api/v1/stats/volume?from=2026-11-20&to=2026-11-01').expect(400);
    assert.match(reversed.body.error.message, /is after to/);
    const group = await t.as('agent').get('/api/v1/stats/volume?groupBy=weather').expect(400);
    assert.match(group.body.error.details.join(), /groupBy/);
    const unknown = await t.as('agent').get('/api/v1/stats/volume?topic=nope').expect(404);
    assert.match(unknown.body.error.message, /Unknown topic "nope"/);
  });
});
