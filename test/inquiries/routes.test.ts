import assert from 'node:assert/strict';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';

const good = (overrides: Record<string, unknown> = {}) => ({
  receivedAt: '2026-11-20T10:15:00+01:00',
  topic: 'sms-payment',
  market: 'torget',
  channel: 'phone',
  ...overrides,
});

async function count(t: TestApp): Promise<number> {
  const res = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM inquiries');
  return res.rows[0]!.n;
}

describe('POST /api/v1/inquiries', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ BODY_LIMIT: '3mb' });
    await seedTaxonomy(t);
  });
  afterEach(() => t.close());

  it('stores one inquiry and answers 201 with its id', async () => {
    const res = await t.as('agent').post('/api/v1/inquiries').send(good({ note: '  Paid twice  ' })).expect(201);
    assert.equal(res.body.created, 1);
    assert.equal(typeof res.body.id, 'number');
    const row = await t.db.pool.query('SELECT note, source, day, channel FROM inquiries WHERE id = $1', [res.body.id]);
    assert.deepEqual(row.rows[0], { note: 'Paid twice', source: 'api', day: '2026-11-20', channel: 'phone' });
  });

  it('keeps the good items of a batch and names what is wrong with each bad one', async () => {
    const res = await t
      .as('agent')
      .post('/api/v1/inquiries')
      .send({
        inquiries: [
          good(),
          good({ topic: 'no-such-topic' }),
          good({ market: 'nowhere' }),
          good({ receivedAt: '2026-13-01T10:00:00Z' }),
          good({ receivedAt: '2026-11-26T10:00:00Z' }), // three days after "now"
          good({ note: 'x'.repeat(2001) }),
          good({ channel: 'pigeon' }),
          good({ topic: 42 }),
          good({ channel: 'email' }),
        ],
      })
      .expect(201);
    assert.equal(res.body.created, 2);
    assert.equal(res.body.duplicates, 0);
    const errors = Object.fromEntries(res.body.rejected.map((r: { index: number; errors: string[] }) => [r.index, r.errors.join(' | ')]));
    assert.deepEqual(Object.keys(errors).map(Number), [1, 2, 3, 4, 5, 6, 7]);
    assert.match(errors[1], /unknown topic "no-such-topic"/);
    assert.match(errors[2], /unknown market "nowhere"/);
    assert.match(errors[3], /not an ISO 8601 date-time/);
    assert.match(errors[4], /more than a day in the future/);
    assert.match(errors[5], /note: at most 2000 characters/);
    assert.match(errors[6], /channel: must be one of phone, email/);
    assert.match(errors[7], /topic:/);
    assert.equal(await count(t), 2);
  });

  it('names a bad time beside the other bad fields of the same item', async () => {
    const res = await t.as('agent').post('/api/v1/inquiries').send({ inquiries: [good({ receivedAt: '', topic: '', channel: 'pigeon' })] }).expect(400);
    const [errors] = res.body.rejected.map((r: { errors: string[] }) => r.errors);
    assert.deepEqual(errors.map((e: string) => e.split(':')[0]).sort(), ['channel', 'receivedAt', 'topic']);
  });

  it('accepts a time up to a day ahead (clock skew between systems)', async () => {
    await t.as('agent').post('/api/v1/inquiries').send(good({ receivedAt: '2026-11-24T06:00:00Z' })).expect(201);
  });

  it('is idempotent on (source, externalId)', async () => {
    const batch = { inquiries: [good({ externalId: 'zd-1' }), good({ externalId: 'zd-2' }), good({ externalId: 'zd-1' })] };
    const first = await t.as('ingest').post('/api/v1/inquiries').send(batch).expect(201);
    assert.deepEqual([first.body.created, first.body.duplicates], [2, 1]);
    const second = await t.as('ingest').post('/api/v1/inquiries').send(batch).expect(200);
    assert.deepEqual([second.body.created, second.body.duplicates, second.body.rejected], [0, 3, []]);
    // The same external id from another source is another inquiry.
    await t.as('ingest').post('/api/v1/inquiries').send(good({ externalId: 'zd-1', source: 'zendesk' })).expect(201);
    assert.equal(await count(t), 3);
  });

  it('answers 400 when nothing could be stored', async () => {
    const res = await t.as('agent').post('/api/v1/inquiries').send(good({ topic: 'nope' })).expect(400);
    assert.deepEqual(res.body.rejected, [{ index: 0, errors: ['topic: unknown topic "nope"'] }]);
    assert.equal(res.body.id, null);
  });

  it('answers 400 for malformed JSON and for a body that is not an object', async () => {
    const malformed = await t.as('agent').post('/api/v1/inquiries').set('Content-Type', 'application/json').send('{"topic": ').expect(400);
    assert.match(malformed.body.error.message, /Malformed JSON/);
    const array = await t.as('agent').post('/api/v1/inquiries').send([good()]).expect(400);
    assert.match(array.body.error.message, /Send a JSON object/);
    const notArray = await t.as('agent').post('/api/v1/inquiries').send({ inquiries: 'many' }).expect(400);
    assert.match(notArray.body.error.message, /inquiries: must be an array/);
    assert.equal(await count(t), 0);
  });

  it('answers 413 for more than 10,000 items and for an oversize body', async () => {
    const many = { inquiries: Array.from({ length: 10_001 }, () => ({ receivedAt: '2026-11-20', topic: 'login', market: 'torget' })) };
    const tooMany = await t.as('agent').post('/api/v1/inquiries').send(many).expect(413);
    assert.match(tooMany.body.error.message, /at most 10000/);
    const huge = await t.as('agent').post('/api/v1/inquiries').send({ inquiries: [good({ note: 'x'.repeat(4_000_000) })] }).expect(413);
    assert.equal(huge.body.error.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(await count(t), 0);
  });

  it('stores a full batch of 10,000', async () => {
    const batch = { inquiries: Array.from({ length: 10_000 }, (_, i) => good({ externalId: `b-${i}` })) };
    const res = await t.as('ingest').post('/api/v1/inquiries').send(batch).expect(201);
    assert.equal(res.body.created, 10_000);
  });

  it('cuts days in the organisation time zone, not UTC', async () => {
    // 23:30 UTC on 20 Nov is 00:30 on 21 Nov in Oslo; a wall-clock time without offset is Oslo time.
    await t.as('agent').post('/api/v1/inquiries').send(good({ receivedAt: '2026-11-20T23:30:00Z' })).expect(201);
    await t.as('agent').post('/api/v1/inquiries').send(good({ receivedAt: '2026-11-21 00:10' })).expect(201);
    const rows = await t.db.pool.query(`SELECT day, received_at FROM inquiries ORDER BY received_at`);
    assert.deepEqual(rows.rows.map((r) => r.day), ['2026-11-21', '2026-11-21']);
    assert.equal(rows.rows[0].received_at.toISOString(), '2026-11-20T23:10:00.000Z');
  });

  it('lists what the caller logged, newest first, and lets them undo it', async () => {
    const first = await t.as('agent').post('/api/v1/inquiries').send(good()).expect(201);
    await t.as('analyst').post('/api/v1/inquiries').send(good()).expect(201);
    const last = await t.as('agent').post('/api/v1/inquiries').send(good({ topic: 'login' })).expect(201);
    const mine = await t.as('agent').get('/api/v1/inquiries?mine=true').expect(200);
    assert.deepEqual(mine.body.inquiries.map((i: { id: number }) => i.id), [last.body.id, first.body.id]);
    assert.equal(mine.body.inquiries[0].loggedBy, 'test agent');

    const analystsId = (await t.as('analyst').get('/api/v1/inquiries?mine=true').expect(200)).body.inquiries[0].id;
    await t.as('agent').delete(`/api/v1/inquiries/${analystsId}`).expect(403);
    await t.as('agent').delete(`/api/v1/inquiries/${last.body.id}`).expect(204);
    await t.as('agent').delete(`/api/v1/inquiries/${last.body.id}`).expect(404);
    await t.as('agent').delete(`/api/v1/inquiries/abc`).expect(400);
    // A machine that posts inquiries never deletes one, not even its own.
    const machines = await t.as('ingest').post('/api/v1/inquiries').send(good()).expect(201);
    await t.as('ingest').delete(`/api/v1/inquiries/${machines.body.id}`).expect(403);
    await t.as('admin').delete(`/api/v1/inquiries/${machines.body.id}`).expect(204);
    const stats = await t.as('agent').get('/api/v1/stats/volume?from=2026-11-20&to=2026-11-20').expect(200);
    assert.equal(stats.body.total, 2);
  });
});
