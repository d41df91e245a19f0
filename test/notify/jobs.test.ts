import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { allJobs } from '../../src/jobs/all.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { createLogger } from '../../src/log.ts';
import { notifyJobs } from '../../src/notify/jobs.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('notification jobs', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(() => db.close());

  it('are registered with the worker', () => {
    for (const job of notifyJobs) assert.ok(allJobs.includes(job), job.name);
  });

  it('schedules the digest on DIGEST_CRON read in TZ_NAME, and the scans on NOTIFY_SCAN_SECONDS', async function () {
    this.timeout(30_000);
    const config = loadConfig({ LOG_LEVEL: 'silent', TZ_NAME: 'America/New_York', DIGEST_CRON: '30 7 * * 3', NOTIFY_SCAN_SECONDS: '45', JOBS_PROCESS_EVERY_MS: '60000' });
    const ctx: AppContext = { config, pool: db.pool, dbKind: db.kind, log: createLogger('silent'), now: () => new Date() };
    const scheduler = createScheduler(ctx, notifyJobs);
    await scheduler.start();
    try {
      const { jobs } = await scheduler.agenda.queryJobs({});
      const byName = new Map(jobs.map((job) => [job.name, job]));
      assert.equal(byName.get('notify-spikes')?.repeatInterval, '45 seconds');
      assert.equal(byName.get('notify-deliver')?.repeatInterval, '45 seconds');
      const digest = byName.get('notify-digest')!;
      assert.equal(digest.repeatInterval, '30 7 * * 3');
      assert.equal(digest.repeatTimezone, 'America/New_York');
      const next = digest.nextRunAt!;
      const local = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(next);
      assert.equal(local, 'Wed 07:30');
    } finally {
      await scheduler.stop(5_000);
    }
  });
});
