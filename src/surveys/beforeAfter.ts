import type { Db } from '../db/database.ts';
import * as taxonomy from '../taxonomy/service.ts';
import type { Day } from '../time.ts';
import { addScore, answeredScales, emptyScoreCounts, experienceChange, experienceOf, type Experience, type ExperienceChange, type ScoreCounts } from './figures.ts';
import * as repo from './repo.ts';

/** The minimum sample when the caller gives none: SURVEY_MIN_SAMPLE's default. */
export const DEFAULT_MIN_SAMPLE = 30;
const DEFAULT_TIME_ZONE = 'Europe/Oslo';

export interface ExperienceBeforeAfterInput {
  /** The case's topics; each includes its sub-topics, and a merged topic counts as the one it went into. */
  topicIds: number[];
  /** Empty: every market. */
  marketIds: number[];
  before: { from: Day; to: Day };
  after: { from: Day; to: Day };
  /** Days are cut here; default: the zone the database's day buckets were cut in (app_meta tz_name). */
  timeZone?: string;
  minSample?: number;
}

export interface ExperienceBeforeAfter {
  /** False when the topics have no survey answers in either window: leave experience out of the report. */
  hasAnswers: boolean;
  minSample: number;
  before: Experience;
  after: Experience;
  /** After − before, each with a 95 % interval; null where either window is below the minimum sample. */
  change: ExperienceChange;
}

/**
 * NPS and CES of a case's topics and markets before and after a fix, with the same figures, intervals
 * and minimum sample as the experience statistics. Reads only; the same windows give the same answer.
 */
export async function experienceBeforeAfter(db: Db, input: ExperienceBeforeAfterInput): Promise<ExperienceBeforeAfter> {
  const minSample = input.minSample ?? DEFAULT_MIN_SAMPLE;
  const timeZone = input.timeZone ?? (await repo.storedTimeZone(db)) ?? DEFAULT_TIME_ZONE;
  const topicIds = [...new Set((await Promise.all(input.topicIds.map((id) => taxonomy.subtreeIdsOf(db, id)))).flat())];
  const tally = async (window: { from: Day; to: Day }): Promise<ScoreCounts> => {
    const counts = emptyScoreCounts();
    for (const row of await repo.windowScoreCounts(db, { ...window, timeZone, topicIds, marketIds: input.marketIds })) addScore(counts, row);
    return counts;
  };
  const before = await tally(input.before);
  const after = await tally(input.after);
  const scales = answeredScales(before, after);
  return {
    hasAnswers: before.nps.size + after.nps.size + before.ces.size + after.ces.size > 0,
    minSample,
    before: experienceOf(before, minSample, scales),
    after: experienceOf(after, minSample, scales),
    change: experienceChange(after, before, minSample),
  };
}
