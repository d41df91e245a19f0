import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { openDatabase, type Database } from './db/database.ts';
import { runMigrations } from './db/migrate.ts';
import { rebuildDays } from './inquiries/service.ts';
import type { Logger } from './log.ts';
import { withTransaction } from './db/transaction.ts';
import * as meta from './ops/repo.ts';

export interface Runtime {
  readonly ctx: AppContext;
  readonly database: Database;
}

/**
 * Opens the database, applies migrations, and makes sure the stored day buckets were cut in the
 * configured TZ_NAME (re-cutting them if the zone changed), then returns the shared context.
 */
export async function bootstrap(config: Config, log: Logger, options: { now?: () => Date } = {}): Promise<Runtime> {
  const database = await openDatabase(config, log);
  try {
    await runMigrations(database.pool);
    await ensureTimeZone(database, config.TZ_NAME, log);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
  const ctx: AppContext = {
    config,
    pool: database.pool,
    dbKind: database.kind,
    log,
    now: options.now ?? (() => new Date()),
  };
  return { ctx, database };
}

async function ensureTimeZone(database: Database, timeZone: string, log: Logger): Promise<void> {
  await withTransaction(database.pool, async (tx) => {
    await tx.query('LOCK TABLE app_meta IN EXCLUSIVE MODE');
    const stored = await meta.getMeta(tx, 'tz_name');
    if (stored === timeZone) return;
    if (stored !== undefined) {
      log.warn({ module: 'db', from: stored, to: timeZone }, 'TZ_NAME changed; re-cutting day buckets');
      await rebuildDays(tx, timeZone);
    }
    await meta.setMeta(tx, 'tz_name', timeZone);
  });
}
