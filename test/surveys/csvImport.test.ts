import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { importResponsesCsv } from '../../src/surveys/csvImport.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { createProcessDatabase, runCli, type ProcessDatabase } from '../support/processes.ts';

const HEADER = 'answered_at,metric,score,scale,topic,market,phase,comment,external_id';
const csvBody = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

async function stored(t: TestApp): Promise<number> {
  return (await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM survey_responses')).rows[0]!.n;
}

describe('survey answers from CSV', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
  });
  afterEach(() => t.close());

  const post = (body: string, query = '') => t.as('analyst').post(`/api/v1/responses/import${query}`).set('Content-Type', 'text/csv').send(body);

  it('imports NPS and CES rows with quoted comments, in any column order', async () => {
    const res = await post(
      csvBody([
        'comment,score,metric,answered_at,scale,topic,market,phase,external_id',
        '"Quick, but ""odd"" form",9,nps,2026-11-20T09:00:00+01:00,,sms-payment,torget,,',
        '"two\nlines",3,CES,2026-11-20 10:00,1-5,login,bil,use,sv-7',
        ',7,ces,2026-11-20,1-7,,,,',
      ]),
    ).expect(201);
    assert.deepEqual(res.body, { rows: 3, created: 3, duplicates: 0, rejectedCount: 0, rejected: [] });
    const rows = await t.db.pool.query(`SELECT metric, scale, score, comment, source, external_id AS "externalId" FROM survey_responses ORDER BY answered_at`);
    // A bare date is midnight in Oslo (23:00 UTC the day before), so it sorts first.
    assert.equal(rows.rows[0].scale, '1-7');
    assert.deepEqual(rows.rows.slice(1), [
      { metric: 'nps', scale: '0-10', score: 9, comment: 'Quick, but "odd" form', source: 'csv', externalId: rows.rows[1].externalId },
      { metric: 'ces', scale: '1-5', score: 3, comment: 'two\nlines', source: 'csv', externalId: 'sv-7' },
    ]);
    assert.match(rows.rows[1].externalId, /^row:[\w-]{22}:1$/);
  });

  it('reports each bad row by line and field, and keeps the good ones', async () => {
    const res = await post(
      csvBody([
        HEADER,
        '2026-11-20T09:00:00Z,nps,10,,login,torget,,fine,', // 2
        '2026-11-20T09:00:00Z,nps,11,,login,torget,,,', // 3: out of range
        '2026-11-20T09:00:00Z,ces,4,1-10,login,torget,,,', // 4: unknown scale
        '2026-11-20T09:00:00Z,ces,4,,login,torget,,,', // 5: no scale for CES
        'yesterday,nps,8,,login,torget,,,', // 6: bad date
        '2026-11-20T09:00:00Z,nps,8,,nope,torget,,,', // 7: unknown topic
        '2026-11-20T09:00:00Z,nps,8,,login,torget,nowhere,,', // 8: unknown phase
        '2026-11-20T09:00:00Z,nps,8,,login', // 9: fields missing
        '2026-11-20T09:00:00Z,nps,"8"x,,login,torget,,,', // 10: a stray quote in the score
        '2026-11-20T09:00:00Z,nps,nine,,login,torget,,,', // 11: not a number
        '2026-11-20T09:05:00Z,ces,1,1-5,login,torget,use,also fine,', // 12
      ]),
    ).expect(201);
    assert.equal(res.body.created, 2);
    assert.equal(res.body.rejectedCount, 9);
    const byLine = Object.fromEntries(res.body.rejected.map((r: { line: number; errors: string[] }) => [r.line, r.errors.join(' | ')]));
    assert.deepEqual(Object.keys(byLine).map(Number), [3, 4, 5, 6, 7, 8, 9, 10, 11]);
    assert.equal(byLine[3], 'score: 11 is outside 0–10 (nps, scale 0-10)');
    assert.equal(byLine[4], 'scale: unknown scale "1-10" for ces; use 1-5 or 1-7');
    assert.equal(byLine[5], 'scale: is required for ces: one of 1-5, 1-7');
    assert.match(byLine[6], /^answered_at: "yesterday" is not an ISO 8601 date-time/, 'named by the column of the file');
    assert.equal(byLine[7], 'topic: unknown topic "nope"');
    assert.equal(byLine[8], 'phase: unknown journey phase "nowhere"');
    assert.match(byLine[9], /expected 9 fields/);
    assert.match(byLine[10], /^score: /);
    assert.equal(byLine[11], 'score: must be a whole number');
    assert.equal(await stored(t), 2);
  });

  it('stores every row once when the same file (or a corrected copy) comes again', async () => {
    const rows = ['2026-11-20T09:00:00Z,nps,10,,login,torget,,,', '2026-11-20T09:00:00Z,nps,10,,login,torget,,,', '2026-11-20T09:00:00Z,nps,4,,nope,torget,,,'];
    const first = await post(csvBody([HEADER, ...rows])).expect(201);
    assert.deepEqual([first.body.created, first.body.duplicates, first.body.rejectedCount], [2, 0, 1]);
    // The corrected copy: the two identical rows are the first and second of their kind again.
    const corrected = await post(csvBody([HEADER, rows[0]!, rows[1]!, rows[2]!.replace('nope', 'login').replace(',4,', ',5,')])).expect(201);
    assert.deepEqual([corrected.body.created, corrected.body.duplicates, corrected.body.rejectedCount], [1, 2, 0]);
    assert.equal(await stored(t), 3);
  });

  it('refuses a bad header before reading a row, an empty file, and a body that is not CSV', async () => {
    const header = await post(csvBody(['answered_at,metric,rating,channel', '2026-11-20,nps,9,phone'])).expect(400);
    assert.match(header.body.error.message, /unknown column\(s\) "rating", "channel"; missing column\(s\) score/);
    const repeated = await post(csvBody(['answered_at,metric,score,score'])).expect(400);
    assert.match(repeated.body.error.message, /repeated column\(s\) score/);
    const empty = await post('').expect(400);
    assert.match(empty.body.error.message, /empty/);
    const json = await t.as('analyst').post('/api/v1/responses/import').send({ a: 1 }).expect(415);
    assert.match(json.body.error.message, /text\/csv/);
    await t.as('agent').post('/api/v1/responses/import').set('Content-Type', 'text/csv').send(csvBody([HEADER])).expect(403);
    assert.equal(await stored(t), 0);
  });

  it('records the source it is given, so ids from two tools never collide', async () => {
    const body = csvBody([HEADER, '2026-11-20T09:00:00Z,nps,10,,login,torget,,,a-1']);
    await post(body, '?source=typeform').expect(201);
    await post(body, '?source=hotjar').expect(201);
    await post(body, '?source=hotjar').expect(200);
    const sources = await t.db.pool.query(`SELECT source FROM survey_responses ORDER BY source`);
    assert.deepEqual(sources.rows.map((r) => r.source), ['hotjar', 'typeform']);
  });

  it('streams large files in batches and reports progress', async () => {
    const lines = Array.from({ length: 2500 }, (_, i) => `2026-11-${String(1 + (i % 20)).padStart(2, '0')}T10:00:00Z,nps,${i % 11},,login,torget,,,id-${i}`);
    const progress: number[] = [];
    const result = await importResponsesCsv(t.db.pool, Readable.from([csvBody([HEADER, ...lines])]), {
      timeZone: 'Europe/Oslo',
      source: 'csv',
      loggedByTokenId: null,
      asOf: new Date('2026-11-23T12:00:00Z'),
      batchSize: 1000,
      onProgress: ({ rows }) => progress.push(rows),
    });
    assert.equal(result.created, 2500);
    // One report per stored batch, with the rows read by then (the next batch is parsed while one is stored).
    assert.equal(progress.length, 3);
    assert.ok(progress[0]! >= 1000 && progress[0]! <= progress[1]! && progress[1]! <= progress[2]!, String(progress));
    assert.equal(progress[2], 2500);
  });
});

