import type pg from 'pg';
import { jobQueueFor } from '../../jobs/queue.ts';

/** The on-demand job that syncs one Zendesk connector now ("sync now"). */
export const SYNC_NOW_JOB = 'zendesk-sync-now';

/** Queues a sync of one connector to run as soon as a worker is free; asking twice queues it once. */
export async function queueSyncNow(pool: pg.Pool, connectorId: number): Promise<void> {
  const agenda = await jobQueueFor(pool);
  await agenda.create(SYNC_NOW_JOB, { connectorId }).unique({ name: SYNC_NOW_JOB, 'data.connectorId': connectorId }).schedule('now').save();
}

/** The queued "sync now" jobs' connector ids (for the API's and tests' sake). */
export async function queuedSyncs(pool: pg.Pool): Promise<Array<{ connectorId: number; nextRunAt: Date | null }>> {
  const agenda = await jobQueueFor(pool);
  const { jobs } = await agenda.queryJobs({ name: SYNC_NOW_JOB });
  return jobs.map((job) => ({ connectorId: Number((job.data as { connectorId?: unknown }).connectorId), nextRunAt: job.nextRunAt ?? null }));
}
