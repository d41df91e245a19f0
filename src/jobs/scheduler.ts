import { Agenda } from 'agenda';
import { PostgresBackend } from '@agendajs/postgres-backend';
import type { AppContext } from '../context.ts';
import type { JobDefinition } from './registry.ts';

export interface Scheduler {
  readonly agenda: Agenda;
  /** Starts processing jobs (worker role). Web-only processes may still enqueue without it. */
  start(): Promise<void>;
  /** Stops taking new jobs, waits up to `timeoutMs` for running ones, then releases locks. */
  stop(timeoutMs: number): Promise<void>;
}

/**
 * Agenda on our own pool. On PGlite, LISTEN/NOTIFY never reaches the listener through the socket
 * (and would hold its only connection), so jobs are found by polling there.
 */
export function createScheduler(ctx: AppContext, jobs: JobDefinition[]): Scheduler {
  const backend = new PostgresBackend({ pool: ctx.pool, disableNotifications: ctx.dbKind === 'pglite' });
  const agenda = new Agenda({
    backend,
    name: `pinchpoint-${process.pid}`,
    processEvery: ctx.config.JOBS_PROCESS_EVERY_MS,
    defaultLockLifetime: 10 * 60_000,
  });
  const log = ctx.log.child({ module: 'jobs' });
  agenda.on('error', (error) => log.error({ err: error }, 'scheduler error'));
  agenda.on('fail', (error, job) => log.error({ err: error, job: job.attrs?.name }, 'job failed'));

  for (const job of jobs) {
    agenda.define(
      job.name,
      async (agendaJob) => {
        const asOf = ctx.now();
        const outcome = await job.handle(ctx, agendaJob, asOf);
        log.debug({ job: job.name, outcome }, 'job finished');
      },
      job.lockLifetimeMs ? { lockLifetime: job.lockLifetimeMs } : {},
    );
  }

  let started = false;
  return {
    agenda,
    async start() {
      await agenda.start();
      started = true;
      for (const job of jobs) {
        if (job.every) await agenda.every(job.every(ctx), job.name, undefined, job.timezone ? { timezone: job.timezone(ctx) } : {});
      }
      log.info({ jobs: jobs.map((j) => j.name) }, 'job worker started');
    },
    async stop(timeoutMs) {
      if (started) await agenda.drain({ timeout: timeoutMs });
      await agenda.stop();
    },
  };
}
