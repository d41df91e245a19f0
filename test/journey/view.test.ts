import assert from 'node:assert/strict';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';

type Row = Record<string, unknown>;
const times = (n: number, row: Row): Row[] => Array.from({ length: n }, () => ({ ...row }));
const inquiries = (n: number, topic: string, market: string, receivedAt: string) => times(n, { receivedAt, topic, market });
const answers = (n: number, score: number, topic: string, market: string, answeredAt: string) => times(n, { answeredAt, metric: 'nps', score, topic, market });

const NOV = '2026-11-12T10:00:00+01:00';
const OCT = '2026-10-20T10:00:00+02:00';

/** Inserts a spike as the detector stores one (the detector itself is tested in test/detection). */
async function insertSpike(t: TestApp, input: { topic: string; market: string | null; status: string; firstDay: string; lastDay: string }): Promise<number> {
  const result = await t.db.pool.query<{ id: number }>(
    `INSERT INTO spikes (topic_id, market_id, kind, status, first_day, peak_day, peak_value, last_day, expected, score)
     SELECT t.id, m.id, 'level_shift', $3, $4, $4, 24, $5, 4, 6 FROM topics t LEFT JOIN markets m ON m.key = $2 WHERE t.key = $1
     RETURNING id`,
    [input.topic, input.market, input.status, input.firstDay, input.lastDay],
  );
  return result.rows[0]!.id;
}

/**
 * Payment (and so SMS payment) sits in "agreement" at the touch point "checkout"; card payment has its
 * own place in "agreement" without one; image upload sits in "use"; login has no place. Agreement is a
 * moment of truth.
 */
async function seedJourney(t: TestApp): Promise<{ spikeIds: number[]; caseIds: number[] }> {
  t.setNow('2026-12-01T12:00:00Z');
  const analyst = t.as('analyst');
  await analyst.patch('/api/v1/journey/phases/agreement').send({ momentOfTruth: true }).expect(200);
  await analyst.post('/api/v1/journey/phases/agreement/touch-points').send({ key: 'checkout', name: 'Checkout' }).expect(201);
  await analyst.patch('/api/v1/journey/topics/payment').send({ phase: 'agreement', touchPoint: 'checkout' }).expect(200);
  await analyst.patch('/api/v1/journey/topics/card-payment').send({ phase: 'agreement' }).expect(200);
  await analyst.patch('/api/v1/journey/topics/image-upload').send({ phase: 'use' }).expect(200);

  const logged = [
    ...inquiries(30, 'sms-payment', 'torget', NOV),
    ...inquiries(10, 'card-payment', 'bil', NOV),
    ...inquiries(20, 'image-upload', 'torget', NOV),
    ...inquiries(40, 'login', 'bil', NOV),
    ...inquiries(10, 'sms-payment', 'torget', OCT),
    ...inquiries(40, 'login', 'bil', OCT),
  ];
  await t.as('agent').post('/api/v1/inquiries').send({ inquiries: logged }).expect(201);
  const surveyed = [
    ...answers(20, 10, 'sms-payment', 'torget', NOV),
    ...answers(20, 2, 'card-payment', 'bil', NOV),
    ...answers(30, 9, 'image-upload', 'torget', NOV),
    ...answers(5, 9, 'login', 'bil', NOV),
  ];
  await t.as('ingest').post('/api/v1/responses').send({ responses: surveyed }).expect(201);

  const spikeIds = [
    await insertSpike(t, { topic: 'sms-payment', market: 'torget', status: 'open', firstDay: '2026-11-10', lastDay: '2026-11-14' }),
    await insertSpike(t, { topic: 'login', market: null, status: 'acknowledged', firstDay: '2026-11-20', lastDay: '2026-11-22' }),
    await insertSpike(t, { topic: 'card-payment', market: 'bil', status: 'dismissed', firstDay: '2026-11-10', lastDay: '2026-11-11' }),
    await insertSpike(t, { topic: 'image-upload', market: 'torget', status: 'open', firstDay: '2026-09-01', lastDay: '2026-09-05' }),
  ];
  const both = await analyst.post('/api/v1/cases').send({ title: 'Payments and images', topics: ['sms-payment', 'image-upload'], markets: ['torget'] }).expect(201);
  const login = await analyst.post('/api/v1/cases').send({ title: 'Login loops', topics: ['login'], markets: ['bil'] }).expect(201);
  const dropped = await analyst.post('/api/v1/cases').send({ title: 'Old card issue', topics: ['card-payment'], markets: ['bil'] }).expect(201);
  await analyst.post(`/api/v1/cases/${dropped.body.id}/status`).send({ status: 'dropped', reason: 'duplicate' }).expect(200);
  return { spikeIds, caseIds: [both.body.id, login.body.id, dropped.body.id] };
}

