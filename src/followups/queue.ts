import type pg from 'pg';
import { jobQueueFor } from '../jobs/queue.ts';
import { z } from 'zod';
import { isValidDay } from '../time.ts';
import type { PlannedFollowup } from './plan.ts';

/** The Agenda job that takes one scheduled follow-up measurement. */
export const FOLLOWUP_JOB = 'followup-measure';

export const followupJobData = z.object({
  caseId: z.number().int().positive(),
  offsetDays: z.number().int().positive(),
  /** The day the measurement counts up to; the job measures as of this day however late it runs. */
  asOfDay: z.string().refine(isValidDay, 'must be a day YYYY-MM-DD'),
});
export type FollowupJobData = z.infer<typeof followupJobData>;

const keyOf = (data: { offsetDays: number; asOfDay: string }) => `${data.offsetDays}:${data.asOfDay}`;

/**
 * Makes a case's follow-up jobs exactly its plan: one job per offset and day. Jobs of an older plan
 * (a re-dated fix) and duplicates are removed; missing ones are created with Agenda's unique
 * constraint in insert-only mode, so re-planning never touches a job that already exists or has run.
 */
export async function syncFollowupJobs(pool: pg.Pool, caseId: number, plan: PlannedFollowup[]): Promise<void> {
  const agenda = await jobQueueFor(pool);
  const wanted = new Map(plan.map((p) => [keyOf({ offsetDays: p.offsetDays, asOfDay: p.asOf }), p]));
  const { jobs } = await agenda.queryJobs({ name: FOLLOWUP_JOB, data: { caseId } });
  const kept = new Set<string>();
  const stale: string[] = [];
  for (const job of jobs) {
    const data = followupJobData.safeParse(job.data);
    const key = data.success ? keyOf(data.data) : '';
    if (wanted.has(key) && !kept.has(key)) kept.add(key);
    else stale.push(String(job._id));
  }
  if (stale.length > 0) await agenda.cancel({ ids: stale });
  for (const [key, planned] of wanted) {
    if (kept.has(key)) continue;
    const data: FollowupJobData = { caseId, offsetDays: planned.offsetDays, asOfDay: planned.asOf };
    await agenda
      .create(FOLLOWUP_JOB, data)
      .unique({ 'data.caseId': caseId, 'data.offsetDays': planned.offsetDays, 'data.asOfDay': planned.asOf }, { insertOnly: true })
      .schedule(planned.runAt)
      .save();
  }
}

/** Runs a follow-up job again at `when` (it exists but ended without a measurement, e.g. it failed). */
export async function rescheduleFollowupJob(pool: pg.Pool, data: FollowupJobData, when: Date): Promise<void> {
  const agenda = await jobQueueFor(pool);
  await agenda
    .create(FOLLOWUP_JOB, data)
    .unique({ 'data.caseId': data.caseId, 'data.offsetDays': data.offsetDays, 'data.asOfDay': data.asOfDay })
    .schedule(when)
    .save();
}

/** The state Agenda gives each of a case's follow-up jobs, by `offset:day`. */
export async function followupJobStates(pool: pg.Pool, caseId: number): Promise<Map<string, { state: string; nextRunAt: Date | null }>> {
  const agenda = await jobQueueFor(pool);
  const { jobs } = await agenda.queryJobs({ name: FOLLOWUP_JOB, data: { caseId } });
  const states = new Map<string, { state: string; nextRunAt: Date | null }>();
  for (const job of jobs) {
    const data = followupJobData.safeParse(job.data);
    if (data.success) states.set(keyOf(data.data), { state: job.state, nextRunAt: job.nextRunAt ?? null });
  }
  return states;
}
