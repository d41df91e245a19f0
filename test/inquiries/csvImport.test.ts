import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { NOT_UTF8 } from '../../src/csv/batchedImport.ts';
import { importCsv } from '../../src/inquiries/csvImport.ts';
import { rollupMismatches } from '../../src/inquiries/service.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';

const HEADER = 'received_at,topic,market,channel,note,external_id';

async function count(t: TestApp): Promise<number> {
  return (await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM inquiries')).rows[0]!.n;
}

function csvBody(lines: string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}

describe('CSV import', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
  });
  afterEach(() => t.close());

  const post = (body: string, query = '') =>
    t.as('agent').post(`/api/v1/inquiries/import${query}`).set('Content-Type', 'text/csv').send(body);

  it('imports RFC 4180 rows with quoted commas, quotes and line breaks', async () => {
    const res = await post(
      csvBody([
        HEADER,
        '2026-11-20T09:00:00+01:00,sms-payment,torget,phone,"Paid, but ""nothing"" happened",',
        '2026-11-20 10:00,login,bil,,"two\nlines",crm-7',
        '2026-11-20,image-upload,torget,chat,,',
      ]),
    ).expect(201);
    assert.deepEqual(res.body, { rows: 3, created: 3, duplicates: 0, rejectedCount: 0, rejected: [] });
    const notes = await t.db.pool.query(`SELECT note, channel, source FROM inquiries ORDER BY received_at`);
    // A bare date is midnight in Oslo (23:00 UTC the day before), so it sorts first.
    assert.deepEqual(notes.rows, [
      { note: null, channel: 'chat', source: 'csv' },
      { note: 'Paid, but "nothing" happened', channel: 'phone', source: 'csv' },
      { note: 'two\nlines', channel: 'other', source: 'csv' },
    ]);
  });

  it('reports bad rows by line number and keeps the good ones', async () => {
    const res = await post(
      csvBody([
        HEADER,
        '2026-11-20T09:00:00Z,login,torget,phone,fine,', // line 2
        '2026-11-20T09:00:00Z,login,torget,phone', // line 3: a field missing
        '2026-11-20T09:00:00Z,nope,torget,phone,,', // line 4: unknown topic
        'yesterday,login,torget,phone,,', // line 5: bad date
        '2026-11-20T09:00:00Z,"log"in,torget,phone,,', // line 6: a stray quote in the topic
        '2026-11-20T09:05:00Z,login,torget,email,"bro"ken",', // line 7: a stray quote in the note, kept
        '2026-11-20T09:05:00Z,login,torget,email,also fine,', // line 8
      ]),
    ).expect(201);
    assert.equal(res.body.created, 3);
    assert.equal(res.body.rejectedCount, 4);
    const byLine = Object.fromEntries(res.body.rejected.map((r: { line: number; errors: string[] }) => [r.line, r.errors.join(' | ')]));
    assert.deepEqual(Object.keys(byLine).map(Number), [3, 4, 5, 6]);
    assert.match(byLine[3], /expected 6 fields/);
    assert.match(byLine[4], /unknown topic "nope"/);
    assert.match(byLine[5], /^received_at: "yesterday" is not an ISO 8601/, 'named by the column of the file');
    assert.match(byLine[6], /^topic: /);
    assert.equal(await count(t), 3);
    const notes = await t.db.pool.query<{ note: string | null }>('SELECT note FROM inquiries ORDER BY id');
    assert.deepEqual(notes.rows.map((r) => r.note), ['fine', '"bro"ken"', 'also fine'], 'the row after a stray quote is read as written');
  });

  it('refuses a row that is not UTF-8 (an Excel "CSV" in Windows-1252) with the fix, and keeps the others', async () => {
    // "blåbær" in Windows-1252: å is 0xE5 and æ is 0xE6, which are not UTF-8.
    const latin1 = Buffer.from(`${HEADER}\n2026-11-20T09:00:00Z,login,bil,phone,plain ascii,utf-1\n2026-11-20T09:05:00Z,login,bil,phone,bl\u00e5b\u00e6r,utf-2\n`, 'latin1');
    const res = await t.as('agent').post('/api/v1/inquiries/import').set('Content-Type', 'text/csv').send(latin1).expect(201);
    assert.equal(res.body.created, 1);
    assert.deepEqual(res.body.rejected, [{ line: 3, errors: [NOT_UTF8] }]);
    assert.match(NOT_UTF8, /save the file as "CSV UTF-8"/);
    const notes = await t.db.pool.query<{ note: string }>(`SELECT note FROM inquiries WHERE note LIKE 'bl%'`);
    assert.deepEqual(notes.rows, [], 'nothing garbled was stored');
  });

  it('refuses a wrong header before reading any row, naming the columns', async () => {
    const wrong = await post(csvBody(['recieved_at,topic,market', '2026-11-20,login,torget'])).expect(400);
    assert.match(wrong.body.error.message, /unknown column\(s\) "recieved_at"; missing column\(s\) received_at/);
    const empty = await post('').expect(400);
    assert.match(empty.body.error.message, /empty/);
    assert.equal(await count(t), 0);
  });

  it('accepts only the optional columns it knows, in any order', async () => {
    const res = await post(csvBody(['market,topic,received_at', 'torget,login,2026-11-20'])).expect(201);
    assert.equal(res.body.created, 1);
  });

  it('answers 415 for a body that is not text/csv', async () => {
    await t.as('agent').post('/api/v1/inquiries/import').set('Content-Type', 'application/json').send('{}').expect(415);
  });

  it('creates unknown topics and markets only when asked, and only for those who may manage them', async () => {
    const body = csvBody([HEADER, '2026-11-20T09:00:00Z,new-topic,new-market,phone,,']);
    const refused = await post(body).expect(200);
    assert.equal(refused.body.rejectedCount, 1);
    for (const role of ['agent', 'ingest'] as const) {
      const forbidden = await t.as(role).post('/api/v1/inquiries/import?createMissing=true').set('Content-Type', 'text/csv').send(body).expect(403);
      assert.match(forbidden.body.error.message, /createMissing=true creates topics and markets/);
    }
    assert.ok(!(await t.as('agent').get('/api/v1/topics').expect(200)).body.topics.some((x: { key: string }) => x.key === 'new-topic'), 'nothing created');
    const created = await t.as('analyst').post('/api/v1/inquiries/import?createMissing=true').set('Content-Type', 'text/csv').send(body).expect(201);
    assert.equal(created.body.created, 1);
    const topics = await t.as('agent').get('/api/v1/topics').expect(200);
    assert.ok(topics.body.topics.some((x: { key: string }) => x.key === 'new-topic'));
  });

  it('imports the same file twice as all duplicates', async () => {
    const body = csvBody([
      HEADER,
      '2026-11-20T09:00:00Z,login,torget,phone,,',
      '2026-11-20T09:00:00Z,login,torget,phone,,', // an identical second call is a second inquiry
      '2026-11-20T09:01:00Z,login,torget,phone,,x-1',
    ]);
    const first = await post(body).expect(201);
    assert.equal(first.body.created, 3);
    const second = await post(body).expect(200);
    assert.deepEqual([second.body.created, second.body.duplicates], [0, 3]);
    assert.equal(await count(t), 3);
  });

  it('stores every row exactly once when an import killed half way is run again', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 2500; i++) {
      const minute = String(i % 60).padStart(2, '0');
      lines.push(`2026-11-${String(10 + (i % 10))}T10:${minute}:00Z,${i % 3 ? 'login' : 'sms-payment'},torget,phone,,`);
    }
    const full = csvBody(lines);
    // A stream that dies after ~60 % of the file, mid-line, like a killed process or a dropped upload.
    const cut = full.slice(0, Math.floor(full.length * 0.6));
    const chunks = cut.match(/[\s\S]{1,4096}/g)!;
    const dying = new Readable({
      read() {
        const chunk = chunks.shift();
        if (chunk) this.push(chunk);
        else setTimeout(() => this.destroy(new Error('connection reset')), 50);
      },
    });
    const options = { timeZone: 'Europe/Oslo', source: 'csv', createMissing: false, loggedByTokenId: null, asOf: t.ctx.now(), batchSize: 500 };
    await assert.rejects(importCsv(t.db.pool, dying, options), /connection reset/);
    const partial = await count(t);
    assert.ok(partial > 0 && partial < 2500, `some batches were stored before the failure (${partial})`);

    const again = await importCsv(t.db.pool, Readable.from([full]), options);
    assert.equal(again.created + again.duplicates, 2500);
    assert.equal(again.duplicates, partial);
    assert.equal(await count(t), 2500);
    assert.deepEqual(await rollupMismatches(t.db.pool), []);
  });

  it('keeps a corrected re-import from duplicating the rows that were already good', async () => {
    const bad = csvBody([HEADER, '2026-11-20T09:00:00Z,login,torget,phone,,', '2026-11-20T09:00:00Z,logn,torget,phone,,']);
    await post(bad).expect(201);
    const fixed = bad.replace('logn', 'login');
    const res = await post(fixed).expect(201);
    assert.deepEqual([res.body.created, res.body.duplicates], [1, 1]);
  });
});

describe('CSV import size limit', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ CSV_IMPORT_LIMIT_MB: '1' });
    await seedTaxonomy(t);
  });
  after(() => t.close());

  it('answers 413 for a file over CSV_IMPORT_LIMIT_MB, naming the CLI for big files', async () => {
    const row = '2026-11-20T09:00:00Z,login,torget,phone,,\n';
    const body = HEADER + '\n' + row.repeat(Math.ceil((1.2 * 1024 * 1024) / row.length));
    const res = await t.as('agent').post('/api/v1/inquiries/import').set('Content-Type', 'text/csv').send(body).expect(413);
    assert.match(res.body.error.message, /larger than 1 MB.*pinchpoint import/);
    assert.equal(await count(t), 0);
  });
});
