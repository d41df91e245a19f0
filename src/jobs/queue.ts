import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda } from 'agenda';
import type pg from 'pg';

const queues = new WeakMap<pg.Pool, Promise<Agenda>>();

/**
 * An Agenda that only writes jobs, on the app's pool: a web process, the tracker sync or the CLI
 * can queue work without running a worker, and whichever worker runs finds the jobs as rows in the
 * same table. It is never started, so it needs no notifications. One per pool.
 */
export function jobQueueFor(pool: pg.Pool): Promise<Agenda> {
  let queue = queues.get(pool);
  if (!queue) {
    queue = (async () => {
      const backend = new PostgresBackend({ pool, disableNotifications: true });
      // Connect first, so a database error surfaces here rather than inside Agenda's constructor.
      await backend.connect();
      const agenda = new Agenda({ backend, name: `pinchpoint-queue-${process.pid}` });
      await agenda.ready;
      return agenda;
    })();
    queue.catch(() => queues.delete(pool));
    queues.set(pool, queue);
  }
  return queue;
}
