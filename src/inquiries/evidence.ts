import type { Db } from '../db/database.ts';
import * as taxonomy from '../taxonomy/repo.ts';
import { addDays, type Day } from '../time.ts';
import * as statsRepo from './statsRepo.ts';

export interface Evidence {
  /** The last day the figures cover (the day the snapshot was taken, in TZ_NAME). */
  asOf: Day;
  from: Day;
  to: Day;
  topics: string[];
  markets: string[];
  daily: Array<{ day: Day; count: number }>;
  total: number;
  allInquiries: number;
  /** The topics' share of all inquiries in the markets over the window. */
  share: number;
  peak: { day: Day; count: number } | null;
  /** Expected inquiries per day before the problem (from the spike that started the case, when there is one). */
  expectedPerDay: number | null;
  notes: Array<{ receivedAt: Date; topic: string; market: string; note: string }>;
}

export const EVIDENCE_DAYS = 56;
export const EVIDENCE_NOTES = 20;

/**
 * The figures a problem case is argued from: daily counts of its topics (sub-topics included) over
 * the 8 weeks up to `asOf`, their share of all inquiries, the peak, and the newest notes.
 */
export async function collectEvidence(
  db: Db,
  input: { topicIds: number[]; marketIds: number[]; topicKeys: string[]; marketKeys: string[]; asOf: Day; expectedPerDay?: number | null },
): Promise<Evidence> {
  const topicIds = [...new Set((await Promise.all(input.topicIds.map((id) => taxonomy.subtreeIds(db, id)))).flat())];
  const from = addDays(input.asOf, -(EVIDENCE_DAYS - 1));
  const daily = await statsRepo.dailySeries(db, { from, to: input.asOf, topicIds, marketIds: input.marketIds });
  const total = daily.reduce((sum, d) => sum + d.count, 0);
  const allInquiries = await statsRepo.totalInMarkets(db, { from, to: input.asOf, marketIds: input.marketIds });
  const peak = daily.reduce<{ day: Day; count: number } | null>((best, d) => (d.count > 0 && (!best || d.count > best.count) ? d : best), null);
  const notes = await statsRepo.recentNotes(db, { to: input.asOf, topicIds, marketIds: input.marketIds, limit: EVIDENCE_NOTES });
  return {
    asOf: input.asOf,
    from,
    to: input.asOf,
    topics: input.topicKeys,
    markets: input.marketKeys,
    daily,
    total,
    allInquiries,
    share: allInquiries === 0 ? 0 : total / allInquiries,
    peak,
    expectedPerDay: input.expectedPerDay ?? null,
    notes,
  };
}
