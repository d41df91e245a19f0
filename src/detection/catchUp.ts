import type pg from 'pg';
import type { AppContext } from '../context.ts';
import { addDays, dayOf, type Day } from '../time.ts';
import { runDetection } from './service.ts';
import * as state from './state.ts';

/** Days judged per run at most, so one job holds its lock for minutes, not hours, on a big back-fill. */
export const CATCH_UP_CHUNK_DAYS = 31;

export interface CatchUpResult {
  from: Day;
  to: Day;
  findings: number;
}

/**
 * Brings detection up to date as of `asOf`: judges every finished day (in TZ_NAME) not judged yet,
 * and re-judges from the earliest past day whose inquiries changed since. Runs at most
 * CATCH_UP_CHUNK_DAYS days and leaves the rest marked for the next run.
 */
export async function catchUp(ctx: AppContext, asOf: Date): Promise<CatchUpResult | undefined> {
  const yesterday = addDays(dayOf(asOf, ctx.config.TZ_NAME), -1);
  const last = await state.lastJudgedDay(ctx.pool);
  const dirty = await state.takeDirty(ctx.pool);
  const next = last === undefined ? yesterday : addDays(last, 1);
  const from = dirty !== undefined && dirty < next ? dirty : next;
  if (from > yesterday) return undefined;
  const chunkEnd = addDays(from, CATCH_UP_CHUNK_DAYS - 1);
  const to = chunkEnd < yesterday ? chunkEnd : yesterday;
  try {
    const run = await runDetection(ctx.pool, { from, to, country: ctx.config.HOLIDAY_COUNTRY, now: asOf });
    await state.recordJudgedUpTo(ctx.pool, to);
    // A re-run that stopped short of days judged before leaves the rest of them dirty.
    if (last !== undefined && to < last) await state.markDirty(ctx.pool, addDays(to, 1));
    return { from, to, findings: run.findings };
  } catch (error) {
    if (dirty !== undefined) await state.markDirty(ctx.pool, dirty);
    throw error;
  }
}

/**
 * A replay asked for by a person (`pinchpoint detect`): runs like runDetection, and records what it
 * judged, so the job neither repeats it nor misses what comes after. A dirty marker the replay fully
 * covers is taken first (an import during the replay marks its day again).
 */
export async function replayAndRecord(
  pool: pg.Pool,
  input: Parameters<typeof runDetection>[1],
): Promise<Awaited<ReturnType<typeof runDetection>>> {
  const dirty = await state.dirtyFrom(pool);
  const last = await state.lastJudgedDay(pool);
  const covered = dirty !== undefined && dirty >= input.from && (last === undefined || last <= input.to);
  if (covered) await state.takeDirty(pool);
  try {
    const run = await runDetection(pool, input);
    await state.recordJudgedUpTo(pool, input.to);
    return run;
  } catch (error) {
    if (covered) await state.markDirty(pool, dirty);
    throw error;
  }
}
