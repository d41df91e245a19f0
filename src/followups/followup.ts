import type pg from 'pg';
import { addCaseComment, moveCaseStatus } from '../cases/automation.ts';
import type { CaseRow } from '../cases/repo.ts';
import { mustGetCase } from '../cases/service.ts';
import { withTransaction } from '../db/transaction.ts';
import { AppError } from '../http/errors.ts';
import { queueFollowupComments } from '../trackers/sync.ts';
import { measureCase, type Measurement, figuresWithExperience } from './measure.ts';
import { jsonSafe } from './measurementView.ts';
import { finalOutcome, type FollowupOutcome } from './outcome.ts';
import { noticeOwner } from './ownerNotice.ts';
import { planFollowups, type PlannedFollowup } from './plan.ts';
import type { FollowupJobData } from './queue.ts';
import * as repo from './repo.ts';
import { trackerMeasurement } from './trackerComment.ts';
import { AWAITING_FOLLOWUP, FOLLOWUP_ACTOR, measuredCaseOf, type FollowupContext } from './shared.ts';

/**
 * Takes a scheduled follow-up: measures as of its day (never the day the worker happens to run, so
 * a late job gives the same figures), stores it, moves the case to `verifying`, and after the last
 * follow-up to `resolved` or `reopened`. Earlier follow-ups of the case that are still missing are
 * taken first, in order, so jobs that all run late after an outage still tell the story in order.
 * Under the case's row lock, and a follow-up already stored is not stored again: a repeated job, a
 * duplicate job or a restart between scheduling and running gives one measurement per follow-up.
 * A job of an older plan (the fix was re-dated) or for a case no longer waiting is skipped. The
 * result lands as a case comment, an e-mail to the owner and a comment on the case's tracker issues.
 */
export async function runScheduledFollowup(ctx: FollowupContext, job: FollowupJobData, at: Date): Promise<'done' | 'skipped'> {
  const log = ctx.log.child({ module: 'followups', caseId: job.caseId, offsetDays: job.offsetDays, asOf: job.asOfDay });
  const taken = await withTransaction(ctx.pool, async (tx) => {
    const row = await lockedCase(tx, job.caseId);
    const fix = row ? await repo.getFix(tx, row.id) : undefined;
    if (!row || !fix || !AWAITING_FOLLOWUP.includes(row.status)) return [];
    const plan = planFollowups(fix.fixDay, fix.offsetsDays, ctx.config.TZ_NAME);
    if (!plan.some((p) => p.offsetDays === job.offsetDays && p.asOf === job.asOfDay)) return [];
    const measured = await repo.measuredFollowups(tx, row.id);
    const due = plan.filter((p) => p.offsetDays <= job.offsetDays && !measured.has(repo.followupKey(p.offsetDays, p.asOf)));
    const done: number[] = [];
    for (const followup of due) {
      if (!AWAITING_FOLLOWUP.includes(row.status)) break;
      try {
        if (await takeFollowup(ctx, tx, { row, fixDay: fix.fixDay, plan, followup }, at)) done.push(followup.offsetDays);
      } catch (error) {
        // A case that cannot be measured (no topics) stays so until someone edits it: say so, do not fail the job hourly.
        if (!(error instanceof AppError && error.code === 'UNPROCESSABLE')) throw error;
        log.warn({ reason: error.message }, 'follow-up cannot measure this case');
        break;
      }
    }
    return done;
  });
  if (taken.length === 0) {
    log.info('follow-up skipped: already measured, re-planned, or the case no longer waits for it');
    return 'skipped';
  }
  log.info({ taken }, 'follow-up measured');
  return 'done';
}

async function lockedCase(tx: pg.PoolClient, caseId: number): Promise<CaseRow | undefined> {
  try {
    return await mustGetCase(tx, caseId, { forUpdate: true });
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

interface FollowupInCase {
  row: CaseRow;
  fixDay: string;
  plan: PlannedFollowup[];
  followup: PlannedFollowup;
}

async function takeFollowup(ctx: FollowupContext, tx: pg.PoolClient, input: FollowupInCase, at: Date): Promise<boolean> {
  const { row, followup, plan } = input;
  const measurement = await measureCase(tx, measuredCaseOf(row), { fixDay: input.fixDay, asOf: followup.asOf });
  const id = await repo.insertMeasurement(tx, {
    caseId: row.id,
    kind: 'scheduled',
    offsetDays: followup.offsetDays,
    asOf: followup.asOf,
    fixDay: input.fixDay,
    windows: measurement.windows,
    counts: measurement.counts,
    figures: jsonSafe(figuresWithExperience(measurement)),
    verdict: measurement.judgement.verdict,
    judgement: jsonSafe(measurement.judgement),
    sentenceEn: measurement.sentences.en,
    sentenceNb: measurement.sentences.nb,
    createdBy: FOLLOWUP_ACTOR,
    at,
  });
  if (id === undefined) return false;
  const outcome = await moveCase(ctx, tx, input, measurement, at);
  await repo.setMeasurementCaseStatus(tx, id, row.status);
  await addCaseComment(tx, row.id, `Follow-up ${followup.offsetDays} days after the fix (as of ${followup.asOf}): ${measurement.sentences.en}`, {
    actor: FOLLOWUP_ACTOR,
    at,
  });
  const next = plan.find((p) => p.offsetDays > followup.offsetDays);
  await noticeOwner(ctx, tx, { row, followup, fixDay: input.fixDay, next, sentence: measurement.sentences.en, verdict: measurement.judgement.verdict, outcome }, at);
  // Committed with the measurement; the tracker outbox posts it on every issue of the case.
  await queueFollowupComments(tx, row.id, { measurement: trackerMeasurement(measurement), at });
  return true;
}

/** `fix_shipped` → `verifying` at the first follow-up; the last one resolves or reopens the case. */
async function moveCase(ctx: FollowupContext, tx: pg.PoolClient, input: FollowupInCase, measurement: Measurement, at: Date): Promise<FollowupOutcome | null> {
  const { row, followup, plan } = input;
  const by = { actor: FOLLOWUP_ACTOR, at };
  const blocked = (problems: string[], to: string) => {
    if (problems.length > 0) ctx.log.warn({ module: 'followups', caseId: row.id, to, problems }, 'follow-up could not move the case');
    return problems.length > 0;
  };
  if (row.status === 'fix_shipped' && blocked(await moveCaseStatus(tx, row, { to: 'verifying' }, by), 'verifying')) return null;
  const isLast = followup.offsetDays === Math.max(...plan.map((p) => p.offsetDays));
  if (!isLast) return null;
  const outcome = finalOutcome(measurement.judgement, { offsetDays: followup.offsetDays, sentence: measurement.sentences.en });
  if (blocked(await moveCaseStatus(tx, row, { to: outcome.status, reason: outcome.reason }, by), outcome.status)) return null;
  return outcome;
}
