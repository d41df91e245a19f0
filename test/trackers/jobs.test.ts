import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { allJobs } from '../../src/jobs/all.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { createLogger } from '../../src/log.ts';
import { trackerJobs } from '../../src/trackers/jobs.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('tracker jobs', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(() => db.close());

  it('are registered with the worker, the outbox every TRACKER_OUTBOX_SECONDS and reconcile every RECONCILE_MINUTES', async function () {
    this.timeout(30_000);
    for (const job of trackerJobs) assert.ok(allJobs.includes(job), job.name);
    const config = loadConfig({ LOG_LEVEL: 'silent', RECONCILE_MINUTES: '7', TRACKER_OUTBOX_SECONDS: '20', JOBS_PROCESS_EVERY_MS: '60000' });
    assert.equal(loadConfig({}).RECONCILE_MINUTES, 15, 'reconcile defaults to 15 minutes');
    const ctx: AppContext = { config, pool: db.pool, dbKind: db.kind, log: createLogger('silent'), now: () => new Date() };
    const scheduler = createScheduler(ctx, trackerJobs);
    await scheduler.start();
    try {
      const { jobs } = await scheduler.agenda.queryJobs({});
      const byName = new Map(jobs.map((job) => [job.name, job.repeatInterval]));
      assert.equal(byName.get('trackers-outbox'), '20 seconds');
      assert.equal(byName.get('trackers-reconcile'), '7 minutes');
    } finally {
      await scheduler.stop(5_000);
    }
  });

  it('refuses a reconcile interval or templates directory that cannot work, by name', () => {
    assert.throws(() => loadConfig({ RECONCILE_MINUTES: '0' }), /RECONCILE_MINUTES/);
    assert.throws(() => loadConfig({ TRACKER_TEMPLATES_DIR: '/no/such/dir' }), /TRACKER_TEMPLATES_DIR: must be an existing directory/);
  });
});
