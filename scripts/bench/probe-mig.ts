import pg from 'pg';
import { runMigrations } from '../../src/db/migrate.ts';
import { seed } from '../../src/taxonomy/service.ts';
import { MARKETS, TOPICS } from './data.ts';
const pool = new pg.Pool({ connectionString: 'postgres://postgres:postgres@127.0.0.1:5432/pp_probe_sql' });
await runMigrations(pool); await seed(pool, { markets: MARKETS, topics: TOPICS }); await pool.end();
