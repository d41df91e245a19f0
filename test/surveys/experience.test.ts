import assert from 'node:assert/strict';
import { isoWeekLabel, weeksOf } from '../../src/surveys/weeks.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';

type Answer = Record<string, unknown>;
const times = (n: number, answer: Answer): Answer[] => Array.from({ length: n }, () => ({ ...answer }));
const nps = (score: number, at: string, topic: string, market: string, extra: Answer = {}) => ({ answeredAt: at, metric: 'nps', score, topic, market, ...extra });
const CES_SCORES = [1, 2, 2, 3, 3, 3, 4, 4, 5, 5];

/**
 * November 2026 against the 30 days before it. Current: sms-payment/torget 60 promoters, 25 passives,
 * 15 detractors on 10 Nov; login/bil 12/10/20 on 24 Nov, plus 30 CES (1–5) answers on login named
 * phase "use", and 5 CES (1–7) answers on sms-payment. Previous: sms-payment 20/10/20, login 10 promoters.
 */
async function seedAnswers(t: TestApp): Promise<void> {
  t.setNow('2026-12-05T12:00:00Z');
  const sms = (score: number, at = '2026-11-10T12:00:00+01:00') => nps(score, at, 'sms-payment', 'torget');
  const login = (score: number, at = '2026-11-24T12:00:00+01:00') => nps(score, at, 'login', 'bil');
  const october = '2026-10-15T12:00:00+02:00';
  const responses = [
    ...times(60, sms(10)),
    ...times(25, sms(8)),
    ...times(15, sms(3)),
    ...times(12, login(9)),
    ...times(10, login(7)),
    ...times(20, login(0)),
    ...[1, 2, 3].flatMap(() => CES_SCORES.map((score) => ({ answeredAt: '2026-11-24T13:00:00+01:00', metric: 'ces', scale: '1-5', score, topic: 'login', market: 'bil', phase: 'use' }))),
    ...times(5, { answeredAt: '2026-11-10T13:00:00+01:00', metric: 'ces', scale: '1-7', score: 6, topic: 'sms-payment', market: 'torget' }),
    ...times(20, sms(9, october)),
    ...times(10, sms(7, october)),
    ...times(20, sms(6, october)),
    ...times(10, login(10, october)),
  ];
  const res = await t.as('ingest').post('/api/v1/responses').send({ responses }).expect(201);
  assert.equal(res.body.created, responses.length);
  // Payment is placed in "agreement"; sms-payment inherits it. Login has no place.
  await t.as('analyst').patch('/api/v1/journey/topics/payment').send({ phase: 'agreement' }).expect(200);
}

const get = (t: TestApp, query: string) => t.as('leader').get(`/api/v1/stats/experience?from=2026-11-01&to=2026-11-30&${query}`).expect(200);

