// Temporary diagnostic: where does CLI import time go? (parse vs validate vs DB)
import { createReadStream } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse';
import pg from 'pg';
import '../../src/db/pgTypes.ts';
import { runMigrations } from '../../src/db/migrate.ts';
import { seed, resolveKeys } from '../../src/taxonomy/service.ts';
import { validateItem, ingest } from '../../src/inquiries/ingest.ts';
import { importCsv } from '../../src/inquiries/csvImport.ts';
import { insertMany, type NewInquiry } from '../../src/inquiries/repo.ts';
import { inquiryInput } from '../../src/inquiries/schemas.ts';
import { parseInstant } from '../../src/time.ts';
import { benchRows, MARKETS, TOPICS, writeCsv } from './data.ts';

const rows = Number(process.argv[2] ?? 100000);
const t = async (label: string, fn: () => Promise<unknown>) => {
  const s = performance.now();
  await fn();
  const sec = (performance.now() - s) / 1000;
  console.log(`${label.padEnd(60)} ${sec.toFixed(2)} s  ${Math.round(rows / sec).toLocaleString('en-US')} rows/s`);
};
const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
await admin.connect();
const db = `pp_probe_${randomBytes(3).toString('hex')}`;
await admin.query(`CREATE DATABASE ${db}`);
const url = new URL(process.env.DATABASE_URL!);
url.pathname = `/${db}`;
const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
pool.on('error', () => undefined);
const file = join(os.tmpdir(), `${db}.csv`);
try {
  await runMigrations(pool);
  await seed(pool, { markets: MARKETS, topics: TOPICS });
  await writeCsv(file, rows);
  const opts = { timeZone: 'Europe/Oslo', asOf: new Date() };
  await t('csv-parse only (info: true, as importCsv)', async () => {
    let n = 0;
    for await (const _ of createReadStream(file).pipe(parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true }))) n++;
  });
  const items = [...benchRows(rows)];
  await t('zod inquiryInput.safeParse only', async () => {
    for (const i of items) inquiryInput.safeParse(i);
  });
  await t('parseInstant only', async () => {
    for (const i of items) parseInstant(i.receivedAt, 'Europe/Oslo');
  });
  await t('validateItem (zod + parseInstant)', async () => {
    for (const i of items) validateItem(i, opts);
  });
  const topicIds = await resolveKeys(pool, 'topics', TOPICS.map((x) => x.key));
  const marketIds = await resolveKeys(pool, 'markets', MARKETS.map((x) => x.key));
  const built: NewInquiry[] = items.map((i) => ({
    receivedAt: new Date(i.receivedAt), topicId: topicIds.get(i.topic)!, marketId: marketIds.get(i.market)!,
    channel: i.channel, note: i.note ?? null, source: 'csv', externalId: i.externalId,
  }));
  const reset = async () => {
    await pool.query('TRUNCATE inquiries, inquiry_daily');
    await pool.query('VACUUM ANALYZE inquiries, inquiry_daily');
    await pool.query('CHECKPOINT');
  };
  const insertAll = async (size: number, par = 1) => {
    const chunks: NewInquiry[][] = [];
    for (let i = 0; i < built.length; i += size) chunks.push(built.slice(i, i + size));
    let next = 0;
    await Promise.all(Array.from({ length: par }, async () => {
      while (next < chunks.length) await insertMany(pool, chunks[next++]!, { timeZone: 'Europe/Oslo', loggedByTokenId: null });
    }));
  };
  for (const size of [5000, 10000]) {
    await reset();
    await t(`insertMany only, batch ${size}, serial`, () => insertAll(size));
  }
  await reset();
  await t('insertMany only, batch 5000, 2 parallel', () => insertAll(5000, 2));
  await reset();
  await pool.query('ALTER TABLE inquiries DISABLE TRIGGER inquiries_rollup_insert');
  await t('insertMany, batch 5000, rollup trigger disabled', () => insertAll(5000));
  await pool.query('ALTER TABLE inquiries ENABLE TRIGGER inquiries_rollup_insert');
  await reset();
  await t('ingest() in-process, batch 5000 (validate+resolve+insert)', async () => {
    for (let i = 0; i < items.length; i += 5000) {
      await ingest(pool, items.slice(i, i + 5000), { ...opts, defaultSource: 'csv', loggedByTokenId: null, createMissing: false });
    }
  });
  await reset();
  await t('importCsv() in-process (what the CLI runs)', () =>
    importCsv(pool, createReadStream(file), { ...opts, source: 'csv', loggedByTokenId: null, createMissing: false }));
  await reset();
  await t('importCsv() in-process, batch 10000', () =>
    importCsv(pool, createReadStream(file), { ...opts, source: 'csv', loggedByTokenId: null, createMissing: false, batchSize: 10000 }));
} finally {
  await pool.end();
  await admin.query(`DROP DATABASE ${db} WITH (FORCE)`);
  await admin.end();
  const { rm } = await import('node:fs/promises');
  await rm(file, { force: true });
}
