import assert from 'node:assert/strict';
import type { CaseWorld } from '../followups/support.ts';
import { portfolioWorld } from './world.ts';

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);

describe('reports: the portfolio report API', function () {
  this.timeout(120_000);
  let w: CaseWorld & Awaited<ReturnType<typeof portfolioWorld>>;
  before(async () => {
    w = await portfolioWorld();
  });
  after(() => w.t.close());

  const get = (query: string) => w.t.as('leader').get(`/api/v1/reports/portfolio${query}`);

  it('counts cases opened, shipped, resolved and reopened in the period from the case history', async () => {
    const { body } = await get('?from=2026-10-01&to=2026-10-31').expect(200);
    assert.deepEqual(body.period, { from: '2026-10-01', to: '2026-10-31', days: 31 });
    assert.deepEqual(body.previousPeriod, { from: '2026-08-31', to: '2026-09-30', days: 31 });
    assert.equal(body.market, null);
    const summary = (kind: string) => body.cases[kind].cases.map((c: { key: string; day: string }) => `${c.key} ${c.day}`);
    assert.deepEqual(summary('opened'), ['PP-3 2026-10-03', 'PP-4 2026-10-05']);
    assert.deepEqual(summary('shipped'), ['PP-2 2026-10-01', 'PP-4 2026-10-12']);
    assert.deepEqual(summary('resolved'), ['PP-2 2026-10-09', 'PP-4 2026-10-12']);
    assert.deepEqual(summary('reopened'), ['PP-4 2026-10-20']);
    assert.deepEqual(
      ['opened', 'shipped', 'resolved', 'reopened'].map((k) => body.cases[k].count),
      [2, 2, 2, 1],
    );
  });

  it('sums inquiries avoided a month over resolved cases with a measurement, and never counts one without', async () => {
    const { body } = await get('?from=2026-10-01&to=2026-10-31').expect(200);
    const { impact } = body;
    assert.equal(impact.daysPerMonth, 30.44);
    assert.deepEqual(impact.notMeasured.map((c: { key: string }) => c.key), ['PP-4']);
    assert.equal(impact.measured.length, 1);
    const sms = impact.measured[0];
    assert.equal(sms.key, 'PP-2');
    assert.equal(sms.measurement.asOf, '2026-10-08');
    // Before: 14 days of 10 (17–30 Sep); after: 7 days of 2 (2–8 Oct).
    close(sms.beforePerDay, 10, 'before');
    close(sms.afterPerDay, 2, 'after');
    close(sms.avoidedPerMonth, 8 * 30.44, 'avoided');
    close(impact.avoidedPerMonth, 243.52, 'sum');
    // The interval comes from the measurement's rate-ratio interval, the before rate held.
    const { body: measurements } = await w.t.as('leader').get(`/api/v1/cases/${w.keys.sms}/measurements`).expect(200);
    const ratioCi = measurements.measurements.at(-1).figures.rate.ratioCi;
    close(sms.interval.lower, 10 * (1 - ratioCi.upper) * 30.44, 'interval lower');
    close(sms.interval.upper, 10 * (1 - ratioCi.lower) * 30.44, 'interval upper');
    assert.ok(sms.interval.lower < sms.avoidedPerMonth && sms.avoidedPerMonth < sms.interval.upper);
  });

  it('ranks open cases by their topics’ volume in the period, and names the busiest topics no open case covers', async () => {
    const { body } = await get('?from=2026-10-01&to=2026-10-31').expect(200);
    const { openProblems } = body;
    // 42 SMS + 93 card + 93 login + 124 image upload + 10 payment.
    assert.equal(openProblems.totalInquiries, 362);
    assert.equal(openProblems.openCaseCount, 2);
    assert.deepEqual(
      openProblems.cases.map((c: { key: string; count: number; status: string; currentStatus: string }) => [c.key, c.count, c.status, c.currentStatus]),
      [
        ['PP-4', 93, 'reopened', 'reopened'],
        ['PP-3', 62, 'refining', 'refining'],
      ],
    );
    close(openProblems.cases[0].share, 93 / 362, 'share');
    assert.deepEqual(
      openProblems.topicsWithoutCase.map((t: { key: string; count: number }) => [t.key, t.count]),
      [
        ['image-upload', 124],
        ['sms-payment', 42],
        ['payment', 10],
      ],
    );
  });

  it('gives weekly totals from the first day of the period beside the same weeks of the previous period', async () => {
    const { body } = await get('?from=2026-10-01&to=2026-10-31').expect(200);
    const { trend } = body;
    assert.deepEqual(
      trend.weeks.map((wk: { from: string; to: string; days: number; count: number; previousFrom: string; previousCount: number }) => [wk.from, wk.to, wk.days, wk.count, wk.previousFrom, wk.previousCount]),
      [
        ['2026-10-01', '2026-10-07', 7, 94, '2026-08-31', 6],
        ['2026-10-08', '2026-10-14', 7, 81, '2026-09-07', 7],
        ['2026-10-15', '2026-10-21', 7, 77, '2026-09-14', 47],
        ['2026-10-22', '2026-10-28', 7, 77, '2026-09-21', 77],
        ['2026-10-29', '2026-10-31', 3, 33, '2026-09-28', 33],
      ],
    );
    assert.equal(trend.total, 362);
    assert.equal(trend.previousTotal, 170);
    close(trend.change, 192 / 170, 'change');    // Logging began on 1 September, a day into the period before (31 Aug – 30 Sep): the report says so.
    assert.equal(trend.dataSince, '2026-09-01');
    assert.equal(trend.previousIncomplete, true);
    const later = (await get('?from=2026-10-16&to=2026-10-31').expect(200)).body.trend;
    assert.deepEqual([later.dataSince, later.previousIncomplete], ['2026-09-01', false], 'a period before that starts after 1 September is whole');
  });

  it('narrows everything to one market: its cases, its inquiries and its trend', async () => {
    const { body } = await get('?from=2026-10-01&to=2026-10-31&market=torget').expect(200);
    assert.deepEqual(body.market, { key: 'torget', name: 'Torget' });
    assert.deepEqual(body.cases.opened.cases.map((c: { key: string }) => c.key), ['PP-4'], 'the Bil case is left out; a case without markets counts everywhere');
    assert.equal(body.openProblems.totalInquiries, 207);
    assert.deepEqual(body.openProblems.cases.map((c: { key: string; count: number }) => [c.key, c.count]), [['PP-4', 0]]);
    assert.deepEqual(
      body.openProblems.topicsWithoutCase.map((t: { key: string; count: number }) => [t.key, t.count]),
      [
        ['image-upload', 124],
        ['sms-payment', 42],
        ['login', 31],
        ['payment', 10],
      ],
    );
    assert.equal(body.trend.total, 207);
    assert.equal(body.trend.previousTotal, 170);
  });

  it('defaults to the last full quarter, and counts a case open at the period’s end by its status then', async () => {
    const { body } = await get('').expect(200);
    assert.deepEqual(body.period, { from: '2026-07-01', to: '2026-09-30', days: 92 });
    assert.deepEqual(body.previousPeriod, { from: '2026-03-31', to: '2026-06-30', days: 92 });
    assert.equal(body.today, '2026-11-23');
    assert.deepEqual(body.cases.opened.cases.map((c: { key: string }) => c.key), ['PP-1', 'PP-2']);
    // On 30 Sep the payment case (dropped 15 Oct) was still new, and the SMS case in progress.
    assert.deepEqual(
      body.openProblems.cases.map((c: { key: string; status: string; currentStatus: string; count: number }) => [c.key, c.status, c.currentStatus, c.count]),
      [
        ['PP-1', 'new', 'dropped', 140],
        ['PP-2', 'in_progress', 'resolved', 140],
      ],
    );
    assert.deepEqual(body.openProblems.topicsWithoutCase.map((t: { key: string }) => t.key), ['login']);
    assert.equal(body.impact.avoidedPerMonth, 0);
  });

  it('refuses bad input with a 400 that names the field', async () => {
    const cases: Array<[string, RegExp]> = [
      ['?from=2026-10-31&to=2026-10-01', /to: must be on or after from \(2026-10-31\)/],
      ['?from=2026-13-01&to=2026-10-01', /from: must be a date/],
      ['?from=2026-10-01&to=yesterday', /to: must be a date/],
      ['?from=2026-10-01', /to: give both from and to/],
      ['?from=2026-10-01&to=2026-11-24', /to: must not be after today \(2026-11-23\)/],
      ['?from=2023-01-01&to=2026-01-01', /to: the period may be at most 731 days/],
      ['?from=2026-10-01&to=2026-10-31&market=mars', /market: unknown market "mars"/],
      ['?from=2026-10-01&from=2026-10-02&to=2026-10-31', /from: must be a date/],
    ];
    for (const [query, message] of cases) {
      const res = await get(query).expect(400);
      assert.equal(res.body.error.code, 'INVALID_INPUT', query);
      assert.match(res.body.error.message, message, query);
    }
  });

  it('needs a token with readReports', async () => {
    await w.t.as('ingest').get('/api/v1/reports/portfolio').expect(403);
    await w.t.as('agent').get('/api/v1/reports/portfolio').expect(200);
    const { default: supertest } = await import('supertest');
    await supertest(w.t.app).get('/api/v1/reports/portfolio').expect(401);
  });
});
