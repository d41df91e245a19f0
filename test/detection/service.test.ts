import assert from 'node:assert/strict';
import { loadDemo } from '../../src/demo/load.ts';
import { listSpikes, runDetection } from '../../src/detection/service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { addDays, daysInclusive } from '../../src/time.ts';

describe('detection runs on stored inquiries', function () {
  this.timeout(180_000);
  let db: TestDatabase;
  const now = new Date('2026-11-23T06:00:00Z');
  before(async () => {
    db = await createTestDatabase();
    await loadDemo(db.pool, { lastDay: '2026-11-22', timeZone: 'Europe/Oslo', asOf: now });
  });
  after(() => db.close());

  const snapshot = async () => ({
    spikes: await listSpikes(db.pool),
    days: (await db.pool.query(`SELECT spike_id, day, kind, observed, score FROM spike_days ORDER BY spike_id, day`)).rows,
  });

  it('replays the SMS-payment story day by day and raises it in October, before the peak', async () => {
    const run = await runDetection(db.pool, { from: '2026-09-01', to: '2026-11-05', country: 'NO', now });
    assert.equal(run.days, 66);
    const spikes = await listSpikes(db.pool);
    const sms = spikes.filter((s) => s.topic === 'sms-payment' && s.market === null);
    assert.equal(sms.length, 1, 'one continuing spike, not one per day');
    assert.ok(sms[0]!.firstDay >= '2026-10-01' && sms[0]!.firstDay < '2026-11-01', `first day ${sms[0]!.firstDay}`);
    assert.ok(sms[0]!.peakValue >= 20, `peak ${sms[0]!.peakValue}: the rise to ~24 a day`);
    assert.ok(sms[0]!.peakDay <= '2026-11-01');
    assert.ok(!spikes.some((s) => s.topic === 'ad-creation' && s.kind === 'share'), 'a category is not raised for its share');
    // Ad editing is a quarter of the cars market every week: normal there, so no share spike.
    assert.deepEqual(spikes.filter((s) => s.topic === 'ad-editing' && s.kind === 'share').map((s) => s.market), []);
  });

  it('changes nothing when the same days are run again', async () => {
    const before = await snapshot();
    await runDetection(db.pool, { from: '2026-10-20', to: '2026-11-05', country: 'NO', now });
    await runDetection(db.pool, { from: '2026-11-05', to: '2026-11-05', country: 'NO', now });
    assert.deepEqual(await snapshot(), before);
  });

  it('ends a spike after a quiet week', async () => {
    await runDetection(db.pool, { from: '2026-11-06', to: '2026-11-20', country: 'NO', now });
    const sms = (await listSpikes(db.pool)).find((s) => s.topic === 'sms-payment' && s.market === null)!;
    assert.equal(sms.status, 'ended');
    assert.ok(sms.lastDay <= '2026-11-03', `last anomalous day ${sms.lastDay}`);
  });
});

