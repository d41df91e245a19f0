import assert from 'node:assert/strict';
import { digestJob } from '../../src/notify/jobs.ts';
import { buildDigest, queueDigests } from '../../src/notify/service.ts';
import { addDays } from '../../src/time.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { deliveriesOf, insertSpike, runJob } from './support.ts';

/** Monday: the digest covers Monday 16 to Sunday 22 November against 9–15 November. */
const DIGEST_DAY = '2026-11-23';
const DIGEST_AT = new Date('2026-11-23T07:00:00Z'); // 08:00 in Oslo

/** `perDay` inquiries a day on a topic and market for the seven days from `from`. */
function week(topic: string, market: string, from: string, perDay: number) {
  return Array.from({ length: 7 * perDay }, (_, i) => ({
    receivedAt: `${addDays(from, Math.floor(i / perDay))}T10:${String(i % perDay).padStart(2, '0')}:00`,
    topic,
    market,
  }));
}

describe('digest', () => {
  let t: TestApp;
  const targets: Record<string, number> = {};
  const spikes: Record<string, number> = {};
  const cases: Record<string, string> = {};

  before(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'https://pp.example.no' });
    await seedTaxonomy(t);
    const previous = '2026-11-09';
    const current = '2026-11-16';
    const inquiries = [
      ...week('sms-payment', 'torget', previous, 1),
      ...week('sms-payment', 'torget', current, 4),
      ...week('card-payment', 'bil', previous, 2),
      ...week('card-payment', 'bil', current, 2),
      ...week('image-upload', 'torget', previous, 3),
      ...week('image-upload', 'torget', current, 1),
      ...week('login', 'bil', current, 1),
      // Outside both weeks: the day before the previous week, and the digest's own (unfinished) day.
      { receivedAt: '2026-11-08T12:00:00', topic: 'login', market: 'bil' },
      { receivedAt: '2026-11-23T07:30:00', topic: 'login', market: 'bil' },
    ];
    await t.as('admin').post('/api/v1/inquiries').send({ inquiries }).expect(201);

    spikes.sms = await insertSpike(t, { topic: 'sms-payment', day: '2026-11-20', peak: 9, expected: 1.2 });
    spikes.loginBil = await insertSpike(t, { topic: 'login', market: 'bil', day: '2026-11-21', peak: 4 });
    await t.as('analyst').post(`/api/v1/spikes/${spikes.loginBil}/acknowledge`).expect(200);
    const dismissed = await insertSpike(t, { topic: 'image-upload', day: '2026-11-21', peak: 5 });
    await t.as('analyst').post(`/api/v1/spikes/${dismissed}/dismiss`).send({ reason: 'Known' }).expect(200);

    const owner = await t.addUser({ email: 'kari@example.no', name: 'Kari Nordmann', role: 'analyst' });
    const makeCase = async (title: string, topics: string[], markets: string[], path: string[]) => {
      const { body } = await owner.as
        .post('/api/v1/cases')
        .send({
          title,
          topics,
          markets,
          currentState: 'Users cannot pay',
          rootCauses: [{ text: 'Supplier timeout', category: 'technical' }],
          desiredState: 'Back to normal',
          target: { metric: 'ratePerDay', max: 2 },
          ownerId: owner.id,
        })
        .expect(201);
      await owner.as.post(`/api/v1/cases/${body.id}/actions`).send({ title: 'Fix the timeout' }).expect(201);
      for (const status of path) await owner.as.post(`/api/v1/cases/${body.id}/status`).send({ status }).expect(200);
      return body.key as string;
    };
    cases.smsReady = await makeCase('SMS payment hangs', ['sms-payment'], ['torget'], ['refining', 'ready']);
    cases.loginReady = await makeCase('Login loops <again>', ['login'], ['bil'], ['refining', 'ready']);
    cases.cardRefining = await makeCase('Card declined', ['card-payment'], [], ['refining']);
    cases.smsInProgress = await makeCase('SMS receipts', ['sms-payment'], [], ['refining', 'ready', 'in_progress']);

    const add = async (name: string, extra: object) =>
      (await t.as('admin').post('/api/v1/notification-targets').send({ name, kind: 'email', address: `${name}@example.no`, ...extra }).expect(201)).body.id;
    targets.all = await add('all', {});
    targets.payment = await add('payment', { topic: 'payment' });
    targets.bil = await add('bil', { market: 'bil', kind: 'slack', address: 'https://hooks.example.com/services/bil' });
    targets.spikesOnly = await add('spikes-only', { digest: false });
  });
  after(() => t.close());

  const scope = (topic: string | null, market: string | null) => buildDigest(t.db.pool, { topic, market }, { day: DIGEST_DAY, timeZone: 'Europe/Oslo', asOf: DIGEST_AT });

  it('counts the last seven whole days against the seven before, for everything', async () => {
    const digest = await scope(null, null);
    assert.deepEqual(digest.period, { from: '2026-11-16', to: '2026-11-22', previousFrom: '2026-11-09', previousTo: '2026-11-15' });
    assert.equal(digest.total, 28 + 14 + 7 + 7);
    assert.equal(digest.previousTotal, 7 + 14 + 21);
    assert.deepEqual(
      digest.topByVolume.map((g) => [g.key, g.count, g.previousCount]),
      [
        ['sms-payment', 28, 7],
        ['card-payment', 14, 14],
        ['image-upload', 7, 21],
        ['login', 7, 0],
      ],
    );
    assert.equal(digest.topByVolume[0]!.share, 28 / 56);
    assert.deepEqual(
      digest.topByChange.map((g) => [g.key, g.increase, g.change]),
      [
        ['sms-payment', 21, 3],
        ['login', 7, null],
      ],
      'only topics that rose, by how many more inquiries',
    );
    assert.deepEqual(digest.openSpikes.map((s) => s.id).sort(), [spikes.sms, spikes.loginBil].sort(), 'open and acknowledged, not dismissed');
    assert.deepEqual(digest.waitingCases.map((c) => c.key).sort(), [cases.smsReady, cases.loginReady].sort(), 'ready, not refining or in progress');
  });

  it('narrows everything to a topic (with its sub-topics) and to a market', async () => {
    const payment = await scope('payment', null);
    assert.equal(payment.total, 42);
    assert.equal(payment.previousTotal, 21);
    assert.deepEqual(payment.topByVolume.map((g) => [g.key, g.count]), [['sms-payment', 28], ['card-payment', 14]]);
    assert.deepEqual(payment.openSpikes.map((s) => s.id), [spikes.sms]);
    assert.deepEqual(payment.waitingCases.map((c) => c.key), [cases.smsReady]);

    const bil = await scope(null, 'bil');
    assert.equal(bil.total, 21);
    assert.equal(bil.previousTotal, 14);
    assert.deepEqual(bil.topByVolume.map((g) => [g.key, g.count, g.share]), [['card-payment', 14, 14 / 21], ['login', 7, 7 / 21]]);
    assert.deepEqual(bil.openSpikes.map((s) => s.id), [spikes.loginBil]);
    assert.deepEqual(bil.waitingCases.map((c) => c.key), [cases.loginReady]);
  });

  it('queues one digest per target per day, rendered for its channel', async () => {
    assert.equal(await runJob(t, digestJob, DIGEST_AT), 'done');
    assert.equal(await runJob(t, digestJob, new Date('2026-11-23T15:00:00Z')), 'skipped', 'a second run the same day');
    const digests = (await deliveriesOf(t)).filter((d) => d.kind === 'digest');
    assert.deepEqual(digests.map((d) => [d.targetId, d.day]).sort(), [
      [targets.all, DIGEST_DAY],
      [targets.payment, DIGEST_DAY],
      [targets.bil, DIGEST_DAY],
    ].sort());

    const { rows } = await t.db.pool.query(`SELECT target_id AS "targetId", subject, body, html FROM notification_deliveries WHERE kind = 'digest'`);
    const of = (id: number) => rows.find((r) => r.targetId === id)!;
    const all = of(targets.all!);
    assert.equal(all.subject, 'Pinchpoint digest 2026-11-23 (all topics in all markets): 56 inquiries, 2 open spikes, 2 cases waiting');
    assert.match(all.body, /2026-11-16 to 2026-11-22: 56 inquiries \(\+33\.3 % against the 7 days before, 42\)/);
    assert.match(all.body, /- SMS payment: 28 \(50\.0 % of all, \+300\.0 %\)/);
    assert.match(all.body, /- SMS payment: 7 -> 28 \(\+21, \+300\.0 %\)/);
    assert.match(all.body, /- Login: 0 -> 7 \(\+7, new\)/);
    assert.match(all.body, /https:\/\/pp\.example\.no\/spikes\/\d+/);
    assert.match(all.body, new RegExp(`- ${cases.loginReady} Login loops <again>: ready, waiting for the team to start \\(updated \\d{4}-\\d{2}-\\d{2}\\), owner Kari Nordmann`));
    assert.ok(all.html.includes('Login loops &lt;again&gt;'), 'HTML escapes case titles');

    const bil = of(targets.bil!);
    assert.equal(bil.html, null);
    assert.match(bil.body, /\*Pinchpoint digest 2026-11-23\* – all topics in Bil/);
    assert.match(bil.body, /• Card payment: 14 \(66\.7 % of all, \+0\.0 %\)/);
    assert.ok(bil.body.includes('Login loops &lt;again&gt;'), 'Slack text escapes <, > and &');
    assert.ok(!bil.body.includes('SMS payment'));
  });
});