// Expected intervals: the adjusted-Wald script of test/surveys/statistics.test.ts for the counts named;
// CES: python3 -c "import numpy as np; from scipy import stats; x=[1,2,2,3,3,3,4,4,5,5]*3;
//   print(stats.t.interval(0.95, df=len(x)-1, loc=np.mean(x), scale=stats.sem(x)), np.std(x, ddof=1))"
describe('GET /api/v1/stats/experience', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
    await seedAnswers(t);
  });
  after(() => t.close());

  it('gives NPS with its interval, CES per scale, the previous period and the change, and states its methods', async () => {
    const { body } = await get(t, '');
    assert.deepEqual(body.period, { from: '2026-11-01', to: '2026-11-30', days: 30 });
    assert.deepEqual(body.previousPeriod, { from: '2026-10-02', to: '2026-10-31' });
    assert.equal(body.minSample, 30);
    // 72 promoters, 35 passives, 35 detractors: NumPy/SciPy 12.064 … 38.970.
    assert.deepEqual(body.current.nps, { n: 142, insufficient: false, nps: 26.06, ci: { low: 12.06, high: 38.97 }, promoters: 72, passives: 35, detractors: 35 });
    assert.deepEqual(body.current.ces['1-5'], {
      n: 30,
      insufficient: false,
      mean: 3.2,
      ci: { low: 2.726, high: 3.674 },
      sd: 1.27,
      distribution: { 1: 3, 2: 6, 3: 9, 4: 6, 5: 6 },
    });
    assert.deepEqual(body.current.ces['1-7'], { n: 5, insufficient: true, needed: 30 });
    assert.equal(body.previous.nps.n, 60);
    assert.equal(body.previous.nps.nps, 16.67);
    assert.equal(body.change.nps.delta, 9.39);
    assert.equal(body.change.ces['1-5'], null, 'no CES before, so no change');
    assert.match(body.methods.nps, /adjusted Wald \(Rocks 2016/);
    assert.equal(body.groupBy, null);
    assert.deepEqual(body.groups, []);
  });

  it('groups by topic, largest first, each against its own previous period', async () => {
    const { body } = await get(t, 'groupBy=topic');
    assert.deepEqual(body.groups.map((g: { key: string }) => g.key), ['sms-payment', 'login']);
    const [sms, login] = body.groups;
    // 60/25/15: NumPy/SciPy 29.343 … 58.036; 20/10/20 before: −23.823 … 23.823; change 15.880 … 71.498.
    assert.deepEqual(sms.current.nps.ci, { low: 29.34, high: 58.04 });
    assert.deepEqual(sms.previous.nps.ci, { low: -23.82, high: 23.82 });
    assert.deepEqual(sms.change.nps, { delta: 45, ci: { low: 15.88, high: 71.5 }, significant: true });
    // 12/10/20: −42.446 … 6.890.
    assert.deepEqual(login.current.nps.ci, { low: -42.45, high: 6.89 });
    assert.deepEqual(login.previous.nps, { n: 10, insufficient: true, needed: 30 });
    assert.equal(login.change.nps, null);
  });

  it('filters by topic with its sub-topics, by market and by phase', async () => {
    const payment = (await get(t, 'topic=payment')).body;
    assert.equal(payment.current.nps.n, 100);
    assert.equal(payment.current.nps.nps, 45);
    const bil = (await get(t, 'market=bil')).body;
    assert.equal(bil.current.nps.n, 42);
    assert.equal(bil.current.ces['1-5'].n, 30);
    const agreement = (await get(t, 'phase=agreement')).body;
    assert.equal(agreement.current.nps.n, 100, 'sms-payment inherits payment\'s place');
    const use = (await get(t, 'phase=use')).body;
    assert.deepEqual([use.current.nps.n, use.current.ces['1-5'].n], [0, 30]);
  });

  it('groups by market and by journey phase, every phase in journey order', async () => {
    const markets = (await get(t, 'groupBy=market')).body.groups;
    assert.deepEqual(markets.map((g: { key: string; current: { nps: { n: number } } }) => [g.key, g.current.nps.n]), [['torget', 100], ['bil', 42]]);
    const phases = (await get(t, 'groupBy=phase')).body.groups;
    assert.deepEqual(
      phases.map((g: { key: string | null; current: { nps: { n: number } } }) => [g.key, g.current.nps.n]),
      [['need', 0], ['search', 0], ['agreement', 100], ['use', 0], ['end', 0], [null, 42]],
    );
    assert.equal(phases[3].current.ces['1-5'].mean, 3.2);
    assert.equal(phases[5].name, 'No journey phase');
  });

  it('shows a weekly trend over ISO weeks, the first and last cut to the period', async () => {
    const weeks = (await get(t, 'groupBy=week')).body.groups;
    assert.deepEqual(
      weeks.map((w: { key: string; name: string; from: string; to: string; current: { nps: { n: number } } }) => [w.name, w.from, w.to, w.current.nps.n]),
      [
        ['2026-W44', '2026-11-01', '2026-11-01', 0],
        ['2026-W45', '2026-11-02', '2026-11-08', 0],
        ['2026-W46', '2026-11-09', '2026-11-15', 100],
        ['2026-W47', '2026-11-16', '2026-11-22', 0],
        ['2026-W48', '2026-11-23', '2026-11-29', 42],
        ['2026-W49', '2026-11-30', '2026-11-30', 0],
      ],
    );
    assert.equal(weeks[0].previous, null);
    assert.deepEqual(weeks[2].change, { nps: null, ces: { '1-7': null } }, 'the week before had too few answers to compare');
  });

  it('refuses bad queries by name', async () => {
    const groupBy = await t.as('leader').get('/api/v1/stats/experience?groupBy=channel').expect(400);
    assert.match(groupBy.body.error.message, /groupBy: must be one of topic, market, phase, week/);
    await t.as('leader').get('/api/v1/stats/experience?topic=nope').expect(404);
    await t.as('leader').get('/api/v1/stats/experience?market=nope').expect(404);
    const phase = await t.as('leader').get('/api/v1/stats/experience?phase=checkout').expect(404);
    assert.match(phase.body.error.message, /Unknown journey phase "checkout"/);
    const reversed = await t.as('leader').get('/api/v1/stats/experience?from=2026-11-30&to=2026-11-01').expect(400);
    assert.match(reversed.body.error.message, /after/);
    await t.as('leader').get('/api/v1/stats/experience?from=2026-11-31').expect(400);
  });
});