describe('detection re-runs after back-filled data', function () {
  this.timeout(120_000);
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
  });
  after(() => t.close());

  it('withdraws a finding the corrected data no longer supports, and forgets a spike left with no day', async () => {
    // Ten days ago the login topic had 40 inquiries on a day that normally has ~6: a spike. The
    // import was wrong; 34 of them belonged to another day's file and are deleted.
    const first = '2026-08-01';
    const spikeDay = '2026-10-20';
    const inquiries: Array<{ receivedAt: string; topic: string; market: string; externalId: string }> = [];
    for (let i = 0; daysInclusive(first, addDays(spikeDay, 1)) > i; i++) {
      const day = addDays(first, i);
      const n = day === spikeDay ? 40 : 6;
      for (let k = 0; k < n; k++) inquiries.push({ receivedAt: `${day}T10:${String(k).padStart(2, '0')}:00Z`, topic: 'login', market: 'torget', externalId: `${day}-${k}` });
    }
    await t.as('admin').post('/api/v1/inquiries').send({ inquiries }).expect(201);
    await runDetection(t.db.pool, { from: spikeDay, to: spikeDay, country: 'NO', now: t.ctx.now() });
    const raised = (await listSpikes(t.db.pool)).filter((s) => s.topic === 'login');
    assert.ok(raised.length > 0, 'the 40 is raised');

    await t.db.pool.query(`DELETE FROM inquiries WHERE external_id LIKE $1 AND split_part(external_id, '-', 4)::int >= 6`, [`${spikeDay}-%`]);
    await runDetection(t.db.pool, { from: spikeDay, to: spikeDay, country: 'NO', now: t.ctx.now() });
    assert.deepEqual((await listSpikes(t.db.pool)).filter((s) => s.topic === 'login'), []);
  });

  it("moves a spike's peak, score and first day to the days that remain when its peak day is withdrawn", async () => {
    // Two raised days in card payment (and so in its parent, payment): 40 and then 30 on days that
    // normally have ~6. The 40 was a wrong import; once corrected the spike is the 30 alone. Image
    // upload's 60 a day keep card payment's share of all inquiries ordinary outside the rise.
    const first = '2026-08-01';
    const [peakDay, nextDay] = ['2026-10-20', '2026-10-21'];
    const inquiries: Array<{ receivedAt: string; topic: string; market: string; externalId: string }> = [];
    for (let i = 0; daysInclusive(first, nextDay) > i; i++) {
      const day = addDays(first, i);
      const n = day === peakDay ? 40 : day === nextDay ? 30 : 6;
      for (let k = 0; k < n; k++) inquiries.push({ receivedAt: `${day}T10:${String(k).padStart(2, '0')}:00Z`, topic: 'card-payment', market: 'torget', externalId: `c-${day}-${k}` });
      for (let k = 0; k < 60; k++) inquiries.push({ receivedAt: `${day}T11:${String(k).padStart(2, '0')}:00Z`, topic: 'image-upload', market: 'torget', externalId: `i-${day}-${k}` });
    }
    await t.as('admin').post('/api/v1/inquiries').send({ inquiries }).expect(201);
    await runDetection(t.db.pool, { from: peakDay, to: nextDay, country: 'NO', now: t.ctx.now() });
    const before = (await listSpikes(t.db.pool)).filter((s) => s.topic === 'card-payment' || s.topic === 'payment');
    assert.ok(before.length > 0, 'the rise is raised');
    assert.ok(before.some((s) => s.topic === 'payment'), 'in the parent topic too');
    for (const spike of before) assert.deepEqual([spike.firstDay, spike.peakDay, spike.peakValue], [peakDay, peakDay, 40]);

    await t.db.pool.query(`DELETE FROM inquiries WHERE external_id LIKE $1 AND split_part(external_id, '-', 5)::int >= 6`, [`c-${peakDay}-%`]);
    await runDetection(t.db.pool, { from: peakDay, to: nextDay, country: 'NO', now: t.ctx.now() });
    const after = (await listSpikes(t.db.pool)).filter((s) => s.topic === 'card-payment' || s.topic === 'payment');
    assert.deepEqual(after.map((s) => s.id).sort(), before.map((s) => s.id).sort(), 'the same spikes, narrowed');
    for (const spike of after) {
      assert.deepEqual([spike.firstDay, spike.lastDay, spike.peakDay, spike.peakValue], [nextDay, nextDay, nextDay, 30]);
      const detail = await t.as('admin').get(`/api/v1/spikes/${spike.id}`).expect(200);
      const raisedDays = detail.body.raisedDays as Array<{ day: string; score: number; kind: string }>;
      assert.deepEqual(raisedDays.map((d) => d.day), [nextDay]);
      assert.deepEqual([spike.score, spike.kind], [raisedDays[0]!.score, raisedDays[0]!.kind], 'score and kind of the remaining day');
    }

    // A correction that leaves the day raised but lower lowers the peak too: 30 becomes 20.
    await t.db.pool.query(`DELETE FROM inquiries WHERE external_id LIKE $1 AND split_part(external_id, '-', 5)::int >= 20`, [`c-${nextDay}-%`]);
    await runDetection(t.db.pool, { from: nextDay, to: nextDay, country: 'NO', now: t.ctx.now() });
    const lowered = (await listSpikes(t.db.pool)).filter((s) => s.topic === 'card-payment' || s.topic === 'payment');
    assert.deepEqual(lowered.map((s) => [s.id, s.peakDay, s.peakValue]), after.map((s) => [s.id, nextDay, 20]));
  });
});
