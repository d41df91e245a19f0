import assert from 'node:assert/strict';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';

/**
 * Values the field schemas let through but PostgreSQL cannot store, or that only a typo produces:
 * each is the client's 4xx naming what is wrong, the good part of a batch is kept, and nothing
 * half-written stays behind. Found by probing the running API with what clients really send.
 */
describe('bad input the database would refuse', function () {
  this.timeout(60_000);
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
  });
  after(() => t.close());

  const count = async (table: string) => (await t.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
  const inquiry = (overrides: Record<string, unknown> = {}) => ({ receivedAt: '2026-11-20T10:15:00+01:00', topic: 'sms-payment', market: 'torget', channel: 'phone', ...overrides });

  it('rejects a null character by field, item by item, keeping the rest of a batch or file', async () => {
    const before = await count('inquiries');
    const batch = await t.as('agent').post('/api/v1/inquiries').send({ inquiries: [inquiry({ externalId: 'nul-good' }), inquiry({ note: 'paid\u0000twice' })] }).expect(201);
    assert.equal(batch.body.created, 1);
    assert.deepEqual(batch.body.rejected, [{ index: 1, errors: ['note: may not contain a null character (U+0000)'] }]);
    const csv = 'received_at,topic,market,channel,note,external_id\n2026-11-20T09:00:00Z,login,bil,phone,fine,nul-csv-1\n2026-11-20T09:05:00Z,login,bil,phone,bro\u0000ken,nul-csv-2\n';
    const file = await t.as('agent').post('/api/v1/inquiries/import').set('Content-Type', 'text/csv').send(csv).expect(201);
    assert.equal(file.body.created, 1);
    assert.equal(file.body.rejected[0].line, 3);
    assert.match(file.body.rejected[0].errors.join(), /^note: may not contain a null character/);
    assert.equal(await count('inquiries'), before + 2);
    const answers = await t.as('ingest').post('/api/v1/responses').send({ responses: [{ answeredAt: '2026-11-20', metric: 'nps', score: 9 }, { answeredAt: '2026-11-20', metric: 'nps', score: 3, comment: 'x\u0000' }] }).expect(201);
    assert.deepEqual([answers.body.created, answers.body.rejected[0].errors], [1, ['comment: may not contain a null character (U+0000)']]);
  });

  it('answers 400, not 500, where a null character reaches the database elsewhere, and stores nothing', async () => {
    const made = (await t.as('analyst').post('/api/v1/cases').send({ title: 'Null characters', topics: ['login'] }).expect(201)).body;
    const comments = await count('case_comments');
    const res = await t.as('analyst').post(`/api/v1/cases/${made.id}/comments`).send({ body: 'a\u0000b' }).expect(400);
    assert.equal(res.body.error.code, 'INVALID_INPUT');
    assert.match(res.body.error.message, /null character/);
    assert.equal(await count('case_comments'), comments);
  });

  it('refuses ids beyond the database integer with a 4xx naming the field', async () => {
    const big = 2_147_483_648;
    const spike = await t.as('analyst').get(`/api/v1/spikes/${big}`).expect(400);
    assert.match(spike.body.error.message, /id: must be at most 2147483647/);
    await t.as('analyst').post(`/api/v1/spikes/${big}/acknowledge`).expect(400);
    assert.match((await t.as('leader').get(`/api/v1/cases?owner=${big}`).expect(400)).body.error.message, /owner/);
    const create = await t.as('analyst').post('/api/v1/cases').send({ title: 'From a spike', spikeId: big });
    assert.ok(create.status === 400 || create.status === 422, `status ${create.status}`);
    assert.match(create.body.error.message, /spikeId: must be at most/);
    await t.as('admin').get(`/api/v1/tracker-connections/${big}`).expect(400);
  });

  it('refuses days before the year 1000 instead of failing or reading "0026" as 1926', async () => {
    assert.match((await t.as('analyst').get('/api/v1/inquiries?from=0000-01-01').expect(400)).body.error.message, /from/);
    assert.match((await t.as('leader').get('/api/v1/stats/volume?asOf=0026-11-15').expect(400)).body.error.message, /asOf/);
    await t.as('leader').get('/api/v1/spikes?from=0000-01-01').expect(400);
  });

  it('refuses a fix or a measurement dated before 2000, which would make every follow-up due at once', async () => {
    const made = (await t.as('analyst').post('/api/v1/cases').send({ title: 'Long ago', topics: ['login'] }).expect(201)).body;
    const fix = await t.as('analyst').post(`/api/v1/cases/${made.id}/fix-shipped`).send({ shippedAt: '1970-01-01T10:00:00Z' });
    assert.ok(fix.status >= 400 && fix.status < 500, `status ${fix.status}`);
    assert.match(fix.body.error.message, /shippedAt: must be on or after 2000-01-01/);
    const measured = await t.as('analyst').post(`/api/v1/cases/${made.id}/measurements`).send({ asOf: '1970-01-20' });
    assert.match(measured.body.error.message, /asOf: must be on or after 2000-01-01/);
    assert.equal((await t.as('analyst').get(`/api/v1/cases/${made.id}`).expect(200)).body.status, 'new');
  });

  it('refuses an upside-down period on the lists, as the statistics do', async () => {
    for (const [path, role] of [['/api/v1/inquiries', 'analyst'], ['/api/v1/spikes', 'analyst'], ['/api/v1/responses', 'analyst']] as const) {
      const res = await t.as(role).get(`${path}?from=2026-12-01&to=2026-11-01`).expect(400);
      assert.match(res.body.error.message, /to: is before from \(2026-12-01\)/, path);
    }
  });

  it('answers 400 for a body that does not decompress', async () => {
    const res = await t.as('agent').post('/api/v1/inquiries').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{}').expect(400);
    assert.match(res.body.error.message, /could not be read/);
  });

  it('answers 415 with what to send for a body that is not JSON, instead of "body: is required"', async () => {
    const form = await t.as('analyst').post('/api/v1/cases').type('form').send({ title: 'From a form' }).expect(415);
    assert.equal(form.body.error.message, 'Send the body as JSON with "Content-Type: application/json" (got "application/x-www-form-urlencoded")');
    await t.as('analyst').post('/api/v1/markets').set('Content-Type', 'text/plain').send('{"key":"x","name":"X"}').expect(415);
    // A request without a body is not refused for its type, and a CSV import still says what it wants.
    await t.as('analyst').post('/api/v1/spikes/999999/acknowledge').expect(404);
    await t.as('agent').post('/api/v1/inquiries/import').type('form').send({ a: '1' }).expect(415);
  });

  it('searches cases for % and _ as characters, not as wildcards', async () => {
    await t.as('analyst').post('/api/v1/cases').send({ title: 'Share above 30 % of inquiries', topics: ['login'] }).expect(201);
    const titles = async (q: string) => (await t.as('leader').get(`/api/v1/cases?q=${encodeURIComponent(q)}`).expect(200)).body.cases.map((c: { title: string }) => c.title);
    assert.deepEqual(await titles('%'), ['Share above 30 % of inquiries']);
    assert.deepEqual(await titles('_'), []);
  });

  describe('unknown fields', () => {
    it('names a misspelt field instead of storing a default in its place, and keeps the good items', async () => {
      const res = await t.as('agent').post('/api/v1/inquiries').send({ inquiries: [{ receivedAt: '2026-11-20T10:00:00Z', topic: 'login', market: 'bil', chanel: 'chat' }, { receivedAt: '2026-11-20T10:01:00Z', topic: 'login', market: 'bil', channel: 'chat' }] }).expect(201);
      assert.deepEqual([res.body.created, res.body.rejected], [1, [{ index: 0, errors: ['body: unknown field "chanel"'] }]]);
      const seeded = await t.as('admin').post('/api/v1/taxonomy').send({ topics: [{ key: 'child-t', name: 'Child', parnet: 'payment' }] });
      assert.equal(seeded.status, 400);
      assert.match(seeded.body.error.message, /topics\.0: unknown field "parnet"/);
      assert.equal((await t.as('admin').get('/api/v1/topics').expect(200)).body.topics.some((x: { key: string }) => x.key === 'child-t'), false);
      await t.as('admin').post('/api/v1/users').send({ email: 'p@example.com', name: 'P', role: 'agent', password: 'secret secret' }).expect(400);
    });
  });

  describe('query strings as people write them', () => {
    it('reads a repeated status as a list, and an id only as digits', async () => {
      const make = (title: string) => t.as('analyst').post('/api/v1/cases').send({ title, topics: ['login'] }).expect(201);
      const first = (await make('First')).body;
      await t.as('analyst').post(`/api/v1/cases/${first.id}/status`).send({ status: 'dropped', reason: 'Duplicate' }).expect(200);
      await make('Second');
      const statuses = async (query: string) => [...new Set<string>((await t.as('leader').get(`/api/v1/cases?${query}`).expect(200)).body.cases.map((c: { status: string }) => c.status))].sort();
      assert.deepEqual(await statuses('status=new&status=dropped'), await statuses('status=new,dropped'));
      assert.deepEqual(await statuses('status=new&status=dropped'), ['dropped', 'new']);
      await t.as('leader').get('/api/v1/spikes?status=open&status=dismissed').expect(200);
      // An unknown filter key is a 404 naming it on every list.
      for (const path of ['/api/v1/cases', '/api/v1/inquiries', '/api/v1/spikes']) {
        const res = await t.as('analyst').get(`${path}?topic=nope`).expect(404);
        assert.equal(res.body.error.message, 'Unknown topic "nope"', path);
      }
      assert.equal((await t.as('analyst').get('/api/v1/cases?market=nowhere').expect(404)).body.error.message, 'Unknown market "nowhere"');
      const hex = await t.as('leader').get('/api/v1/spikes/0x10').expect(400);
      assert.match(hex.body.error.message, /id: must be a positive integer/);
    });
  });
});