describe('pinchpoint import-responses', function () {
  this.timeout(120_000);
  let db: ProcessDatabase;
  before(async () => {
    db = await createProcessDatabase();
  });
  after(() => db.close());

  it('imports a file, reports bad lines, exits 2, and finds the same rows again as duplicates', async () => {
    const taxonomy = path.join(db.dataDir, 'taxonomy.json');
    await writeFile(taxonomy, JSON.stringify({ markets: [{ key: 'torget', name: 'Torget' }], topics: [{ key: 'login', name: 'Login' }] }));
    assert.equal((await runCli(['seed-taxonomy', taxonomy], db.env)).code, 0);
    const file = path.join(db.dataDir, 'answers.csv');
    await writeFile(file, csvBody([HEADER, '2026-11-20T09:00:00Z,nps,9,,login,torget,,,', '2026-11-20T09:00:00Z,ces,9,1-7,login,torget,,,', '2026-11-20T10:00:00Z,ces,2,1-5,,,use,,']));
    const first = await runCli(['import-responses', file, '--source', 'survey'], db.env);
    assert.equal(first.code, 2, first.stderr);
    assert.match(first.stdout, /3 rows in [\d.]+ s: 2 created, 0 duplicates, 1 rejected\./);
    assert.match(first.stdout, /line 3: score: 9 is outside 1–7 \(ces, scale 1-7\)/);
    const second = await runCli(['import-responses', file, '--source', 'survey'], db.env);
    assert.match(second.stdout, /0 created, 2 duplicates, 1 rejected/);
    const help = await runCli(['import-responses', '--help'], db.env);
    assert.match(help.stdout, /answered_at,metric,score,scale,topic,market,phase,comment,external_id/);
    const missing = await runCli(['import-responses', '/no/such/file.csv'], db.env);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /Cannot read "\/no\/such\/file.csv"/);
  });
});
