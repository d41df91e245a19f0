import assert from 'node:assert/strict';
import supertest from 'supertest';
import { caseInProgress, createCaseWorld, followupJobsOf, type CaseWorld } from './support.ts';

describe('follow-ups: fix shipped and scheduling', () => {
  let w: CaseWorld;
  let smsCase: { id: number; key: string };
  beforeEach(async () => {
    w = await createCaseWorld();
    smsCase = await caseInProgress(w, { title: 'SMS payment hangs', topics: ['sms-payment'], markets: ['torget'] });
  });
  afterEach(() => w.t.close());

  const ship = (body: object, key = smsCase.key) => w.ux.as.post(`/api/v1/cases/${key}/fix-shipped`).send(body);
  const historyOf = async (key: string) => (await w.t.as('leader').get(`/api/v1/cases/${key}/history`).expect(200)).body.history as Array<{ field: string; actor: string; before: unknown; after: unknown }>;

  it('moves the case to fix_shipped and plans one job per offset, each run once its day is over in Oslo', async () => {
    const res = await ship({ shippedAt: '2026-11-01T21:30:00+01:00' }).expect(200);
    assert.equal(res.body.status, 'fix_shipped');
    assert.equal(res.body.fixDay, '2026-11-01');
    assert.deepEqual(res.body.offsetsDays, [7, 14, 30]);
    assert.equal(res.headers.etag, `"${res.body.version}"`);
    assert.deepEqual(
      res.body.followups.map((f: { offsetDays: number; asOf: string; runAt: string; measurementId: number | null }) => [f.offsetDays, f.asOf, f.runAt, f.measurementId]),
      [
        // 01:00 in Oslo the morning after the measured day (CET, UTC+1): the day is complete.
        [7, '2026-11-08', '2026-11-09T00:00:00.000Z', null],
        [14, '2026-11-15', '2026-11-16T00:00:00.000Z', null],
        [30, '2026-12-01', '2026-12-02T00:00:00.000Z', null],
      ],
    );
    const jobs = await followupJobsOf(w.t, smsCase.id);
    assert.deepEqual(
      jobs.map((j) => [j.offsetDays, j.asOfDay, j.nextRunAt?.toISOString()]),
      [
        [7, '2026-11-08', '2026-11-09T00:00:00.000Z'],
        [14, '2026-11-15', '2026-11-16T00:00:00.000Z'],
        [30, '2026-12-01', '2026-12-02T00:00:00.000Z'],
      ],
    );
    const history = await historyOf(smsCase.key);
    const status = history.filter((h) => h.field === 'status').at(-1)!;
    assert.deepEqual([status.before, status.after, status.actor], ['in_progress', 'fix_shipped', 'Kari Nordmann']);
    assert.deepEqual(history.find((h) => h.field === 'shippedAt')?.after, '2026-11-01T20:30:00.000Z');
  });

  it('is idempotent: shipping the same fix again changes nothing and leaves one job per follow-up', async () => {
    const first = await ship({ shippedAt: '2026-11-01T20:30:00Z' }).expect(200);
    const again = await ship({ shippedAt: '2026-11-01T21:30:00+01:00' }).expect(200);
    assert.equal(again.body.version, first.body.version, 'the same instant is no change');
    assert.equal((await followupJobsOf(w.t, smsCase.id)).length, 3);
    assert.equal((await historyOf(smsCase.key)).filter((h) => h.field === 'shippedAt').length, 1);
  });

  it('re-plans when the fix is re-dated: the old jobs are gone, the new ones follow the new day', async () => {
    await ship({ shippedAt: '2026-11-01T20:30:00Z' }).expect(200);
    const moved = await ship({ shippedAt: '2026-11-03T08:00:00Z' }).expect(200);
    assert.equal(moved.body.status, 'fix_shipped');
    assert.deepEqual(
      (await followupJobsOf(w.t, smsCase.id)).map((j) => [j.offsetDays, j.asOfDay, j.nextRunAt?.toISOString()]),
      [
        [7, '2026-11-10', '2026-11-11T00:00:00.000Z'],
        [14, '2026-11-17', '2026-11-18T00:00:00.000Z'],
        [30, '2026-12-03', '2026-12-04T00:00:00.000Z'],
      ],
    );
    const redated = (await historyOf(smsCase.key)).filter((h) => h.field === 'shippedAt');
    assert.deepEqual(redated.at(-1), { ...redated.at(-1), before: '2026-11-01T20:30:00.000Z', after: '2026-11-03T08:00:00.000Z' });
  });

  it('lets a case plan its own follow-up days, and keeps them when the fix is re-dated', async () => {
    await ship({ shippedAt: '2026-11-01T20:30:00Z', offsetsDays: [10, 3, 10] }).expect(200);
    assert.deepEqual((await followupJobsOf(w.t, smsCase.id)).map((j) => [j.offsetDays, j.asOfDay]), [[3, '2026-11-04'], [10, '2026-11-11']]);
    const redated = await ship({ shippedAt: '2026-11-02T09:00:00Z' }).expect(200);
    assert.deepEqual(redated.body.offsetsDays, [3, 10]);
    assert.deepEqual((await followupJobsOf(w.t, smsCase.id)).map((j) => [j.offsetDays, j.asOfDay]), [[3, '2026-11-05'], [10, '2026-11-12']]);
  });

  it('puts a fix shipped at 23:30 Oslo time on that Oslo day, and one at 00:30 on the next', async () => {
    const late = await ship({ shippedAt: '2026-11-01T22:30:00Z' }).expect(200);
    assert.equal(late.body.fixDay, '2026-11-01');
    const afterMidnight = await ship({ shippedAt: '2026-11-01T23:30:00Z' }).expect(200);
    assert.equal(afterMidnight.body.fixDay, '2026-11-02');
  });

  it('refuses bad input, unknown cases, wrong statuses, stale versions and roles that may not', async () => {
    for (const shippedAt of ['yesterday', '2026-11-01', '2026-13-01T10:00:00Z', '2026-11-01T10:00:00', 42]) {
      const bad = await ship({ shippedAt }).expect(400);
      assert.match(bad.body.error.message, /shippedAt/);
    }
    assert.match((await ship({}).expect(400)).body.error.message, /shippedAt/);
    assert.match((await ship({ shippedAt: '2026-11-01T10:00:00Z', offsetsDays: [0] }).expect(400)).body.error.message, /offsetsDays\.0: at least 1 day/);
    assert.match((await ship({ shippedAt: '2026-11-01T10:00:00Z', offsetsDays: [] }).expect(400)).body.error.message, /offsetsDays/);
    assert.match((await ship({ shippedAt: '2026-11-01T10:00:00Z', colour: 'red' }).expect(400)).body.error.message, /colour/);
    const future = await ship({ shippedAt: '2026-11-24T12:00:00Z' }).expect(422);
    assert.match(future.body.error.message, /in the future/);
    await ship({ shippedAt: '2026-11-01T10:00:00Z' }, 'PP-999').expect(404);
    assert.match((await ship({ shippedAt: '2026-11-01T10:00:00Z' }, 'case-1').expect(400)).body.error.message, /not a case id/);

    const { body: fresh } = await w.ux.as.post('/api/v1/cases').send({ title: 'Login loops', topics: ['login'] }).expect(201);
    const early = await ship({ shippedAt: '2026-11-01T10:00:00Z' }, fresh.key).expect(409);
    assert.match(early.body.error.message, /PP-2 is new: a fix ships from in_progress/);
    assert.deepEqual(early.body.error.details.nextStatuses, ['refining', 'dropped']);

    const stale = await w.ux.as.post(`/api/v1/cases/${smsCase.key}/fix-shipped`).set('If-Match', '"1"').send({ shippedAt: '2026-11-01T10:00:00Z' }).expect(412);
    assert.match(stale.body.error.message, /changed since you loaded it/);

    await w.t.as('agent').post(`/api/v1/cases/${smsCase.key}/fix-shipped`).send({ shippedAt: '2026-11-01T10:00:00Z' }).expect(403);
    await w.t.as('leader').post(`/api/v1/cases/${smsCase.key}/fix-shipped`).send({ shippedAt: '2026-11-01T10:00:00Z' }).expect(403);
    await supertest(w.t.app).post(`/api/v1/cases/${smsCase.key}/fix-shipped`).send({ shippedAt: '2026-11-01T10:00:00Z' }).expect(401);
    assert.deepEqual(await followupJobsOf(w.t, smsCase.id), [], 'nothing refused was scheduled');
    const current = await w.t.as('leader').get(`/api/v1/cases/${smsCase.key}`).expect(200);
    assert.equal(current.body.status, 'in_progress');
  });

  it('refuses a fix on a resolved or dropped case, but re-dates one while verifying', async () => {
    await ship({ shippedAt: '2026-11-01T20:30:00Z' }).expect(200);
    await w.ux.as.post(`/api/v1/cases/${smsCase.key}/status`).send({ status: 'verifying' }).expect(200);
    const redated = await ship({ shippedAt: '2026-11-02T20:30:00Z' }).expect(200);
    assert.equal(redated.body.status, 'verifying');
    await w.ux.as.post(`/api/v1/cases/${smsCase.key}/status`).send({ status: 'resolved' }).expect(200);
    const resolved = await ship({ shippedAt: '2026-11-02T20:30:00Z' }).expect(409);
    assert.match(resolved.body.error.message, /is resolved/);
  });
});
