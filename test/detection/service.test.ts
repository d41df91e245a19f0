import assert from 'node:assert/strict';
import { loadDemo } from '../../src/demo/load.ts';
import { listSpikes, runDetection } from '../../src/detection/service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

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
