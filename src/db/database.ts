import pg from 'pg';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import './pgTypes.ts';
import { GUEST_CONNECTIONS, startEmbedded, type EmbeddedServer } from './embedded.ts';

export type DatabaseKind = 'postgres' | 'pglite';

/** Anything that runs a query: the pool, or a client checked out for a transaction. */
export type Db = pg.Pool | pg.PoolClient;

export interface Database {
  readonly kind: DatabaseKind;
  readonly pool: pg.Pool;
  /** Connection string the pool uses (the embedded server's loopback address in PGlite mode). */
  readonly url: string;
  close(): Promise<void>;
}


/**
 * Opens the database the configuration asks for. Both modes hand out the same `pg` pool, so every
 * query in the product runs one code path: a real PostgreSQL when DATABASE_URL is set, otherwise
 * PGlite under DATA_DIR, served on 127.0.0.1 by pglite-socket.
 */
export async function openDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'PGLITE_MAX_CONNECTIONS' | 'DB_POOL_SIZE'>,
  log?: Logger,
): Promise<Database> {
  if (config.DATABASE_URL) {
    const pool = createPool(config.DATABASE_URL, config.DB_POOL_SIZE, log);
    return { kind: 'postgres', pool, url: config.DATABASE_URL, close: () => pool.end() };
  }
  const embedded: EmbeddedServer = await startEmbedded({
    dataDir: config.DATA_DIR,
    maxConnections: config.PGLITE_MAX_CONNECTIONS,
  });
  // A pool larger than the socket server's maxConnections fails with "Connection terminated";
  // a guest of another process's server stays within the connections kept free for it.
  const pool = createPool(embedded.url, embedded.owned ? config.PGLITE_MAX_CONNECTIONS : GUEST_CONNECTIONS, log);
  return {
    kind: 'pglite',
    pool,
    url: embedded.url,
    close: async () => {
      await pool.end();
      await embedded.stop();
    },
  };
}

function createPool(connectionString: string, max: number, log?: Logger): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (error) => log?.warn({ module: 'db', err: error }, 'idle database client failed'));
  return pool;
}
