import type { Principal } from '../auth/principal.ts';
import { listCases } from '../cases/service.ts';
import type { CaseStatus } from '../cases/schemas.ts';
import type { Db } from '../db/database.ts';
import { findSpikes } from '../detection/service.ts';
import { volume, type VolumeGroup } from '../inquiries/stats.ts';
import { addDays, type Day } from '../time.ts';
import type { SpikeView } from './messages.ts';
import { notesPublishedBetween } from '../fixes/service.ts';
import type { FixedNoteView } from '../fixes/view.ts';

/**
 * Cases waiting for someone to act: refined and `ready` but not yet started by the owning team, or
 * `reopened` and not yet picked up again. Cases still being refined are the UX staff's own work in
 * progress, and cases in progress or being verified already have someone on them.
 */
export const WAITING_CASE_STATUSES: CaseStatus[] = ['ready', 'reopened'];
const TOP = 5;
const MAX_SPIKES = 10;
const MAX_CASES = 20;

/** Reads cases on no one's behalf: the case list only uses the caller for `owner=me`, which the digest never asks. */
const DIGEST_READER: Principal = { tokenId: 0, name: 'digest', role: 'leader', userId: null };

export interface Digest {
  /** The day the digest is for; its figures cover the 7 whole days before it. */
  day: Day;
  period: { from: Day; to: Day; previousFrom: Day; previousTo: Day };
  total: number;
  previousTotal: number;
  change: number | null;
  /** Share of all inquiries in the target's markets (the topic filter does not shrink the denominator). */
  topByVolume: VolumeGroup[];
  /** Topics that rose most in count (not in percent, where 1 → 3 would outrank 100 → 180). */
  topByChange: Array<VolumeGroup & { increase: number }>;
  openSpikeCount: number;
  openSpikes: SpikeView[];
  waitingCaseCount: number;
  waitingCases: Awaited<ReturnType<typeof listCases>>;
  /** "What we fixed": notes first published since the last digest, so agents can tell callers. */
  fixedNotes: FixedNoteView[];
}

/**
 * The digest for a scope (topic with its sub-topics, market; absent = all) as of `day`: topics by
 * volume and by rise over the last 7 whole days against the 7 before, open spikes, cases waiting.
 */
export async function buildDigest(db: Db, scope: { topic: string | null; market: string | null }, input: { day: Day; timeZone: string; asOf: Date; fixedSince?: Date }): Promise<Digest> {
  const filter = { ...(scope.topic ? { topic: scope.topic } : {}), ...(scope.market ? { market: scope.market } : {}) };
  const to = addDays(input.day, -1);
  const report = await volume(db, { ...filter, from: addDays(to, -6), to, groupBy: 'topic' }, { timeZone: input.timeZone, now: input.asOf });
  const rising = report.groups
    .map((group) => ({ ...group, increase: group.count - group.previousCount }))
    .filter((group) => group.increase > 0)
    .sort((a, b) => b.increase - a.increase || b.count - a.count || a.key.localeCompare(b.key));
  const spikes = (await findSpikes(db, { ...filter, status: ['open', 'acknowledged'] })).sort((a, b) => b.score - a.score || a.id - b.id);
  const cases = await listCases(db, { ...filter, status: WAITING_CASE_STATUSES, limit: 500 }, DIGEST_READER);
  // Without an earlier digest to start from, the notes of the week the figures cover.
  const fixedSince = input.fixedSince ?? new Date(input.asOf.getTime() - 7 * 86_400_000);
  const fixedNotes = await notesPublishedBetween(db, { since: fixedSince, until: input.asOf, topic: scope.topic, market: scope.market });
  return {
    day: input.day,
    period: { from: report.period.from, to: report.period.to, previousFrom: report.previousPeriod.from, previousTo: report.previousPeriod.to },
    total: report.total,
    previousTotal: report.previousTotal,
    change: report.change,
    topByVolume: report.groups.filter((group) => group.count > 0).slice(0, TOP),
    topByChange: rising.slice(0, TOP),
    openSpikeCount: spikes.length,
    openSpikes: spikes.slice(0, MAX_SPIKES),
    waitingCaseCount: cases.length,
    waitingCases: cases.slice(0, MAX_CASES),
    fixedNotes,
  };
}
