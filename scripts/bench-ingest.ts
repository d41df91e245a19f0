// Benchmarks inquiry ingest on PostgreSQL: the `pinchpoint import` CLI and the batch API
// (POST /api/v1/inquiries, 10,000 items per request, 2 in flight) against a reference measured in
// the same run, a raw COPY of the same CSV into a bare table. Each phase starts from an empty
// inquiries table in a throw-away database (pp_bench_<random>) that is dropped at the end.
// Usage: DATABASE_URL=postgres://… npm run bench:ingest -- [--rows N]   (or BENCH_ROWS=N)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import '../src/db/pgTypes.ts';
import { createApp } from '../src/app.ts';
import { createToken } from '../src/auth/tokenService.ts';
import { loadConfig } from '../src/config.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { rollupMismatches } from '../src/inquiries/service.ts';
import { createLogger } from '../src/log.ts';
import { seed } from '../src/taxonomy/service.ts';
import { benchRows, MARKETS, TOPICS, writeCsv, type BenchRow } from './bench/data.ts';

const BATCH = 10_000;
const IN_FLIGHT = 2;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const progress = (message: string) => process.stderr.write(`${message}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

interface Result { method: string; rows: number; seconds: number }

function rowCount(): number {
  const i = process.argv.indexOf('--rows');
  const raw = i >= 0 ? process.argv[i + 1] : (process.argv.find((a) => a.startsWith('--rows='))?.slice(7) ?? process.env.BENCH_ROWS);
  const rows = raw === undefined ? 1_000_000 : Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows / BENCH_ROWS must be a positive integer (got "${raw}")`);
  return rows;
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/** Empties the ingest tables and settles the server so the next phase starts from the same state. */
async function reset(pool: pg.Pool): Promise<void> {
  await pool.query('TRUNCATE inquiries, inquiry_daily');
  await pool.query('VACUUM ANALYZE inquiries, inquiry_daily');
  await pool.query('CHECKPOINT');
}

async function verify(pool: pg.Pool, phase: string, rows: number, table = 'inquiries'): Promise<string> {
  const { rows: [count] } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  const mismatches = table === 'inquiries' ? (await rollupMismatches(pool)).length : 0;
  const ok = count?.n === rows && mismatches === 0;
  const rollup = table === 'inquiries' ? `, rollup mismatches ${mismatches}` : '';
  return `${ok ? 'ok  ' : 'FAIL'} ${phase}: ${fmt(count?.n ?? 0)} rows in ${table} (expected ${fmt(rows)})${rollup}`;
}

async function copyPhase(pool: pg.Pool, csvFile: string): Promise<number> {
  await pool.query('CREATE TABLE bench_raw (received_at timestamptz, topic text, market text, channel text, note text, external_id text)');
  const client = await pool.connect();
  try {
    return await timed(() =>
      pipeline(createReadStream(csvFile), client.query(copyFrom('COPY bench_raw FROM STDIN WITH (FORMAT csv, HEADER true)'))),
    );
  } finally {
    client.release();
  }
}

/**
 * The database's own floor for our schema: the rows already inside PostgreSQL (bench_raw), moved into
 * inquiries in one INSERT … SELECT that pays for the unique index, the key checks and the rollup
 * trigger, with no parsing, validation or round trips. No client can beat this.
 */
async function schemaFloorPhase(pool: pg.Pool): Promise<number> {
  return timed(async () => {
    await pool.query(
      `INSERT INTO inquiries (received_at, day, topic_id, market_id, channel, note, source, external_id)
       SELECT r.received_at, (r.received_at AT TIME ZONE 'Europe/Oslo')::date, t.id, m.id, coalesce(nullif(r.channel, ''), 'other'),
              nullif(r.note, ''), 'csv', r.external_id
       FROM bench_raw r JOIN topics t ON t.key = r.topic JOIN markets m ON m.key = r.market
       ON CONFLICT (source, external_id) DO NOTHING`,
    );
  });
}

async function cliPhase(url: string, csvFile: string): Promise<{ seconds: number; summary: string }> {
  let summary = '';
  let code: number | null = null;
  const seconds = await timed(async () => {
    const child = spawn(process.execPath, ['scripts/pinchpoint.mjs', 'import', csvFile], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (summary += chunk));
    [code] = (await once(child, 'exit')) as [number | null];
  });
  if (code !== 0) throw new Error(`pinchpoint import exited with ${code}:\n${summary}`);
  return { seconds, summary: summary.trim() };
}

