// Times the agent's "log an inquiry" page on the embedded database (PGlite, as `npm start` runs
// without DATABASE_URL) with the demo data set loaded (~58,000 inquiries): GET /log and POST /log
// over real HTTP with a signed-in session, next to references measured in the same run — a bare
// `SELECT 1` round trip through the app's pool and an Express "hello" route. Target: < 100 ms.
// Usage: npm run bench:web [-- --runs N]
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { createApp } from '../src/app.ts';
import { bootstrap } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { loadDemo } from '../src/demo/load.ts';
import { createLogger } from '../src/log.ts';
import { addDays, dayOf } from '../src/time.ts';
import { createUser } from '../src/users/service.ts';
import { setPasswordNow } from '../src/users/setupLinks.ts';

const TARGET_MS = 100;
const progress = (message: string) => process.stderr.write(`${message}\n`);

function runs(): number {
  const i = process.argv.indexOf('--runs');
  const value = Number(i >= 0 ? process.argv[i + 1] : 200);
  if (!Number.isInteger(value) || value < 5) throw new Error('--runs must be an integer of at least 5');
  return value;
}

interface Timing { what: string; samples: number[] }

async function measure(what: string, n: number, once: () => Promise<void>): Promise<Timing> {
  for (let i = 0; i < Math.min(10, n); i++) await once(); // warm-up: JIT, plans, caches
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await once();
    samples.push(performance.now() - started);
  }
  return { what, samples };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

/** The cookies a response sets, as one Cookie header (what a browser would send back). */
function cookiesFrom(response: Response, jar: Map<string, string>): string {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    jar.set(pair!.slice(0, at), pair!.slice(at + 1));
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function main(): Promise<void> {
  const n = runs();
  const dataDir = await mkdtemp(join(os.tmpdir(), 'pinchpoint-bench-web-'));
  const config = loadConfig({ ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, LOG_LEVEL: 'silent', TZ_NAME: 'Europe/Oslo', COOKIE_SECURE: 'false' });
  const { ctx, database } = await bootstrap(config, createLogger('silent'));
  const servers: Server[] = [];
  try {
    const today = dayOf(ctx.now(), config.TZ_NAME);
    progress('Loading the demo data set into the embedded database…');
    await loadDemo(ctx.pool, { lastDay: addDays(today, -1), timeZone: config.TZ_NAME, asOf: ctx.now() });
    const agent = await createUser(ctx.pool, { email: 'bench@example.com', name: 'Bench Agent', role: 'agent' });
    await setPasswordNow(ctx.pool, { userId: agent.id, password: 'bench password 1', asOf: ctx.now() });

    const app = await listen(createApp(ctx));
    const hello = express();
    hello.get('/hello', (_req, res) => {
      res.send('hello');
    });
    const reference = await listen(hello);
    servers.push(app.server, reference.server);

    const jar = new Map<string, string>();
    let cookie = cookiesFrom(await fetch(`${app.url}/sign-in`), jar);
    const signInPage = await fetch(`${app.url}/sign-in`, { headers: { cookie } });
    cookie = cookiesFrom(signInPage, jar);
    const signedIn = await fetch(`${app.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfOf(await signInPage.text()), email: 'bench@example.com', password: 'bench password 1' }),
    });
    if (signedIn.status !== 303) throw new Error(`sign-in failed: ${signedIn.status}`);
    cookie = cookiesFrom(signedIn, jar);
    const logPage = await fetch(`${app.url}/log`, { headers: { cookie } });
    cookie = cookiesFrom(logPage, jar);
    const csrf = csrfOf(await logPage.text());
    const topics = ['image-upload', 'sms-payment', 'login', 'payment'];
    let posted = 0;

    progress(`Timing ${n} requests of each kind…`);
    const results = [
      await measure('SELECT 1 through the app pool (reference)', n, async () => {
        await ctx.pool.query('SELECT 1');
      }),
      await measure('Express "hello" route over HTTP (reference)', n, async () => {
        await (await fetch(`${reference.url}/hello`)).text();
      }),
      await measure('GET /log (signed in, the page an agent keeps open)', n, async () => {
        const res = await fetch(`${app.url}/log`, { headers: { cookie } });
        if (res.status !== 200) throw new Error(`GET /log answered ${res.status}`);
        await res.text();
      }),
      await measure('POST /log (log one inquiry; answers 303)', n, async () => {
        const res = await fetch(`${app.url}/log`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: csrf, topic: topics[posted++ % topics.length]!, market: 'torget', channel: 'phone', note: '' }),
        });
        if (res.status !== 303) throw new Error(`POST /log answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      }),
    ];

    const hello50 = quantile([...results[1]!.samples].sort((a, b) => a - b), 0.5);
    console.log(`\nbench:web — Node ${process.version}, ${os.cpus().length} CPUs, embedded PGlite, demo data set, ${n} requests each\n`);
    console.log('| what | median ms | p95 ms | max ms | median vs "hello" | target < 100 ms |');
    console.log('|---|---:|---:|---:|---:|---|');
    for (const { what, samples } of results) {
      const sorted = [...samples].sort((a, b) => a - b);
      const median = quantile(sorted, 0.5);
      const p95 = quantile(sorted, 0.95);
      const isPage = what.startsWith('GET /log') || what.startsWith('POST /log');
      const met = isPage ? (p95 < TARGET_MS ? 'met (p95)' : 'NOT met (p95)') : '';
      console.log(`| ${what} | ${median.toFixed(1)} | ${p95.toFixed(1)} | ${sorted.at(-1)!.toFixed(1)} | ${(median / hello50).toFixed(1)}× | ${met} |`);
    }
  } finally {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
