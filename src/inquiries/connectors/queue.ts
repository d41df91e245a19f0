import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda } from 'agenda';
import type pg from 'pg';

/** The on-demand job that syncs one Zendesk connector now ("sync now"). */
export const SYNC_NOW_JOB = 'zendesk-sync-now';

const queues = new WeakMap<pg.Pool, Promise<Agenda>>();

/**
 * An Agenda that only writes jobs on the app's pool, so a web process can ask for a sync without
 * running a worker; whichever worker runs picks the job up. It is never started.
 */
function queueFor(pool: pg.Pool): Promise<Agenda> {
  let queue = queues.get(pool);
  if (!queue) {
    queue = (async () => {
      const backend = new PostgresBackend({ pool, disableNotifications: true });
      await backend.connect();
      const agenda = new Agenda({ backend, name: `pinchpoint-connectors-${process.pid}` });
      await agenda.ready;
      return agenda;
    })();
    queue.catch(() => queues.delete(pool));
    queues.set(pool, queue);
  }
  return queue;
}

/** Queues a sync of one connector to run as soon as a worker is free; asking twice queues it once. */
export async function queueSyncNow(pool: pg.Pool, connectorId: number): Promise<void> {
  const agenda = await queueFor(pool);
  await agenda.create(SYNC_NOW_JOB, { connectorId }).unique({ name: SYNC_NOW_JOB, 'data.connectorId': connectorId }).schedule('now').save();
}

/** The queued "sync now" jobs' connector ids (for the API's and tests' sake). */
export async function queuedSyncs(pool: pg.Pool): Promise<Array<{ connectorId: number; nextRunAt: Date | null }>> {
  const agenda = await queueFor(pool);
  const { jobs } = await agenda.queryJobs({ name: SYNC_NOW_JOB });
  return jobs.map((job) => ({ connectorId: Number((job.data as { connectorId?: unknown }).connectorId), nextRunAt: job.nextRunAt ?? null }));
}
