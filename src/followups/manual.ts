import { mustGetCase } from '../cases/service.ts';
import { caseKey } from '../cases/view.ts';
import { AppError } from '../http/errors.ts';
import { addDays, dayOf, type Day } from '../time.ts';
import { measureCase, figuresWithExperience } from './measure.ts';
import { jsonSafe, toMeasurementView, type MeasurementView } from './measurementView.ts';
import { planView, type FollowupPlan } from './planView.ts';
import * as repo from './repo.ts';
import { measuredCaseOf, type FollowupContext } from './shared.ts';
import type { DayRange } from './windows.ts';

export interface MeasureNowInput {
  /** The last day to count; default yesterday, the last finished day. */
  asOf?: Day | undefined;
  windowDays?: number | undefined;
  /** Windows chosen by hand (both or neither); a baseline only with them. */
  before?: DayRange | undefined;
  after?: DayRange | undefined;
  baseline?: DayRange | undefined;
  createdBy: string;
}

/**
 * Measures a case now, with the same code the scheduled follow-ups run, and stores it as a manual
 * measurement; it never moves the case. A case without a shipped fix is a 409; windows that cannot
 * be measured (yet) a 422 saying why and, where it helps, `earliestAsOf`.
 */
export async function measureNow(ctx: FollowupContext, caseId: number, input: MeasureNowInput): Promise<MeasurementView> {
  const row = await mustGetCase(ctx.pool, caseId);
  const fix = await repo.getFix(ctx.pool, caseId);
  if (!fix) throw new AppError('CONFLICT', `${caseKey(caseId)} has no fix shipped yet, so there is no before and after to compare`);
  const lastFinishedDay = addDays(dayOf(ctx.now(), ctx.config.TZ_NAME), -1);
  const asOf = input.asOf ?? lastFinishedDay;
  if (asOf > lastFinishedDay) {
    throw new AppError('UNPROCESSABLE', `asOf ${asOf} is not over yet; the latest day that can be measured is ${lastFinishedDay}`, {
      latestAsOf: lastFinishedDay,
    });
  }
  const explicit = input.before && input.after ? { before: input.before, after: input.after, ...(input.baseline ? { baseline: input.baseline } : {}) } : undefined;
  const measurement = await measureCase(ctx.pool, measuredCaseOf(row), {
    fixDay: fix.fixDay,
    asOf,
    windowDays: input.windowDays,
    ...(explicit ? { explicit } : {}),
  });
  const id = await repo.insertMeasurement(ctx.pool, {
    caseId,
    kind: 'manual',
    offsetDays: null,
    asOf,
    fixDay: fix.fixDay,
    windows: measurement.windows,
    counts: measurement.counts,
    figures: jsonSafe(figuresWithExperience(measurement)),
    verdict: measurement.judgement.verdict,
    judgement: jsonSafe(measurement.judgement),
    sentenceEn: measurement.sentences.en,
    sentenceNb: measurement.sentences.nb,
    createdBy: input.createdBy,
    at: ctx.now(),
  });
  return toMeasurementView((await repo.getMeasurement(ctx.pool, id!))!);
}

/** Every measurement of a case, oldest day first, with its fix and follow-up plan (null before a fix). */
export async function listCaseMeasurements(
  ctx: FollowupContext,
  caseId: number,
): Promise<{ plan: FollowupPlan | null; measurements: MeasurementView[] }> {
  const row = await mustGetCase(ctx.pool, caseId);
  const rows = await repo.listMeasurements(ctx.pool, caseId);
  const fix = await repo.getFix(ctx.pool, caseId);
  return { plan: fix ? planView(ctx, row, fix, rows) : null, measurements: rows.map(toMeasurementView) };
}
