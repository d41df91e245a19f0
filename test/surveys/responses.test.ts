import assert from 'node:assert/strict';
import supertest from 'supertest';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';

const nps = (overrides: Record<string, unknown> = {}) => ({
  answeredAt: '2026-11-20T10:15:00+01:00',
  metric: 'nps',
  score: 9,
  topic: 'sms-payment',
  market: 'torget',
  ...overrides,
});
const ces = (overrides: Record<string, unknown> = {}) => nps({ metric: 'ces', scale: '1-5', score: 4, ...overrides });

async function stored(t: TestApp): Promise<number> {
  return (await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM survey_responses')).rows[0]!.n;
}

describe('POST /api/v1/responses', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
  });
  afterEach(() => t.close());

  it('stores one NPS answer on its 0–10 scale and answers 201 with its id', async () => {
    const res = await t.as('ingest').post('/api/v1/responses').send(nps({ comment: '  Fast and easy  ', phase: 'agreement' })).expect(201);
    assert.deepEqual([res.body.created, res.body.duplicates, res.body.rejected], [1, 0, []]);
    const row = await t.db.pool.query(
      `SELECT r.metric, r.scale, r.score, r.comment, r.source, t.key AS topic, m.key AS market, p.key AS phase, r.answered_at AS "answeredAt"
       FROM survey_responses r JOIN topics t ON t.id = r.topic_id JOIN markets m ON m.id = r.market_id JOIN journey_phases p ON p.id = r.phase_id
       WHERE r.id = $1`,
      [res.body.id],
    );
    assert.deepEqual(row.rows[0], {
      metric: 'nps',
      scale: '0-10',
      score: 9,
      comment: 'Fast and easy',
      source: 'api',
      topic: 'sms-payment',
      market: 'torget',
      phase: 'agreement',
      answeredAt: new Date('2026-11-20T09:15:00Z'),
    });
  });

  it('stores CES with the scale it was asked on; topic, market and phase are optional', async () => {
    const res = await t
      .as('analyst')
      .post('/api/v1/responses')
      .send({ responses: [ces({ scale: '1–7', score: 7, topic: undefined, market: undefined }), ces({ score: 1 }), { answeredAt: '2026-11-20', metric: 'NPS', score: '0' }] })
      .expect(201);
    assert.equal(res.body.created, 3);
    const rows = await t.db.pool.query(`SELECT metric, scale, score, topic_id AS "topicId" FROM survey_responses ORDER BY id`);
    assert.deepEqual(rows.rows, [
      { metric: 'ces', scale: '1-7', score: 7, topicId: null },
      { metric: 'ces', scale: '1-5', score: 1, topicId: rows.rows[1].topicId },
      { metric: 'nps', scale: '0-10', score: 0, topicId: null },
    ]);
  });

  it('keeps the good answers of a batch and names what is wrong with each bad one', async () => {
    const res = await t
      .as('ingest')
      .post('/api/v1/responses')
      .send({
        responses: [
          nps(), // 0: fine
          nps({ score: 11 }),
          nps({ score: -1 }),
          ces({ score: 0 }),
          ces({ score: 6 }),
          ces({ scale: '1-10' }),
          ces({ scale: undefined }),
          nps({ scale: '1-5' }),
          nps({ metric: 'csat' }),
          nps({ score: 7.5 }),
          nps({ score: undefined }),
          nps({ answeredAt: '2026-02-30T10:00:00Z' }),
          nps({ answeredAt: '2026-11-26T10:00:00Z' }), // three days after "now"
          nps({ topic: 'no-such-topic' }),
          nps({ market: 'nowhere' }),
          nps({ phase: 'checkout' }),
          nps({ comment: 'x'.repeat(2001) }),
          ces({ scale: '1-7', score: 6 }), // 17: fine on seven points
        ],
      })
      .expect(201);
    assert.equal(res.body.created, 2);
    const errors = Object.fromEntries(res.body.rejected.map((r: { index: number; errors: string[] }) => [r.index, r.errors.join(' | ')]));
    assert.deepEqual(Object.keys(errors).map(Number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    assert.equal(errors[1], 'score: 11 is outside 0–10 (nps, scale 0-10)');
    assert.equal(errors[2], 'score: -1 is outside 0–10 (nps, scale 0-10)');
    assert.equal(errors[3], 'score: 0 is outside 1–5 (ces, scale 1-5)');
    assert.equal(errors[4], 'score: 6 is outside 1–5 (ces, scale 1-5)');
    assert.equal(errors[5], 'scale: unknown scale "1-10" for ces; use 1-5 or 1-7');
    assert.equal(errors[6], 'scale: is required for ces: one of 1-5, 1-7');
    assert.equal(errors[7], 'scale: unknown scale "1-5" for nps; use 0-10');
    assert.equal(errors[8], 'metric: must be one of nps, ces');
    assert.equal(errors[9], 'score: must be a whole number');
    assert.equal(errors[10], 'score: is required (a whole number)');
    assert.match(errors[11], /^answeredAt: "2026-02-30T10:00:00Z" is not an ISO 8601 date-time/);
    assert.match(errors[12], /^answeredAt: .* is more than a day in the future$/);
    assert.equal(errors[13], 'topic: unknown topic "no-such-topic"');
    assert.equal(errors[14], 'market: unknown market "nowhere"');
    assert.equal(errors[15], 'phase: unknown journey phase "checkout"');
    assert.equal(errors[16], 'comment: at most 2000 characters');
    assert.equal(await stored(t), 2);
  });

  it('is idempotent on (source, externalId)', async () => {
    const batch = { responses: [nps({ externalId: 'sv-1' }), nps({ externalId: 'sv-2', score: 3 }), nps({ externalId: 'sv-1' })] };
    const first = await t.as('ingest').post('/api/v1/responses').send(batch).expect(201);
    assert.deepEqual([first.body.created, first.body.duplicates], [2, 1]);
    const again = await t.as('ingest').post('/api/v1/responses').send(batch).expect(200);
    assert.deepEqual([again.body.created, again.body.duplicates, again.body.rejected], [0, 3, []]);
    // The same id from another survey tool is another answer.
    await t.as('ingest').post('/api/v1/responses').send(nps({ externalId: 'sv-1', source: 'typeform' })).expect(201);
    assert.equal(await stored(t), 3);
  });

  it('answers 400 when nothing could be stored, and for bodies that are not an answer or a batch', async () => {
    const none = await t.as('ingest').post('/api/v1/responses').send(nps({ score: 12 })).expect(400);
    assert.deepEqual(none.body.rejected, [{ index: 0, errors: ['score: 12 is outside 0–10 (nps, scale 0-10)'] }]);
    assert.equal(none.body.id, null);
    const array = await t.as('ingest').post('/api/v1/responses').send([nps()]).expect(400);
    assert.match(array.body.error.message, /Send a JSON object/);
    const notArray = await t.as('ingest').post('/api/v1/responses').send({ responses: 'many' }).expect(400);
    assert.match(notArray.body.error.message, /responses: must be an array/);
    const tooMany = await t
      .as('ingest')
      .post('/api/v1/responses')
      .send({ responses: Array.from({ length: 10_001 }, () => ({ answeredAt: '2026-11-20', metric: 'nps', score: 9 })) })
      .expect(413);
    assert.match(tooMany.body.error.message, /at most 10000/);
    assert.equal(await stored(t), 0);
  });

  it('takes a merged topic key to the topic it was merged into', async () => {
    await t.as('admin').post('/api/v1/topics/card-payment/merge').send({ into: 'sms-payment' }).expect(200);
    const res = await t.as('ingest').post('/api/v1/responses').send(nps({ topic: 'card-payment' })).expect(201);
    const row = await t.db.pool.query(`SELECT t.key FROM survey_responses r JOIN topics t ON t.id = r.topic_id WHERE r.id = $1`, [res.body.id]);
    assert.equal(row.rows[0].key, 'sms-payment');
  });

  it('lists answers newest first, filtered by metric, topic (with sub-topics) and market', async () => {
    await t
      .as('ingest')
      .post('/api/v1/responses')
      .send({ responses: [nps({ comment: 'first' }), ces({ topic: 'login' }), nps({ market: 'bil', topic: 'card-payment', comment: 'last' })] })
      .expect(201);
    const all = await t.as('leader').get('/api/v1/responses?from=2026-11-20&to=2026-11-20').expect(200);
    assert.deepEqual(all.body.responses.map((r: { comment: string | null }) => r.comment), ['last', null, 'first']);
    const payment = await t.as('agent').get('/api/v1/responses?from=2026-11-01&to=2026-11-30&topic=payment&metric=nps').expect(200);
    assert.equal(payment.body.responses.length, 2);
    const bil = await t.as('agent').get('/api/v1/responses?from=2026-11-01&to=2026-11-30&market=bil').expect(200);
    assert.deepEqual(bil.body.responses.map((r: { topic: string }) => r.topic), ['card-payment']);
    await t.as('agent').get('/api/v1/responses?topic=nope').expect(404);
    await t.as('agent').get('/api/v1/responses?from=yesterday').expect(400);
  });

  it('lets survey tools, analysts and admins post answers; agents and leaders read them', async () => {
    await t.as('agent').post('/api/v1/responses').send(nps()).expect(403);
    await t.as('leader').post('/api/v1/responses').send(nps()).expect(403);
    await t.as('admin').post('/api/v1/responses').send(nps()).expect(201);
    await t.as('ingest').get('/api/v1/responses').expect(403);
    const denied = await t.as('ingest').get('/api/v1/stats/experience').expect(403);
    assert.match(denied.body.error.message, /allowed: agent, analyst, leader, admin/);
    await t.as('leader').get('/api/v1/stats/experience').expect(200);
    await supertest(t.app).post('/api/v1/responses').send(nps()).expect(401);
  });
});
