import type { CaseRow } from '../cases/repo.ts';
import { mustGetCase } from '../cases/service.ts';
import { caseKey } from '../cases/view.ts';
import { AppError } from '../http/errors.ts';
import type { Day } from '../time.ts';
import { planFollowups } from './plan.ts';
import * as repo from './repo.ts';
import type { FollowupContext } from './shared.ts';

export interface FollowupPlan {
  caseId: number;
  key: string;
  status: string;
  version: number;
  shippedAt: Date;
  fixDay: Day;
  offsetsDays: number[];
  followups: Array<{ offsetDays: number; asOf: Day; runAt: Date; measurementId: number | null }>;
}

/** A case's fix and its follow-ups, each with its measurement once taken; 409 when no fix has shipped. */
export async function followupPlan(ctx: FollowupContext, caseId: number): Promise<FollowupPlan> {
  const row = await mustGetCase(ctx.pool, caseId);
  const fix = await repo.getFix(ctx.pool, caseId);
  if (!fix) throw new AppError('CONFLICT', `${caseKey(caseId)} has no fix shipped yet; record it with POST /api/v1/cases/${caseKey(caseId)}/fix-shipped`);
  return planView(ctx, row, fix, await repo.listMeasurements(ctx.pool, caseId));
}

export function planView(ctx: FollowupContext, row: CaseRow, fix: repo.FixRow, measurements: repo.MeasurementRow[]): FollowupPlan {
  const taken = new Map(measurements.filter((m) => m.kind === 'scheduled').map((m) => [repo.followupKey(m.offsetDays!, m.asOf), m.id]));
  return {
    caseId: row.id,
    key: caseKey(row.id),
    status: row.status,
    version: row.version,
    shippedAt: fix.shippedAt,
    fixDay: fix.fixDay,
    offsetsDays: fix.offsetsDays,
    followups: planFollowups(fix.fixDay, fix.offsetsDays, ctx.config.TZ_NAME).map((p) => ({
      ...p,
      measurementId: taken.get(repo.followupKey(p.offsetDays, p.asOf)) ?? null,
    })),
  };
}

