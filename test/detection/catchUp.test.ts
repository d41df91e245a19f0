import assert from 'node:assert/strict';
import { catchUp, CATCH_UP_CHUNK_DAYS } from '../../src/detection/catchUp.ts';
import { detectionJob } from '../../src/detection/jobs.ts';
import { listSpikes } from '../../src/detection/service.ts';
import { dirtyFrom, lastJudgedDay } from '../../src/detection/state.ts';
import { allJobs } from '../../src/jobs/all.ts';
import { addDays, daysInclusive } from '../../src/time.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';

describe('the detection job', function () {
  this.timeout(180_000);
  let t: TestApp;
  const spikeDay = '2026-10-20';
  before(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
    t.setNow('2026-10-23T05:00:00Z'); // 06:00 in Oslo
  });
  after(() => t.close());

  const loginSpikes = async () => (await listSpikes(t.db.pool)).filter((s) => s.topic === 'login' && s.market === null);

  it('is registered with the worker, every DETECTION_EVERY_MINUTES', () => {
    assert.ok(allJobs.includes(detectionJob));
    assert.equal(detectionJob.every!(t.ctx), '5 minutes');
  });

  it('judges an imported history in chunks, up to the day that just ended, then has nothing to do', async () => {
    const inquiries = [];
    for (let i = 0; i < daysInclusive('2026-07-01', '2026-10-22'); i++) {
      const day = addDays('2026-07-01', i);
      const n = day === spikeDay ? 40 : 6;
      for (let k = 0; k < n; k++) inquiries.push({ receivedAt: `${day}T10:${String(k).padStart(2, '0')}:00Z`, topic: 'login', market: 'torget', externalId: `${day}/${k}` });
    }
    await t.as('admin').post('/api/v1/inquiries').send({ inquiries }).expect(201);
    assert.equal(await dirtyFrom(t.db.pool), '2026-07-01');

    const runs = [];
    for (let result = await catchUp(t.ctx, t.ctx.now()); result; result = await catchUp(t.ctx, t.ctx.now())) runs.push(result);
    assert.equal(runs[0]!.from, '2026-07-01');
    assert.equal(runs[0]!.to, addDays('2026-07-01', CATCH_UP_CHUNK_DAYS - 1));
    assert.equal(runs.at(-1)!.to, '2026-10-22', 'the day before today in Oslo');
    assert.equal(runs.length, Math.ceil(daysInclusive('2026-07-01', '2026-10-22') / CATCH_UP_CHUNK_DAYS));
    assert.equal(await lastJudgedDay(t.db.pool), '2026-10-22');
    assert.equal(await dirtyFrom(t.db.pool), undefined);
    const spikes = await loginSpikes();
    assert.equal(spikes.length, 1, JSON.stringify(spikes));
    assert.equal(spikes[0]!.firstDay, spikeDay);
  });

  it('re-judges past days after a deletion, and withdraws what no longer holds', async () => {
    const { body } = await t.as('admin').get(`/api/v1/inquiries?from=${spikeDay}&to=${spikeDay}&limit=100`).expect(200);
    const extra = (body.inquiries as Array<{ id: number }>).slice(6);
    assert.equal(extra.length, 34);
    for (const inquiry of extra) await t.as('admin').delete(`/api/v1/inquiries/${inquiry.id}`).expect(204);
    assert.equal(await dirtyFrom(t.db.pool), spikeDay);

    const run = await catchUp(t.ctx, t.ctx.now());
    assert.deepEqual({ from: run?.from, to: run?.to }, { from: spikeDay, to: '2026-10-22' });
    assert.deepEqual(await loginSpikes(), []);
  });

  it('judges only the new day after midnight, and an import of today changes nothing judged', async () => {
    t.setNow('2026-10-23T22:30:00Z'); // 00:30 on 24 October in Oslo
    await t.as('admin').post('/api/v1/inquiries').send({ inquiries: [{ receivedAt: '2026-10-24T00:10:00+02:00', topic: 'login', market: 'torget' }] }).expect(201);
    assert.equal(await dirtyFrom(t.db.pool), undefined);
    const run = await catchUp(t.ctx, t.ctx.now());
    assert.deepEqual({ from: run?.from, to: run?.to }, { from: '2026-10-23', to: '2026-10-23' });
    assert.equal(await catchUp(t.ctx, t.ctx.now()), undefined);
    const handled = await detectionJob.handle(t.ctx, undefined as never, t.ctx.now());
    assert.equal(handled, 'skipped');
  });
});