interface PhaseBody {
  key: string;
  momentOfTruth: boolean;
  inquiries: { count: number; share: number; previousCount: number; change: number | null };
  touchPoints: Array<{ key: string; inquiries: number }>;
  topics: Array<{ key: string; inquiries: number; inheritedFrom: string | null; touchPoint: string | null }>;
  openSpikes: Array<{ id: number }>;
  openCases: Array<{ id: number; key: string }>;
  experience: { current: { nps: { n: number; nps?: number } } };
}

describe('GET /api/v1/journey', () => {
  let t: TestApp;
  let seeded: { spikeIds: number[]; caseIds: number[] };
  before(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
    seeded = await seedJourney(t);
  });
  after(() => t.close());

  const journey = async (query = '') => (await t.as('leader').get(`/api/v1/journey?from=2026-11-01&to=2026-11-30${query}`).expect(200)).body;
  const phase = (body: { phases: PhaseBody[] }, key: string) => body.phases.find((p) => p.key === key)!;

  it('shows each phase in order with its inquiries, share and change, moments of truth marked', async () => {
    const body = await journey();
    assert.deepEqual(body.phases.map((p: PhaseBody) => [p.key, p.momentOfTruth, p.inquiries.count]), [
      ['need', false, 0],
      ['search', false, 0],
      ['agreement', true, 40],
      ['use', false, 20],
      ['end', false, 0],
    ]);
    assert.equal(body.allInquiries, 100);
    assert.deepEqual(phase(body, 'agreement').inquiries, { count: 40, share: 0.4, previousCount: 10, previousShare: 0.2, change: 3 });
    assert.deepEqual(phase(body, 'agreement').touchPoints, [{ key: 'checkout', name: 'Checkout', inquiries: 30, share: 0.3 }]);
    assert.deepEqual(
      phase(body, 'agreement').topics.map((topic) => [topic.key, topic.inquiries, topic.inheritedFrom, topic.touchPoint]),
      [['sms-payment', 30, 'payment', 'checkout'], ['card-payment', 10, null, null], ['payment', 0, null, 'checkout']],
    );
    assert.deepEqual(body.unplaced.inquiries.count, 40);
    assert.deepEqual(body.unplaced.topics.map((topic: { key: string }) => topic.key), ['login']);
    assert.deepEqual(body.pinches, { mostInquiries: 'agreement', lowestNps: 'agreement', mostOpenSpikes: 'agreement' });
  });

  it('counts the same inquiries as the volume statistics for the same period', async () => {
    const body = await journey();
    const volume = (await t.as('leader').get('/api/v1/stats/volume?from=2026-11-01&to=2026-11-30&groupBy=topic').expect(200)).body;
    const byTopic = new Map(volume.groups.map((g: { key: string; count: number }) => [g.key, g.count]));
    assert.equal(body.allInquiries, volume.allInquiries);
    assert.equal(body.previousAllInquiries, volume.previousAllInquiries);
    for (const stop of [...body.phases, body.unplaced] as PhaseBody[]) {
      const fromVolume = stop.topics.reduce((sum, topic) => sum + ((byTopic.get(topic.key) as number | undefined) ?? 0), 0);
      assert.equal(stop.inquiries.count, fromVolume, `${stop.key ?? 'unplaced'}`);
    }
  });

  it('shows NPS and CES per phase exactly as the experience statistics do for the same period', async () => {
    const body = await journey();
    const stats = (await t.as('leader').get('/api/v1/stats/experience?from=2026-11-01&to=2026-11-30&groupBy=phase').expect(200)).body;
    for (const group of stats.groups) {
      const stop = group.key === null ? body.unplaced : phase(body, group.key);
      assert.deepEqual(stop.experience, { current: group.current, previous: group.previous, change: group.change }, group.key);
    }
    // 20 promoters and 20 detractors in agreement: NPS 0 on 40 answers; 30 promoters in use: 100.
    assert.deepEqual([phase(body, 'agreement').experience.current.nps.n, phase(body, 'agreement').experience.current.nps.nps], [40, 0]);
    assert.equal(phase(body, 'use').experience.current.nps.nps, 100);
    assert.deepEqual(body.unplaced.experience.current.nps, { n: 5, insufficient: true, needed: 30 });
  });

  it('lists open spikes overlapping the period and open cases under the phases of their topics', async () => {
    const body = await journey();
    const [smsSpike, loginSpike] = seeded.spikeIds;
    const [bothCase, loginCase] = seeded.caseIds;
    assert.deepEqual(phase(body, 'agreement').openSpikes.map((s) => s.id), [smsSpike]);
    assert.deepEqual(phase(body, 'use').openSpikes, [], 'the September spike is outside the period');
    assert.deepEqual(body.unplaced.openSpikes.map((s: { id: number }) => s.id), [loginSpike]);
    assert.deepEqual(phase(body, 'agreement').openCases.map((c) => c.key), [`PP-${bothCase}`], 'the dropped case is not open');
    assert.deepEqual(phase(body, 'use').openCases.map((c) => c.id), [bothCase], 'a case shows in each phase of its topics');
    assert.deepEqual(body.unplaced.openCases.map((c: { id: number }) => c.id), [loginCase]);
  });

  it('narrows everything to one market', async () => {
    const body = await journey('&market=torget');
    assert.equal(body.allInquiries, 50);
    assert.deepEqual(phase(body, 'agreement').inquiries.count, 30);
    assert.equal(phase(body, 'agreement').inquiries.share, 0.6);
    assert.deepEqual(phase(body, 'agreement').experience.current.nps, { n: 20, insufficient: true, needed: 30 });
    assert.equal(phase(body, 'use').experience.current.nps.nps, 100);
    assert.deepEqual(body.unplaced.openSpikes, [], 'the all-markets login spike is not a Torget spike');
    assert.deepEqual(body.unplaced.openCases, []);
    assert.equal(body.pinches.lowestNps, 'use', 'agreement has too few Torget answers to rank');
  });

  it('follows edits: a topic placed or a phase reordered shows at once', async () => {
    await t.as('analyst').patch('/api/v1/journey/topics/login').send({ phase: 'need' }).expect(200);
    await t.as('analyst').post('/api/v1/journey/phases/reorder').send({ order: ['need', 'search', 'use', 'agreement', 'end'] }).expect(200);
    const body = await journey();
    assert.deepEqual(body.phases.map((p: PhaseBody) => p.key), ['need', 'search', 'use', 'agreement', 'end']);
    assert.equal(phase(body, 'need').inquiries.count, 40);
    assert.equal(body.unplaced.inquiries.count, 0);
    await t.as('analyst').delete('/api/v1/journey/topics/login').expect(200);
    await t.as('analyst').post('/api/v1/journey/phases/reorder').send({ order: ['need', 'search', 'agreement', 'use', 'end'] }).expect(200);
  });

  it('refuses bad queries by name and defaults to the 30 days up to today', async () => {
    await t.as('leader').get('/api/v1/journey?market=nowhere').expect(404);
    const bad = await t.as('leader').get('/api/v1/journey?from=2026-11-31').expect(400);
    assert.match(bad.body.error.message, /from: "2026-11-31" is not a date/);
    const defaults = (await t.as('leader').get('/api/v1/journey').expect(200)).body;
    assert.deepEqual(defaults.period, { from: '2026-11-02', to: '2026-12-01', days: 30 });
  });
});
