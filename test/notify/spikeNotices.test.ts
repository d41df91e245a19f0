import assert from 'node:assert/strict';
import { runDetection } from '../../src/detection/service.ts';
import * as deliveryRepo from '../../src/notify/deliveryRepo.ts';
import { spikeNoticesJob } from '../../src/notify/jobs.ts';
import { queueSpikeNotices, spikeNoticeFor } from '../../src/notify/service.ts';
import { addDays } from '../../src/time.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { deliveriesOf, extendSpike, insertSpike, noonOn, runJob } from './support.ts';

const hook = (name: string) => `https://hooks.example.com/services/${name}`;

async function addTarget(t: TestApp, body: Record<string, unknown>): Promise<number> {
  const { body: created } = await t.as('admin').post('/api/v1/notification-targets').send({ kind: 'slack', address: hook(String(body.name)), ...body }).expect(201);
  return created.id;
}

describe('spike messages', () => {
  describe('one message per spike per target per day', () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ PUBLIC_BASE_URL: 'https://pinchpoint.example.no/' });
      await seedTaxonomy(t);
    });
    after(() => t.close());

    it('announces the opening once, the same day\'s growth not at all, and material growth once the next day', async () => {
      const target = await addTarget(t, { name: 'ux-team' });
      const spike = await insertSpike(t, { topic: 'sms-payment', day: '2026-11-20', peak: 10 });
      const count = async () => (await deliveriesOf(t)).length;

      assert.equal(await runJob(t, spikeNoticesJob, noonOn('2026-11-20')), 'done');
      assert.equal(await count(), 1);
      assert.equal(await runJob(t, spikeNoticesJob, new Date('2026-11-20T15:00:00Z')), 'skipped', 'a second scan the same day');
      await extendSpike(t, spike, { day: '2026-11-20', peak: 20 });
      await queueSpikeNotices(t.ctx, new Date('2026-11-20T22:59:00Z')); // 23:59 in Oslo: still the same day
      assert.equal(await count(), 1, 'growth on the day already announced waits for the next day');

      await queueSpikeNotices(t.ctx, new Date('2026-11-20T23:01:00Z')); // 00:01 the next day in Oslo
      await queueSpikeNotices(t.ctx, noonOn('2026-11-21'));
      const [opened, grew] = await deliveriesOf(t);
      assert.deepEqual(
        [opened, grew].map((d) => [d!.kind, d!.day, d!.peakValue, d!.targetId, d!.spikeId]),
        [
          ['spike_opened', '2026-11-20', 10, target, spike],
          ['spike_grew', '2026-11-21', 20, target, spike],
        ],
      );

      await extendSpike(t, spike, { day: '2026-11-22', peak: 29 });
      await queueSpikeNotices(t.ctx, noonOn('2026-11-22'));
      assert.equal(await count(), 2, '29 is less than 1.5 × the 20 last announced');
      await extendSpike(t, spike, { day: '2026-11-23', peak: 30 });
      await queueSpikeNotices(t.ctx, noonOn('2026-11-23'));
      assert.equal(await count(), 3);
    });

    it('renders the message with the topic, the figures and a link to the spike', async () => {
      const { rows } = await t.db.pool.query(`SELECT subject, body, html FROM notification_deliveries ORDER BY id LIMIT 1`);
      const [{ subject, body, html }] = rows;
      assert.equal(html, null, 'a Slack message has no HTML part');
      assert.match(subject, /^Spike: SMS payment \(all markets\) – 10 a day against 3\.0 expected$/);
      assert.match(body, /\*New spike: SMS payment\* \(all markets\)/);
      assert.match(body, /peak \*10\* inquiries on 2026-11-20 against \*3\.0\* expected \(×3\.3\)/);
      assert.match(body, /<https:\/\/pinchpoint\.example\.no\/spikes\/\d+\|Open spike \d+>/);
    });

    it('holds the rule in the database too: a second row for the same spike, target and day is refused', async () => {
      const [first] = await deliveriesOf(t);
      const again = { targetId: first!.targetId, kind: 'spike_grew' as const, spikeId: first!.spikeId, day: first!.day, peakValue: 99, subject: 's', body: 'b', html: null };
      assert.equal(await deliveryRepo.insertIfFirstToday(t.db.pool, again, new Date()), undefined);
      await assert.rejects(
        t.db.pool.query(
          `INSERT INTO notification_deliveries (target_id, kind, spike_id, day, subject, body, next_attempt_at) VALUES ($1, 'spike_grew', $2, $3, 's', 'b', now())`,
          [first!.targetId, first!.spikeId, first!.day],
        ),
        (error: { code?: string }) => error.code === '23505',
      );
    });
  });

  describe('what is not announced', () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp();
      await seedTaxonomy(t);
      await addTarget(t, { name: 'everything' });
    });
    after(() => t.close());

    it('stays silent on spikes last seen more than two days ago', async () => {
      await insertSpike(t, { topic: 'login', day: '2026-11-17', peak: 40 });
      await insertSpike(t, { topic: 'image-upload', day: '2025-03-02', peak: 40 });
      await queueSpikeNotices(t.ctx, noonOn('2026-11-20'));
      assert.equal((await deliveriesOf(t)).length, 0);
      const recent = await insertSpike(t, { topic: 'card-payment', day: '2026-11-18', peak: 40 });
      await queueSpikeNotices(t.ctx, noonOn('2026-11-20'));
      assert.deepEqual((await deliveriesOf(t)).map((d) => d.spikeId), [recent], 'two days ago is still current');
    });

    it('does not announce dismissed or ended spikes', async () => {
      const dismissed = await insertSpike(t, { topic: 'login', market: 'bil', day: '2026-11-20', peak: 12 });
      await t.as('analyst').post(`/api/v1/spikes/${dismissed}/dismiss`).send({ reason: 'Known outage at the bank' }).expect(200);
      const ended = await insertSpike(t, { topic: 'login', market: 'torget', day: '2026-11-20', peak: 12 });
      await t.db.pool.query(`UPDATE spikes SET status = 'ended' WHERE id = $1`, [ended]);
      const before = (await deliveriesOf(t)).length;
      await queueSpikeNotices(t.ctx, noonOn('2026-11-20'));
      assert.equal((await deliveriesOf(t)).length, before);
    });

    it('does not announce history that a replay raises', async function () {
      this.timeout(120_000);
      // Eleven weeks of 3 a day on weekdays, then one day of 30: detection raises it on replay.
      const inquiries = [];
      for (let day = '2026-08-03'; day <= '2026-10-16'; day = addDays(day, 1)) {
        const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
        const n = day === '2026-10-14' ? 30 : weekday === 0 || weekday === 6 ? 1 : 3;
        for (let i = 0; i < n; i++) inquiries.push({ receivedAt: `${day}T09:${String(i).padStart(2, '0')}:00`, topic: 'image-upload', market: 'torget' });
      }
      await t.as('admin').post('/api/v1/inquiries').send({ inquiries }).expect(201);
      await runDetection(t.db.pool, { from: '2026-10-01', to: '2026-10-16', country: 'NO', now: t.ctx.now() });
      const raised = (await t.as('admin').get('/api/v1/spikes?topic=image-upload&from=2026-10-14').expect(200)).body.spikes;
      assert.ok(raised.length > 0, 'the replay raised the burst');
      const before = (await deliveriesOf(t)).length;
      await queueSpikeNotices(t.ctx, noonOn('2026-11-23'));
      assert.equal((await deliveriesOf(t)).length, before, 'a month-old spike is history');
      await queueSpikeNotices(t.ctx, noonOn('2026-10-14'));
      assert.ok((await deliveriesOf(t)).length > before, 'on the day itself it would have been announced');
    });
  });

  describe('scope', () => {
    let t: TestApp;
    const targets: Record<string, number> = {};
    const spikes: Record<string, number> = {};
    before(async () => {
      t = await createTestApp();
      await seedTaxonomy(t);
      targets.payment = await addTarget(t, { name: 'payment', topic: 'payment' });
      targets.smsTorget = await addTarget(t, { name: 'sms-torget', topic: 'sms-payment', market: 'torget' });
      targets.bil = await addTarget(t, { name: 'bil', market: 'bil' });
      targets.digestOnly = await addTarget(t, { name: 'digest-only', spikes: false });
      targets.inactive = await addTarget(t, { name: 'inactive', active: false });
      spikes.smsAll = await insertSpike(t, { topic: 'sms-payment', day: '2026-11-20', peak: 20 });
      spikes.smsTorget = await insertSpike(t, { topic: 'sms-payment', market: 'torget', day: '2026-11-20', peak: 15 });
      spikes.smsBil = await insertSpike(t, { topic: 'sms-payment', market: 'bil', day: '2026-11-20', peak: 8 });
      spikes.payment = await insertSpike(t, { topic: 'payment', day: '2026-11-20', peak: 30 });
      spikes.login = await insertSpike(t, { topic: 'login', day: '2026-11-20', peak: 9 });
      await queueSpikeNotices(t.ctx, noonOn('2026-11-20'));
    });
    after(() => t.close());

    const received = async (target: number) => (await deliveriesOf(t)).filter((d) => d.targetId === target).map((d) => d.spikeId).sort();
    const ids = (...names: string[]) => names.map((n) => spikes[n]!).sort();

    it('sends a topic\'s target its spikes and its sub-topics\' spikes, in every market', async () => {
      assert.deepEqual(await received(targets.payment!), ids('smsAll', 'smsTorget', 'smsBil', 'payment'));
    });

    it('sends a market\'s target only that market\'s spikes', async () => {
      assert.deepEqual(await received(targets.smsTorget!), ids('smsTorget'));
      assert.deepEqual(await received(targets.bil!), ids('smsBil'));
    });

    it('sends nothing to targets without spike messages or inactive ones', async () => {
      assert.deepEqual(await received(targets.digestOnly!), []);
      assert.deepEqual(await received(targets.inactive!), []);
    });
  });

  describe('the rule itself', () => {
    it('opens once, then only on material growth and never twice a day', () => {
      assert.equal(spikeNoticeFor({ peakValue: 5 }, undefined, '2026-11-20', 1.5), 'spike_opened');
      assert.equal(spikeNoticeFor({ peakValue: 50 }, { day: '2026-11-20', peakValue: 5 }, '2026-11-20', 1.5), undefined);
      assert.equal(spikeNoticeFor({ peakValue: 7 }, { day: '2026-11-19', peakValue: 5 }, '2026-11-20', 1.5), undefined);
      assert.equal(spikeNoticeFor({ peakValue: 7.5 }, { day: '2026-11-19', peakValue: 5 }, '2026-11-20', 1.5), 'spike_grew');
      assert.equal(spikeNoticeFor({ peakValue: 9 }, { day: '2026-11-19', peakValue: 5 }, '2026-11-20', 2), undefined);
    });
  });
});
