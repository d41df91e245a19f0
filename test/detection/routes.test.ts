import assert from 'node:assert/strict';
import { loadDemo } from '../../src/demo/load.ts';
import { runDetection } from '../../src/detection/service.ts';
import { addDays } from '../../src/time.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

describe('spikes API', function () {
  this.timeout(180_000);
  let t: TestApp;
  let smsId: number;
  before(async () => {
    t = await createTestApp();
    const now = new Date('2026-11-23T06:00:00Z');
    t.setNow(now);
    await loadDemo(t.db.pool, { lastDay: '2026-11-22', timeZone: 'Europe/Oslo', asOf: now });
    await runDetection(t.db.pool, { from: '2026-10-01', to: '2026-11-02', country: 'NO', now });
  });
  after(() => t.close());

  it('lists spikes by topic (with sub-topics), market and status', async () => {
    const { body } = await t.as('leader').get('/api/v1/spikes?topic=payment&status=open').expect(200);
    const sms = body.spikes.find((s: { topic: string; market: string | null }) => s.topic === 'sms-payment' && s.market === null);
    assert.ok(sms, 'the SMS-payment rise is an open spike');
    smsId = sms.id;
    const torget = await t.as('agent').get('/api/v1/spikes?topic=sms-payment&market=torget').expect(200);
    assert.ok(torget.body.spikes.every((s: { market: string }) => s.market === 'torget'));
    const bad = await t.as('agent').get('/api/v1/spikes?status=burning').expect(400);
    assert.match(bad.body.error.message, /status/);
    await t.as('ingest').get('/api/v1/spikes').expect(403);
  });

  it('shows a spike with its daily counts and each raised day observed vs expected vs upper', async () => {
    const { body } = await t.as('agent').get(`/api/v1/spikes/${smsId}`).expect(200);
    assert.equal(body.daily[0].day, addDays(body.firstDay, -28));
    assert.ok(body.daily.length >= 29);
    assert.ok(body.raisedDays.length > 0);
    for (const d of body.raisedDays) assert.ok(d.observed > d.expected, `${d.day}: ${d.observed} > ${d.expected}`);
    // Every day of the chart has the expected level and upper bound the detector used that day.
    for (const d of body.daily) {
      assert.ok(d.expected > 0 && d.upper > d.expected, `${d.day}: expected ${d.expected}, upper ${d.upper}`);
    }
    for (const { day } of body.raisedDays) {
      const onRaised = body.daily.find((d: { day: string }) => d.day === day);
      assert.equal(onRaised?.raised, true, `${day} is marked raised in the chart series`);
    }
    const quiet = body.daily.filter((d: { day: string; raised: boolean }) => d.day < body.firstDay && !d.raised);
    const within = quiet.filter((d: { count: number; upper: number }) => d.count < d.upper).length;
    assert.ok(within >= quiet.length - 1, `the four weeks before the spike stay under the bound (${within}/${quiet.length})`);
    await t.as('agent').get('/api/v1/spikes/99999').expect(404);
  });

  it('acknowledges, then dismisses with a reason; a dismissed spike re-opens only when it grows materially', async () => {
    await t.as('agent').post(`/api/v1/spikes/${smsId}/acknowledge`).expect(403);
    const ack = await t.as('analyst').post(`/api/v1/spikes/${smsId}/acknowledge`).expect(200);
    assert.equal(ack.body.status, 'acknowledged');
    await t.as('analyst').post(`/api/v1/spikes/${smsId}/acknowledge`).expect(409);
    const noReason = await t.as('analyst').post(`/api/v1/spikes/${smsId}/dismiss`).send({}).expect(400);
    assert.match(noReason.body.error.message, /reason/);
    const dismissed = await t.as('analyst').post(`/api/v1/spikes/${smsId}/dismiss`).send({ reason: 'Supplier outage, already handled' }).expect(200);
    assert.equal(dismissed.body.status, 'dismissed');
    const peak = dismissed.body.peakValue as number;

    // The same days again: still dismissed.
    await runDetection(t.db.pool, { from: '2026-11-01', to: '2026-11-02', country: 'NO', now: t.ctx.now() });
    assert.equal((await t.as('agent').get(`/api/v1/spikes/${smsId}`).expect(200)).body.status, 'dismissed');

    // Twice the dismissed peak on the next day: the spike is back.
    const burst = Array.from({ length: Math.ceil(peak * 2) }, (_, i) => ({ receivedAt: `2026-11-03T10:${String(i % 60).padStart(2, '0')}:00`, topic: 'sms-payment', market: 'torget' }));
    await t.as('admin').post('/api/v1/inquiries').send({ inquiries: burst }).expect(201);
    await runDetection(t.db.pool, { from: '2026-11-03', to: '2026-11-03', country: 'NO', now: t.ctx.now() });
    const reopened = await t.as('agent').get(`/api/v1/spikes/${smsId}`).expect(200);
    assert.equal(reopened.body.status, 'open');
    assert.equal(reopened.body.lastDay, '2026-11-03');
  });

  it('opens a case from a spike, pre-filled, and lets a spike feed only one open case', async () => {
    const ux = await t.addUser({ email: 'ux@example.no', name: 'UX Analyst', role: 'analyst' });
    const spike = (await t.as('agent').get(`/api/v1/spikes/${smsId}`).expect(200)).body;
    const { body: created } = await ux.as.post('/api/v1/cases').send({ spikeId: smsId }).expect(201);
    assert.deepEqual(created.topics, [{ key: 'sms-payment', name: 'SMS payment' }]);
    assert.deepEqual(created.markets, []);
    assert.match(created.title, /^SMS payment: .* since \d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(created.spikeIds, [smsId]);
    assert.equal(created.evidence.expectedPerDay, spike.expected);
    assert.equal((await t.as('agent').get(`/api/v1/spikes/${smsId}`).expect(200)).body.status, 'linked');

    const again = await ux.as.post('/api/v1/cases').send({ spikeId: smsId, title: 'Duplicate' }).expect(409);
    assert.match(again.body.error.message, new RegExp(`already feeds the open case ${created.key}`));
    assert.equal(again.body.error.details.key, created.key);

    await ux.as.post(`/api/v1/cases/${created.id}/status`).send({ status: 'dropped', reason: 'Handled by the supplier' }).expect(200);
    const fresh = await ux.as.post('/api/v1/cases').send({ spikeId: smsId, title: 'SMS payment, second look', markets: ['torget'] }).expect(201);
    assert.deepEqual(fresh.body.markets, [{ key: 'torget', name: 'Torget (general goods)' }]);
  });

  it('gathers another spike into an open case, once, and never into a closed one', async () => {
    const ux = await t.addUser({ email: 'ux2@example.no', name: 'UX Two', role: 'analyst' });
    const { body: spikes } = await t.as('agent').get('/api/v1/spikes?status=open,acknowledged,ended').expect(200);
    const other = spikes.spikes.find((s: { id: number }) => s.id !== smsId);
    assert.ok(other, 'the demo replay raised more than one spike');
    const { body: opened } = await ux.as.post('/api/v1/cases').send({ title: 'Payment trouble', topics: ['payment'] }).expect(201);

    await t.as('agent').post(`/api/v1/cases/${opened.id}/spikes`).send({ spikeId: other.id }).expect(403);
    const bad = await ux.as.post(`/api/v1/cases/${opened.id}/spikes`).send({ spikeId: 'seven' }).expect(422);
    assert.match(bad.body.error.message, /spikeId/);
    await ux.as.post(`/api/v1/cases/${opened.id}/spikes`).send({ spikeId: 999_999 }).expect(422);

    const { body: gathered } = await ux.as.post(`/api/v1/cases/${opened.id}/spikes`).send({ spikeId: other.id }).expect(200);
    assert.deepEqual(gathered.spikeIds, [other.id]);
    assert.equal((await t.as('agent').get(`/api/v1/spikes/${other.id}`).expect(200)).body.status, 'linked');
    // Again: nothing changes.
    assert.deepEqual((await ux.as.post(`/api/v1/cases/${opened.id}/spikes`).send({ spikeId: other.id }).expect(200)).body.spikeIds, [other.id]);
    const history = (await t.as('agent').get(`/api/v1/cases/${opened.id}/history`).expect(200)).body.history;
    assert.equal(history.filter((h: { field: string }) => h.field === 'spikes').length, 1);

    // The spike feeds this open case, so another case cannot take it; a dropped case takes none.
    const { body: second } = await ux.as.post('/api/v1/cases').send({ title: 'Second look', topics: ['payment'] }).expect(201);
    const taken = await ux.as.post(`/api/v1/cases/${second.id}/spikes`).send({ spikeId: other.id }).expect(409);
    assert.match(taken.body.error.message, new RegExp(`already feeds the open case ${opened.key}`));
    await ux.as.post(`/api/v1/cases/${second.id}/status`).send({ status: 'dropped', reason: 'Duplicate' }).expect(200);
    const closed = await ux.as.post(`/api/v1/cases/${second.id}/spikes`).send({ spikeId: smsId }).expect(409);
    assert.match(closed.body.error.message, /is dropped/);
  });
});

