import * as cheerio from 'cheerio';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { addDays } from '../../src/time.ts';
import { caseInProgress, createCaseWorld, logDaily, runFollowup, series, type CaseWorld, type DailyRow } from './support.ts';

describe('follow-ups: measurements', () => {
  let w: CaseWorld;
  beforeEach(async () => {
    w = await createCaseWorld();
  });
  afterEach(() => w.t.close());

  const ship = (key: string, shippedAt: string, offsetsDays?: number[]) =>
    w.ux.as.post(`/api/v1/cases/${key}/fix-shipped`).send({ shippedAt, ...(offsetsDays ? { offsetsDays } : {}) }).expect(200);
  const measure = (key: string, body: object) => w.ux.as.post(`/api/v1/cases/${key}/measurements`).send(body);

  it('reopens the case when the last follow-up finds no fall, saying why (sub-topics counted)', async () => {
    w.t.setNow('2026-11-20T12:00:00Z');
    // Card payment is a sub-topic of payment: a case on payment counts it.
    await logDaily(w.t, [
      ...series('2026-10-11', 'card-payment', 'torget', Array(36).fill(10)),
      ...series('2026-10-11', 'login', 'torget', Array(36).fill(90)),
    ]);
    const payment = await caseInProgress(w, { title: 'Payments fail', topics: ['payment'], markets: ['torget'], target: { metric: 'ratePerDay', max: 4 } });
    await ship(payment.key, '2026-11-01T12:00:00Z', [7, 14]);
    assert.equal(await runFollowup(w.t, { caseId: payment.id, offsetDays: 7, asOfDay: '2026-11-08' }), 'done');
    assert.equal((await w.t.as('leader').get(`/api/v1/cases/${payment.key}`).expect(200)).body.status, 'verifying');
    assert.equal(await runFollowup(w.t, { caseId: payment.id, offsetDays: 14, asOfDay: '2026-11-15' }), 'done');

    const { body: current } = await w.t.as('leader').get(`/api/v1/cases/${payment.key}`).expect(200);
    assert.equal(current.status, 'reopened');
    const { body } = await w.t.as('leader').get(`/api/v1/cases/${payment.key}/measurements`).expect(200);
    const last = body.measurements.at(-1);
    assert.deepEqual(last.counts.before, { count: 140, total: 1400, days: 14 });
    assert.deepEqual([last.verdict, last.caseStatus, last.judgement.target.met], ['no_change', 'reopened', false]);
    const history = (await w.t.as('leader').get(`/api/v1/cases/${payment.key}/history`).expect(200)).body.history;
    const reason = history.filter((h: { field: string; actor: string }) => h.field === 'statusReason' && h.actor === 'follow-up').at(-1);
    assert.equal(
      reason.after,
      'The 14-day follow-up did not confirm the fix (no clear fall in inquiries; the target is not met): Payment, Torget: 10.0 → 10.0 a day (0 %, 95 % CI −21 % to +27 %), no clear change; target of at most 4.0 a day not met.',
    );
    // A reopened case no longer waits: a late duplicate job does nothing.
    assert.equal(await runFollowup(w.t, { caseId: payment.id, offsetDays: 14, asOfDay: '2026-11-15' }), 'skipped');
  });

  it('skips a job of an older plan after the fix was re-dated, and measures the new plan from its own days', async () => {
    w.t.setNow('2026-11-20T12:00:00Z');
    await logDaily(w.t, series('2026-10-11', 'login', 'torget', Array(35).fill(20)));
    const login = await caseInProgress(w, { title: 'Login loops', topics: ['login'], markets: ['torget'] });
    await ship(login.key, '2026-11-01T12:00:00Z', [7]);
    await ship(login.key, '2026-11-03T12:00:00Z');
    assert.equal(await runFollowup(w.t, { caseId: login.id, offsetDays: 7, asOfDay: '2026-11-08' }), 'skipped');
    assert.equal(await runFollowup(w.t, { caseId: login.id, offsetDays: 7, asOfDay: '2026-11-10' }), 'done');
    const { body } = await w.t.as('leader').get(`/api/v1/cases/${login.key}/measurements`).expect(200);
    assert.deepEqual(body.measurements.map((m: { fixDay: string; asOf: string }) => [m.fixDay, m.asOf]), [['2026-11-03', '2026-11-10']]);
  });

  it('reports NPS before and after beside the inquiries, where the topics have survey answers', async () => {
    w.t.setNow('2026-11-20T12:00:00Z');
    await logDaily(w.t, series('2026-10-11', 'login', 'torget', Array(35).fill(20)));
    const login = await caseInProgress(w, { title: 'Login loops', topics: ['login'], markets: ['torget'] });
    await ship(login.key, '2026-11-01T12:00:00Z', [14]);
    // 40 answers before the fix (10 promoters, 20 detractors: NPS −25), 40 after (30 promoters, 5 detractors: NPS +62.5).
    const answers = (day: string, scores: number[]) =>
      scores.map((score, k) => ({ answeredAt: `${day}T10:${String(k).padStart(2, '0')}:00+01:00`, metric: 'nps', score, topic: 'login', market: 'torget' }));
    const before = [...Array(10).fill(10), ...Array(10).fill(8), ...Array(20).fill(3)];
    const after = [...Array(30).fill(9), ...Array(5).fill(7), ...Array(5).fill(2)];
    await w.t.as('ingest').post('/api/v1/responses').send({ responses: [...answers('2026-10-25', before), ...answers('2026-11-05', after)] }).expect(201);

    const { body } = await measure(login.key, { asOf: '2026-11-15' }).expect(201);
    const { before: npsBefore, after: npsAfter } = { before: body.figures.experience.before.nps, after: body.figures.experience.after.nps };
    assert.deepEqual([npsBefore.n, npsBefore.promoters, npsBefore.detractors], [40, 10, 20]);
    assert.deepEqual([npsAfter.n, npsAfter.promoters, npsAfter.detractors], [40, 30, 5]);
    assert.equal(npsBefore.nps, -25);
    assert.equal(npsAfter.nps, 62.5);
    assert.ok(body.figures.experience.change.nps.delta > 80, 'NPS rose by 87.5 points');
    // The case report shows it beside the inquiries, in both languages.
    const experienceRows = async (lang: string) => {
      const $ = cheerio.load((await w.t.as('leader').get(`/reports/cases/${login.key}?lang=${lang}`).expect(200)).text);
      return $('table.experience tbody tr').toArray().map((row) => $(row).find('td').toArray().map((cell) => $(cell).text()));
    };
    const [row] = await experienceRows('en');
    // Whole points with their sign and a true minus, from the same figures the API gave.
    const pts = (x: number) => (Math.round(x) > 0 ? `+${Math.round(x)}` : Math.round(x) < 0 ? `−${-Math.round(x)}` : '0');
    const change = body.figures.experience.change.nps;
    assert.deepEqual(row!.slice(1), [
      `−25 (${pts(npsBefore.ci.low)} … ${pts(npsBefore.ci.high)}; 40 answers)`,
      `+63 (${pts(npsAfter.ci.low)} … ${pts(npsAfter.ci.high)}; 40 answers)`,
      `+88 (${pts(change.ci.low)} … ${pts(change.ci.high)})`,
    ]);
    assert.match((await experienceRows('nb'))[0]![1]!, /40 svar\)$/);
    // Without answers there is no experience part at all.
    const quiet = await caseInProgress(w, { title: 'Images fail', topics: ['image-upload'], markets: ['torget'] });
    await logDaily(w.t, series('2026-10-11', 'image-upload', 'torget', Array(35).fill(5)));
    await ship(quiet.key, '2026-11-01T12:00:00Z', [14]);
    assert.equal((await measure(quiet.key, { asOf: '2026-11-15' }).expect(201)).body.figures.experience, undefined);
    const quietReport = cheerio.load((await w.t.as('leader').get(`/reports/cases/${quiet.key}`).expect(200)).text);
    assert.equal(quietReport('table.experience').length, 0, 'no experience table without answers');
  });

  it('counts an inquiry at 23:30 Oslo time on that Oslo day, and one at 00:30 on the next day', async () => {
    w.t.setNow('2026-11-20T12:00:00Z');
    const sms = await caseInProgress(w, { title: 'SMS payment hangs', topics: ['sms-payment'], markets: ['torget'] });
    await ship(sms.key, '2026-11-01T20:00:00+01:00');
    const at = (receivedAt: string) => ({ receivedAt, topic: 'sms-payment', market: 'torget' });
    await w.t
      .as('ingest')
      .post('/api/v1/inquiries')
      .send({
        inquiries: [
          at('2026-10-31T23:30:00+01:00'), // last day before the fix, though already 1 November in UTC+2 thinking
          at('2026-11-01T23:50:00+01:00'), // the fix day: a guard day, in neither window
          at('2026-11-02T00:10:00+01:00'), // 1 November in UTC, 2 November in Oslo: after
          at('2026-11-15T23:30:00+01:00'), // the last day of the after window
          at('2026-11-16T00:30:00+01:00'), // 15 November in UTC, but 16 November in Oslo: not counted
        ],
      })
      .expect(201);
    const res = await measure(sms.key, { asOf: '2026-11-15' }).expect(201);
    assert.deepEqual(res.body.windows.after, { from: '2026-11-02', to: '2026-11-15', days: 14 });
    assert.equal(res.body.counts.before.count, 1);
    assert.equal(res.body.counts.after.count, 2);
    assert.equal(res.body.verdict, 'insufficient_data');
    assert.match(res.body.sentence.en, /too few inquiries to tell/);
  });

  it('measures a window with a holiday week by calendar days, and a share target is not fooled by the quiet week', async () => {
    w.t.setNow('2026-01-21T12:00:00Z');
    const quiet = new Set(['2025-12-24', '2025-12-25', '2025-12-26', '2025-12-31', '2026-01-01']);
    const rows: DailyRow[] = [];
    for (let day = '2025-12-22'; day <= '2026-01-19'; day = addDays(day, 1)) {
      const total = quiet.has(day) ? 50 : 200;
      rows.push({ day, topic: 'card-payment', market: 'torget', count: total / 10 }, { day, topic: 'login', market: 'torget', count: total - total / 10 });
    }
    await logDaily(w.t, rows);
    const card = await caseInProgress(w, { title: 'Card payments', topics: ['card-payment'], markets: ['torget'], target: { metric: 'share', max: 0.2 } });
    await ship(card.key, '2026-01-05T10:00:00+01:00');
    const res = await measure(card.key, { asOf: '2026-01-19' }).expect(201);
    assert.deepEqual(res.body.windows.before, { from: '2025-12-22', to: '2026-01-04', days: 14 });
    assert.deepEqual(res.body.counts.before, { count: 205, total: 2050, days: 14 });
    assert.deepEqual(res.body.counts.after, { count: 280, total: 2800, days: 14 });
    // Per day the holidays make the after window look 37 % busier; as a share nothing moved.
    assert.ok(res.body.figures.rate.change > 0.35);
    assert.equal(res.body.figures.share.change, 0);
    assert.deepEqual([res.body.judgement.basis, res.body.verdict], ['share', 'no_change']);
  });

  it('answers bad windows with 422, the reason and the day a measurement becomes possible', async () => {
    w.t.setNow('2026-11-20T12:00:00Z');
    const sms = await caseInProgress(w, { title: 'SMS payment hangs', topics: ['sms-payment'], markets: ['torget'] });
    await ship(sms.key, '2026-11-01T12:00:00Z');
    const early = await measure(sms.key, { asOf: '2026-10-20' }).expect(422);
    assert.match(early.body.error.message, /nothing to measure yet/);
    assert.deepEqual(early.body.error.details, { problem: 'after_window_empty', earliestAsOf: '2026-11-02' });
    assert.equal((await measure(sms.key, { asOf: '2026-11-01' }).expect(422)).body.error.details.earliestAsOf, '2026-11-02');
    const today = await measure(sms.key, { asOf: '2026-11-20' }).expect(422);
    assert.match(today.body.error.message, /not over yet; the latest day that can be measured is 2026-11-19/);
    const crossing = await measure(sms.key, { before: { from: '2026-10-20', to: '2026-11-01' }, after: { from: '2026-11-02', to: '2026-11-10' } }).expect(422);
    assert.equal(crossing.body.error.details.problem, 'window_crosses_fix');
    const reversed = await measure(sms.key, { before: { from: '2026-10-20', to: '2026-10-10' }, after: { from: '2026-11-02', to: '2026-11-10' } }).expect(422);
    assert.equal(reversed.body.error.details.problem, 'reversed_window');
    const notOver = await measure(sms.key, { asOf: '2026-11-05', before: { from: '2026-10-20', to: '2026-10-31' }, after: { from: '2026-11-02', to: '2026-11-10' } }).expect(422);
    assert.deepEqual(notOver.body.error.details, { problem: 'window_not_over', earliestAsOf: '2026-11-10' });
    // Malformed input is a 400 naming the field.
    assert.match((await measure(sms.key, { asOf: '2026-02-30' }).expect(400)).body.error.message, /asOf: must be a date/);
    assert.match((await measure(sms.key, { windowDays: 3 }).expect(400)).body.error.message, /windowDays: at least 7 days/);
    assert.match((await measure(sms.key, { before: { from: '2026-10-01', to: '2026-10-14' } }).expect(400)).body.error.message, /give both before and after/);
    assert.match((await measure(sms.key, { after: { from: '2026-11-02', to: '2026-11-10' }, baseline: { from: '2026-09-01', to: '2026-09-28' } }).expect(400)).body.error.message, /before and after/);
    assert.match((await measure(sms.key, { asOf: '2026-11-15', tz: 'UTC' }).expect(400)).body.error.message, /tz/);
    const { body } = await w.t.as('leader').get(`/api/v1/cases/${sms.key}/measurements`).expect(200);
    assert.deepEqual(body.measurements, [], 'nothing refused was stored');
  });

  it('refuses unknown cases, cases without a fix or topics, and roles that may not', async () => {
    w.t.setNow('2026-11-20T12:00:00Z');
    await measure('PP-77', { asOf: '2026-11-15' }).expect(404);
    await w.t.as('leader').get('/api/v1/cases/PP-77/measurements').expect(404);
    assert.match((await w.t.as('leader').get('/api/v1/cases/x7/measurements').expect(400)).body.error.message, /not a case id/);

    const sms = await caseInProgress(w, { title: 'SMS payment hangs', topics: ['sms-payment'], markets: ['torget'] });
    const noFix = await measure(sms.key, { asOf: '2026-11-15' }).expect(409);
    assert.match(noFix.body.error.message, /has no fix shipped yet/);
    const listed = await w.t.as('leader').get(`/api/v1/cases/${sms.key}/measurements`).expect(200);
    assert.deepEqual(listed.body, { plan: null, measurements: [] });

    const bare = await caseInProgress(w, { title: 'Something', topics: [] });
    await ship(bare.key, '2026-11-01T12:00:00Z');
    assert.match((await measure(bare.key, { asOf: '2026-11-15' }).expect(422)).body.error.message, /has no topics/);

    await ship(sms.key, '2026-11-01T12:00:00Z');
    await w.t.as('agent').post(`/api/v1/cases/${sms.key}/measurements`).send({ asOf: '2026-11-15' }).expect(403);
    await w.t.as('leader').post(`/api/v1/cases/${sms.key}/measurements`).send({ asOf: '2026-11-15' }).expect(403);
    await w.t.as('ingest').get(`/api/v1/cases/${sms.key}/measurements`).expect(403);
    await supertest(w.t.app).get(`/api/v1/cases/${sms.key}/measurements`).expect(401);
    await w.t.as('agent').get(`/api/v1/cases/${sms.key}/measurements`).expect(200);
  });
});
