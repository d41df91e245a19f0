import { randomBytes } from 'node:crypto';
import pg from 'pg';
import '../../src/db/pgTypes.ts';
import { startEmbedded } from '../../src/db/embedded.ts';
import { runMigrations } from '../../src/db/migrate.ts';
import type { DatabaseKind } from '../../src/db/database.ts';

export interface TestDatabase {
  readonly kind: DatabaseKind;
  readonly url: string;
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

/** Every test run gets its own names, so two runs on one PostgreSQL never see each other. */
const runId = `${process.pid}_${randomBytes(3).toString('hex')}`;
let counter = 0;
let template: Promise<string | Blob> | undefined;

/**
 * A fresh, migrated database for one test file: with DATABASE_URL, a new PostgreSQL database cloned
 * from a template migrated once per run; without it, a new in-memory PGlite loaded from a migrated
 * snapshot, served over the same socket the app uses.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.DATABASE_URL;
  template ??= adminUrl ? createPostgresTemplate(adminUrl) : createPgliteSnapshot();
  const source = await template;
  if (adminUrl && typeof source === 'string') {
    const name = `pp_test_${runId}_${++counter}`;
    await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${source}`));
    const url = withDatabase(adminUrl, name);
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    ignoreIdleErrors(pool);
    return {
      kind: 'postgres',
      url,
      pool,
      close: async () => {
        await pool.end();
        await withAdmin(adminUrl, async (admin) => {
          await waitForDisconnects(admin, name);
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        });
      },
    };
  }
  const embedded = await startEmbedded({ dataDir: 'memory://', maxConnections: 4, loadDataDir: source as Blob });
  const pool = new pg.Pool({ connectionString: embedded.url, max: 4 });
  ignoreIdleErrors(pool);
  return {
    kind: 'pglite',
    url: embedded.url,
    pool,
    close: async () => {
      await pool.end();
      await embedded.stop();
    },
  };
}

/** Drops the run's template database (mocha root hook). */
export async function dropTestTemplate(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl || !template) return;
  const name = await template;
  await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${String(name)} WITH (FORCE)`));
}

async function createPostgresTemplate(adminUrl: string): Promise<string> {
  const name = `pp_template_${runId}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const pool = new pg.Pool({ connectionString: withDatabase(adminUrl, name), max: 2 });
  try {
    await runMigrations(pool);
  } finally {
    await pool.end();
  }
  return name;
}

async function createPgliteSnapshot(): Promise<Blob> {
  const embedded = await startEmbedded({ dataDir: 'memory://', maxConnections: 2 });
  const pool = new pg.Pool({ connectionString: embedded.url, max: 2 });
  try {
    await runMigrations(pool);
  } finally {
    await pool.end();
  }
  const snapshot = await embedded.dump!();
  await embedded.stop();
  return snapshot;
}

/**
 * Like the app's pool, a test pool must not turn an idle client's error into an uncaught one: it
 * would fail whichever test happens to be running.
 */
function ignoreIdleErrors(pool: pg.Pool): void {
  pool.on('error', () => undefined);
}

/**
 * `pool.end()` resolves once its clients are told to end, not once the server has seen them go; a
 * forced drop in that gap terminates them mid-goodbye. Waits (briefly) for the server to agree.
 */
async function waitForDisconnects(admin: pg.Client, database: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [database]);
    if (rows[0]!.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