async function apiPhase(url: string, pool: pg.Pool, rows: number): Promise<{ seconds: number; created: number }> {
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', BODY_LIMIT: '50mb' });
  const ctx = { config, pool, dbKind: 'postgres' as const, log: createLogger('silent'), now: () => new Date() };
  const server = createApp(ctx).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/inquiries`;
  try {
    const { token } = await createToken(pool, { name: 'bench', role: 'ingest' });
    // Bodies are serialised before the clock starts, so the time is the server's, not the client's.
    const bodies: string[] = [];
    let chunk: BenchRow[] = [];
    for (const row of benchRows(rows)) {
      chunk.push(row);
      if (chunk.length === BATCH) bodies.push(JSON.stringify({ inquiries: chunk })), (chunk = []);
    }
    if (chunk.length > 0) bodies.push(JSON.stringify({ inquiries: chunk }));
    let next = 0;
    let created = 0;
    const sender = async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
        });
        const text = await res.text();
        if (res.status !== 201) throw new Error(`POST /api/v1/inquiries answered ${res.status}: ${text.slice(0, 500)}`);
        created += (JSON.parse(text) as { created: number }).created;
      }
    };
    const seconds = await timed(async () => {
      await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
    });
    return { seconds, created };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

async function main(): Promise<number> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    console.error('DATABASE_URL is not set: give an admin URL of the PostgreSQL server to benchmark, e.g.\n' +
      '  DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres npm run bench:ingest');
    return 2;
  }
  const rows = rowCount();
  const dbName = `pp_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const csvFile = join(os.tmpdir(), `${dbName}.csv`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
  // DROP … WITH (FORCE) may end idle connections that are still closing; that is expected.
  pool.on('error', () => undefined);
  try {
    progress(`database ${dbName}: migrating and seeding ${MARKETS.length} markets, ${TOPICS.length} topics…`);
    await runMigrations(pool);
    await seed(pool, { markets: MARKETS, topics: TOPICS });
    progress(`generating ${fmt(rows)} rows into ${csvFile}…`);
    const bytes = await writeCsv(csvFile, rows);
    const results: Result[] = [];
    const checks: string[] = [];

    progress('COPY into a bare table (reference)…');
    results.push({ method: 'raw COPY into a bare table (reference)', rows, seconds: await copyPhase(pool, csvFile) });
    checks.push(await verify(pool, 'raw COPY', rows, 'bench_raw'));
    await reset(pool);

    progress('INSERT … SELECT from the copied rows into inquiries (the schema\'s floor)…');
    results.push({ method: 'one INSERT … SELECT of the copied rows into inquiries (schema floor)', rows, seconds: await schemaFloorPhase(pool) });
    checks.push(await verify(pool, 'schema floor', rows));
    await pool.query('DROP TABLE bench_raw');
    await reset(pool);

    progress('CLI import (pinchpoint import)…');
    const cli = await cliPhase(url.toString(), csvFile);
    progress(`  CLI said: ${cli.summary}`);
    results.push({ method: 'CLI import (pinchpoint import)', rows, seconds: cli.seconds });
    checks.push(await verify(pool, 'CLI import', rows));
    await reset(pool);

    progress(`batch API (${Math.ceil(rows / BATCH)} requests, ${IN_FLIGHT} in flight)…`);
    const api = await apiPhase(url.toString(), pool, rows);
    results.push({ method: `batch API (POST /api/v1/inquiries, ${fmt(BATCH)} per request)`, rows, seconds: api.seconds });
    checks.push(`${api.created === rows ? 'ok  ' : 'FAIL'} batch API: ${fmt(api.created)} created (expected ${fmt(rows)})`);
    checks.push(await verify(pool, 'batch API', rows));

    const { rows: [version] } = await pool.query<{ version: string }>('SELECT version()');
    const rate = (r: Result) => r.rows / r.seconds;
    const reference = rate(results[0]!);
    const share = (r: Result) => (100 * rate(r)) / reference;
    console.log('| method | rows | seconds | rows/s | vs raw COPY |\n|---|---:|---:|---:|---:|');
    for (const r of results) {
      console.log(`| ${r.method} | ${fmt(r.rows)} | ${r.seconds.toFixed(r.seconds < 10 ? 2 : 1)} | ${fmt(rate(r))} | ${Math.round(share(r))} % |`);
    }
    const met = (r: Result | undefined, target: number) => `${r && share(r) >= target ? 'met' : 'MISSED'}`;
    console.log();
    console.log(`Targets: CLI ≥ 50 % of raw COPY (${met(results[2], 50)}), batch API ≥ 25 % (${met(results[3], 25)}).`);
    console.log(`Machine: Node ${process.version}; ${version?.version}; ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model.trim()}).`);
    console.log(`Data: ${fmt(rows)} rows, ${(bytes / 1e6).toFixed(1)} MB CSV. Each phase inserts into an empty inquiries table ` +
      '(TRUNCATE inquiries, inquiry_daily; VACUUM ANALYZE; CHECKPOINT in between).');
    console.log(`CLI time is wall clock from spawn to exit (process start, migration check, import); CLI said: "${cli.summary.split('\n')[0]}".`);
    console.log('API bodies are serialised before timing; client and server share this process.');
    console.log(`Checks:\n${checks.map((c) => `- ${c}`).join('\n')}`);
    return checks.some((c) => c.startsWith('FAIL')) ? 1 : 0;
  } finally {
    await pool.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((e: unknown) => progress(`could not drop ${dbName}: ${String(e)}`));
    await admin.end().catch(() => undefined);
    await rm(csvFile, { force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
