import type pg from 'pg';
import type { Config } from './config.ts';
import type { DatabaseKind } from './db/database.ts';
import type { Logger } from './log.ts';

/** What every route, job and command needs, built once per process (or per test). */
export interface AppContext {
  readonly config: Config;
  readonly pool: pg.Pool;
  readonly dbKind: DatabaseKind;
  readonly log: Logger;
  /** The only clock routes and jobs read; tests replace it to replay history. */
  readonly now: () => Date;
}
