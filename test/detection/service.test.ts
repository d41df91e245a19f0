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
});
