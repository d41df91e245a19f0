import type { Job } from 'agenda';
import * as detectionRepo from '../../src/detection/repo.ts';
import type { JobDefinition } from '../../src/jobs/registry.ts';
import { resolveKeys } from '../../src/taxonomy/service.ts';
import type { TestApp } from '../support/app.ts';

/** An instant at noon in Oslo on a day, as the jobs would be given it. */
export const noonOn = (day: string) => new Date(`${day}T11:00:00Z`);

/** Inserts a spike the way detection does (through its repo), peak `peak` on `day`. */
export async function insertSpike(t: TestApp, input: { topic: string; market?: string; day: string; peak: number; expected?: number }): Promise<number> {
  const topicId = (await resolveKeys(t.db.pool, 'topics', [input.topic])).get(input.topic)!;
  const marketId = input.market ? (await resolveKeys(t.db.pool, 'markets', [input.market])).get(input.market)! : null;
  return detectionRepo.insertSpike(t.db.pool, spikeDay({ topicId, marketId, day: input.day, peak: input.peak, expected: input.expected ?? 3 }), noonOn(input.day));
}

/** Extends a spike to `day` with a new count, as a later detection run would. */
export async function extendSpike(t: TestApp, spikeId: number, input: { day: string; peak: number }): Promise<void> {
  const row = (await t.db.pool.query<{ topicId: number; marketId: number | null }>(`SELECT topic_id AS "topicId", market_id AS "marketId" FROM spikes WHERE id = $1`, [spikeId])).rows[0]!;
  await detectionRepo.extendSpike(t.db.pool, spikeId, spikeDay({ ...row, day: input.day, peak: input.peak, expected: 3 }), noonOn(input.day), 1.5);
}

function spikeDay(input: { topicId: number; marketId: number | null; day: string; peak: number; expected: number }): detectionRepo.SpikeDayInput {
  return {
    topicId: input.topicId,
    marketId: input.marketId,
    day: input.day,
    kind: 'spike',
    count: input.peak,
    expectedCount: input.expected,
    observed: input.peak,
    expected: input.expected,
    upper: input.expected * 3,
    score: 6.5,
    raisedByCount: true,
  };
}

/** Runs a job's handler as the worker would, at `asOf`. */
export function runJob(t: TestApp, job: JobDefinition, asOf: Date): Promise<'done' | 'skipped'> {
  return job.handle(t.ctx, {} as Job<unknown>, asOf);
}

export async function deliveriesOf(t: TestApp): Promise<Array<{ id: number; targetId: number; kind: string; spikeId: number | null; day: string; status: string; attempts: number; peakValue: number | null }>> {
  const result = await t.db.pool.query(
    `SELECT id, target_id AS "targetId", kind, spike_id AS "spikeId", to_char(day, 'YYYY-MM-DD') AS day, status, attempts, peak_value AS "peakValue"
     FROM notification_deliveries ORDER BY id`,
  );
  return result.rows;
}
