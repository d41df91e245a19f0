import type { MeasurementRow } from './repo.ts';

/**
 * A figure JSON can carry: Infinity (an upper bound when nothing was counted before) and NaN (a
 * ratio of nothing to nothing) become null, which JSON.stringify would do anyway, but here on
 * purpose and before storing, so the stored figures read back exactly as the API shows them.
 */
export function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, inner) => (typeof inner === 'number' && !Number.isFinite(inner) ? null : inner))) as T;
}

export interface MeasurementView {
  id: number;
  kind: 'scheduled' | 'manual';
  /** Days after the fix day, for a scheduled follow-up. */
  offsetDays: number | null;
  asOf: string;
  fixDay: string;
  windows: unknown;
  counts: unknown;
  figures: unknown;
  verdict: string;
  judgement: unknown;
  sentence: { en: string; nb: string };
  /** Where this follow-up moved the case, if it did. */
  caseStatus: string | null;
  createdBy: string;
  createdAt: Date;
}

export function toMeasurementView(row: MeasurementRow): MeasurementView {
  return {
    id: row.id,
    kind: row.kind,
    offsetDays: row.offsetDays,
    asOf: row.asOf,
    fixDay: row.fixDay,
    windows: row.windows,
    counts: row.counts,
    figures: row.figures,
    verdict: row.verdict,
    judgement: row.judgement,
    sentence: { en: row.sentenceEn, nb: row.sentenceNb },
    caseStatus: row.caseStatus,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}
