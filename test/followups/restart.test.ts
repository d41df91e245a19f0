import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { followupJobs, followupReconcileJob } from '../../src/followups/jobs.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { createLogger } from '../../src/log.ts';
import { addDays } from '../../src/time.ts';
import { caseInProgress, createCaseWorld, followupJobsOf, jobWith, logDaily, type CaseWorld, type DailyRow } from './support.ts';

describe('follow-ups: jobs survive a restart and run late', () => {
  let w: CaseWorld;
  let worker: AppContext;
  before(async () => {
    w = await createCaseWorld();
    w.t.setNow('2026-02-02T12:00:00Z');
    const rows: DailyRow[] = [];
    for (let day = '2025-11-01'; day <= '2026-01-31'; day = addDays(day, 1)) {
      const upload = day <= '2025-12-10' ? 30 : 4;
      rows.push({ day, topic: 'image-upload', market: 'torget', count: upload }, { day, topic: 'login', market: 'torget', count: 100 - upload });
    }
    await logDaily(w.t, rows);
    const config = loadConfig({ TZ_NAME: 'Europe/Oslo', LOG_LEVEL: 'silent', JOBS_PROCESS_EVERY_MS: '100' });
    worker = { config, pool: w.t.db.pool, dbKind: w.t.db.kind, log: createLogger('silent'), now: w.t.ctx.now };
  });
  after(() => w.t.close());

  // Polled while the worker runs: a query without parameters (the simple protocol), as the heartbeat
  // test does, since pglite-socket can lose an extended-protocol portal between two connections.
  const scheduledCount = async (caseId: number) =>
    (await w.t.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM followup_measurements WHERE case_id = ${Math.trunc(caseId)} AND kind = 'scheduled'`)).rows[0]!.n;

  async function runWorkerUntil(done: () => Promise<boolean>, ms: number): Promise<void> {
    const scheduler = createScheduler(worker, followupJobs);
    await scheduler.start();
    try {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline && !(await done())) await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await scheduler.stop(5_000);
    }
  }

  it('runs follow-ups planned while no worker ran, each as of its own day, once each, however often the worker restarts', async function () {
    this.timeout(60_000);
    const image = await caseInProgress(w, { title: 'Image upload fails', topics: ['image-upload'], target: { metric: 'share', max: 0.05 } });
    // A web process plans the follow-ups; no worker is running. Their days are long past: the jobs are late.
    await w.ux.as.post(`/api/v1/cases/${image.key}/fix-shipped`).send({ shippedAt: '2025-12-10T15:00:00+01:00' }).expect(200);
    assert.equal((await followupJobsOf(w.t, image.id)).length, 3);
    assert.equal(await scheduledCount(image.id), 0);

    await runWorkerUntil(async () => (await scheduledCount(image.id)) === 3, 20_000);
    assert.equal(await scheduledCount(image.id), 3);
    // The worker comes back again, and the reconcile runs: nothing is measured twice.
    await runWorkerUntil(async () => false, 1_500);
    assert.equal(await followupReconcileJob.handle(worker, jobWith({}), worker.now()), 'skipped');

    const { body } = await w.t.as('leader').get(`/api/v1/cases/${image.key}/measurements`).expect(200);
    assert.deepEqual(
      body.measurements.map((m: { offsetDays: number; asOf: string; windows: { after: { to: string } } }) => [m.offsetDays, m.asOf, m.windows.after.to]),
      [
        [7, '2025-12-17', '2025-12-17'],
        [14, '2025-12-24', '2025-12-24'],
        [30, '2026-01-09', '2026-01-09'],
      ],
    );
    assert.equal((await w.t.as('leader').get(`/api/v1/cases/${image.key}`).expect(200)).body.status, 'resolved');
    assert.equal((await followupJobsOf(w.t, image.id)).length, 3, 'still one job per follow-up');
  });

  it('writes the jobs a crash left unwritten, and runs a failed follow-up again', async () => {
    const login = await caseInProgress(w, { title: 'Login loops', topics: ['login'], markets: ['torget'] });
    await w.ux.as.post(`/api/v1/cases/${login.key}/fix-shipped`).send({ shippedAt: '2026-01-05T12:00:00Z', offsetsDays: [7, 14] }).expect(200);
    // As if the process died between committing the fix and writing its jobs.
    await w.t.db.pool.query(`DELETE FROM agenda_jobs WHERE name = 'followup-measure' AND (data->>'caseId')::int = $1`, [login.id]);
    assert.equal(await followupReconcileJob.handle(worker, jobWith({}), worker.now()), 'done');
    assert.deepEqual((await followupJobsOf(w.t, login.id)).map((j) => [j.offsetDays, j.asOfDay]), [[7, '2026-01-12'], [14, '2026-01-19']]);

    // A follow-up that failed (the database was away, say) is due again after the reconcile.
    await w.t.db.pool.query(
      `UPDATE agenda_jobs SET next_run_at = NULL, failed_at = now(), last_finished_at = now(), fail_count = 1, fail_reason = 'connection lost'
       WHERE name = 'followup-measure' AND (data->>'caseId')::int = $1 AND (data->>'offsetDays')::int = 7`,
      [login.id],
    );
    assert.equal(await followupReconcileJob.handle(worker, jobWith({}), new Date('2026-02-02T12:00:00Z')), 'done');
    const retried = (await followupJobsOf(w.t, login.id)).find((j) => j.offsetDays === 7)!;
    assert.equal(retried.nextRunAt?.toISOString(), '2026-02-02T12:00:00.000Z');
  });
});
