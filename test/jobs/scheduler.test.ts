import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { allJobs } from '../../src/jobs/all.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { createLogger } from '../../src/log.ts';
import { lastHeartbeat } from '../../src/ops/repo.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('job worker', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(() => db.close());

  it('runs the heartbeat through Agenda on our own database', async function () {
    this.timeout(30_000);
    const config = loadConfig({ LOG_LEVEL: 'silent', JOBS_PROCESS_EVERY_MS: '200', HEARTBEAT_EVERY_SECONDS: '1' });
    const ctx: AppContext = { config, pool: db.pool, dbKind: db.kind, log: createLogger('silent'), now: () => new Date() };
    assert.equal(await lastHeartbeat(db.pool), undefined);
    const scheduler = createScheduler(ctx, allJobs);
    await scheduler.start();
    try {
      const deadline = Date.now() + 15_000;
      let beats = 0;
      while (Date.now() < deadline && beats < 2) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        beats = (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM heartbeats')).rows[0]!.n;
      }
      assert.ok(beats >= 2, `expected the repeating heartbeat to run at least twice, saw ${beats}`);
      const jobs = await db.pool.query<{ name: string }>(`SELECT name FROM agenda_jobs`);
      assert.deepEqual(jobs.rows.map((r) => r.name).sort(), allJobs.filter((j) => j.every).map((j) => j.name).sort(), 'every repeating job lives in the same database');
    } finally {
      await scheduler.stop(5_000);
    }
  });
});
