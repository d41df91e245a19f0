import assert from 'node:assert/strict';
import type { Job } from 'agenda';
import * as detectionRepo from '../../src/detection/repo.ts';
import { followupMeasureJob } from '../../src/followups/jobs.ts';
import { resolveKeys } from '../../src/taxonomy/service.ts';
import { addDays } from '../../src/time.ts';
import { createCaseWorld, refined, type CaseWorld } from '../cases/support.ts';
import type { TestApp } from '../support/app.ts';

export { createCaseWorld, type CaseWorld };

/** Inquiries a day for one topic and market. */
export interface DailyRow {
  day: string;
  topic: string;
  market: string;
  count: number;
}

/**
 * Logs inquiries through the batch API as an ingest client would: `count` on each day, spread over
 * office hours in Oslo wall-clock time (so every one lands on its day whatever the offset).
 */
export async function logDaily(t: TestApp, rows: DailyRow[]): Promise<number> {
  const inquiries = rows.flatMap((row) =>
    Array.from({ length: row.count }, (_, i) => ({
      receivedAt: `${row.day}T${String(8 + (i % 9)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}:00`,
      topic: row.topic,
      market: row.market,
      channel: 'phone',
    })),
  );
  for (let start = 0; start < inquiries.length; start += 10_000) {
    const res = await t.as('ingest').post('/api/v1/inquiries').send({ inquiries: inquiries.slice(start, start + 10_000) });
    assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 500));
    assert.deepEqual(res.body.rejected, []);
  }
  return inquiries.length;
}

/** Days from `from` for as many days as `counts` has, one count each. */
export function series(from: string, topic: string, market: string, counts: number[]): DailyRow[] {
  return counts.map((count, i) => ({ day: addDays(from, i), topic, market, count }));
}

/**
 * Fills a market's other inquiries so that, with the topic's own, each window holds exactly `total`
 * inquiries in all: `others` on day i is the window's even share minus the topic's count that day.
 */
export function fillTotals(topicRows: DailyRow[], window: { from: string; days: number; total: number }, filler = { topic: 'login', market: 'torget' }): DailyRow[] {
  const base = Math.floor(window.total / window.days);
  let extra = window.total - base * window.days;
  const rows: DailyRow[] = [];
  for (let i = 0; i < window.days; i++) {
    const day = addDays(window.from, i);
    const own = topicRows.filter((r) => r.day === day && r.market === filler.market).reduce((sum, r) => sum + r.count, 0);
    const total = base + (extra-- > 0 ? 1 : 0);
    assert.ok(total >= own, `day ${day}: total ${total} below the topic's ${own}`);
    rows.push({ day, topic: filler.topic, market: filler.market, count: total - own });
  }
  return rows;
}

/** Inserts a spike as detection does (through its repo), first seen on `day`. */
export async function insertSpike(t: TestApp, input: { topic: string; market?: string; day: string; peak: number; expected: number }): Promise<number> {
  const topicId = (await resolveKeys(t.db.pool, 'topics', [input.topic])).get(input.topic)!;
  const marketId = input.market ? (await resolveKeys(t.db.pool, 'markets', [input.market])).get(input.market)! : null;
  return detectionRepo.insertSpike(
    t.db.pool,
    {
      topicId,
      marketId,
      day: input.day,
      kind: 'level_shift',
      count: input.peak,
      expectedCount: input.expected,
      observed: input.peak,
      expected: input.expected,
      upper: input.expected * 2,
      score: 6,
      raisedByCount: true,
    },
    new Date(`${input.day}T11:00:00Z`),
  );
}

/**
 * Takes a case from nothing to `in_progress` through the API, as UX staff would after FINN's
 * workshop: refined fields, an action with an owner, then ready and in progress.
 */
export async function caseInProgress(w: CaseWorld, body: Record<string, unknown>): Promise<{ id: number; key: string }> {
  const { body: created } = await w.ux.as
    .post('/api/v1/cases')
    .send({ ...refined(w.ux.id), ...body })
    .expect(201);
  await w.ux.as.post(`/api/v1/cases/${created.id}/actions`).send({ title: 'Ship the fix', ownerId: w.dev.id }).expect(201);
  for (const status of ['refining', 'ready', 'in_progress']) {
    await w.ux.as.post(`/api/v1/cases/${created.id}/status`).send({ status }).expect(200);
  }
  return { id: created.id, key: created.key };
}

/** A job as Agenda hands it to the handler, with its data. */
export const jobWith = (data: object) => ({ attrs: { data } }) as unknown as Job<unknown>;

/** Runs one scheduled follow-up's handler as the worker would, `at` being the worker's clock. */
export function runFollowup(t: TestApp, data: { caseId: number; offsetDays: number; asOfDay: string }, at?: Date): Promise<'done' | 'skipped'> {
  return followupMeasureJob.handle(t.ctx, jobWith(data), at ?? t.ctx.now());
}

/** The follow-up jobs Agenda holds for a case, as rows of its table. */
export async function followupJobsOf(t: TestApp, caseId: number): Promise<Array<{ offsetDays: number; asOfDay: string; nextRunAt: Date | null }>> {
  // Agenda creates its table the first time a job is written.
  const table = await t.db.pool.query<{ exists: boolean }>(`SELECT to_regclass('agenda_jobs') IS NOT NULL AS exists`);
  if (!table.rows[0]!.exists) return [];
  const result = await t.db.pool.query<{ offsetDays: number; asOfDay: string; nextRunAt: Date | null }>(
    `SELECT (data->>'offsetDays')::int AS "offsetDays", data->>'asOfDay' AS "asOfDay", next_run_at AS "nextRunAt"
     FROM agenda_jobs WHERE name = 'followup-measure' AND (data->>'caseId')::int = $1 ORDER BY 1, 2`,
    [caseId],
  );
  return result.rows;
}

/** Runs every planned follow-up of a case in order, each with its own day. */
export async function runPlannedFollowups(t: TestApp, caseKey: string): Promise<void> {
  const { body } = await t.as('leader').get(`/api/v1/cases/${caseKey}/measurements`).expect(200);
  for (const followup of body.plan.followups) {
    await runFollowup(t, { caseId: body.plan.caseId, offsetDays: followup.offsetDays, asOfDay: followup.asOf });
  }
}