describe('experience statistics: minimum sample, days and merges', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ SURVEY_MIN_SAMPLE: '100' });
    await seedTaxonomy(t);
  });
  afterEach(() => t.close());

  it('follows SURVEY_MIN_SAMPLE: 100 answers show, 42 say how many are needed', async () => {
    await seedAnswers(t);
    const groups = (await get(t, 'groupBy=topic')).body.groups;
    assert.equal(groups[0].current.nps.nps, 45);
    assert.deepEqual(groups[1].current.nps, { n: 42, insufficient: true, needed: 100 });
    assert.deepEqual(groups[1].current.ces['1-5'], { n: 30, insufficient: true, needed: 100 });
  });

  it('cuts days in the organisation time zone and counts a merged topic as the one it went into', async () => {
    t.setNow('2026-12-05T12:00:00Z');
    // 23:30 UTC on 31 Oct is 00:30 on 1 Nov in Oslo.
    const answers = [...times(60, nps(10, '2026-10-31T23:30:00Z', 'card-payment', 'torget')), ...times(40, nps(0, '2026-10-31T22:30:00Z', 'card-payment', 'torget'))];
    await t.as('ingest').post('/api/v1/responses').send({ responses: answers }).expect(201);
    await t.as('admin').post('/api/v1/topics/card-payment/merge').send({ into: 'sms-payment' }).expect(200);
    const { body } = await t.as('leader').get('/api/v1/stats/experience?from=2026-11-01&to=2026-11-30&groupBy=topic').expect(200);
    // The 22:30 UTC answers are 23:30 on 31 Oct in Oslo; the 23:30 UTC ones are 1 Nov.
    assert.equal(body.current.nps.n, 60);
    assert.deepEqual(body.groups.map((g: { key: string; current: { nps: { n: number } } }) => [g.key, g.current.nps.n]), [['sms-payment', 60]]);
    const october = (await t.as('leader').get('/api/v1/stats/experience?from=2026-10-31&to=2026-10-31&topic=sms-payment').expect(200)).body;
    assert.equal(october.current.nps.n, 40);
  });
});

describe('ISO weeks', () => {
  it('labels weeks by the year their Thursday falls in (Python: date(...).isocalendar())', () => {
    assert.equal(isoWeekLabel('2026-12-28'), '2026-W53');
    assert.equal(isoWeekLabel('2020-12-28'), '2020-W53');
    assert.equal(isoWeekLabel('2021-01-04'), '2021-W01');
    assert.equal(isoWeekLabel('2026-11-09'), '2026-W46');
  });

  it('cuts the first and last week to the period', () => {
    assert.deepEqual(weeksOf('2026-11-04', '2026-11-10'), [
      { monday: '2026-11-02', label: '2026-W45', from: '2026-11-04', to: '2026-11-08' },
      { monday: '2026-11-09', label: '2026-W46', from: '2026-11-09', to: '2026-11-10' },
    ]);
  });
});
