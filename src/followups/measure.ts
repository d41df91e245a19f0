import { experienceBeforeAfter, type ExperienceBeforeAfter } from '../surveys/beforeAfter.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import * as taxonomy from '../taxonomy/service.ts';
import type { Day } from '../time.ts';
import type { Locale } from './format.ts';
import * as repo from './repo.ts';
import { measurementSentence } from './sentence.ts';
import { computeFigures, type Figures, type MeasurementCounts } from './statistics.ts';
import { followupTarget, type FollowupTarget } from './target.ts';
import { judge, type Judgement } from './verdict.ts';
import { measurementWindows, type MeasurementWindows, type WindowRequest } from './windows.ts';

/** What a measurement needs to know about its case. */
export interface MeasuredCase {
  id: number;
  key: string;
  topics: Array<{ id: number; name: string }>;
  /** Empty: every market. */
  markets: Array<{ id: number; name: string }>;
  target: { metric: string; max: number } | null;
}

export interface MeasureRequest {
  fixDay: Day;
  asOf: Day;
  windowDays?: number | undefined;
  explicit?: WindowRequest['explicit'];
}

export interface Measurement {
  windows: MeasurementWindows;
  counts: MeasurementCounts;
  figures: Figures;
  judgement: Judgement;
  sentences: Record<Locale, string>;
  /** NPS and CES before vs after, where the case's topics have survey answers. */
  experience?: ExperienceBeforeAfter;
}

/**
 * Measures a case as of a day: its topics (sub-topics included) in its markets, before and after
 * the fix and, when its spikes say when the problem began, in the weeks before that. Reads the daily
 * rollup only up to `asOf`, so the same day gives the same figures however late it is measured.
 * Throws a MeasurementWindowError for windows that cannot be measured (yet).
 */
export async function measureCase(db: Db, measured: MeasuredCase, request: MeasureRequest): Promise<Measurement> {
  if (measured.topics.length === 0) {
    throw new AppError('UNPROCESSABLE', `${measured.key} has no topics, so there is nothing to count; give it the topics its inquiries are logged under`);
  }
  const scope = await scopeOf(db, measured);
  const problemStartDay = await problemStart(db, measured.id, request.fixDay);
  const windows = measurementWindows({
    fixDay: request.fixDay,
    asOf: request.asOf,
    ...(request.windowDays !== undefined ? { windowDays: request.windowDays } : {}),
    ...(problemStartDay ? { problemStartDay } : {}),
    ...(request.explicit ? { explicit: request.explicit } : {}),
  });
  const tally = async (window: { from: Day; to: Day; days: number }) => ({ ...(await repo.windowTally(db, { ...scope, ...window })), days: window.days });
  const baseline = windows.baseline ? await tally(windows.baseline) : undefined;
  // A baseline before anything was logged says nothing about the old level: leave it out.
  const counts: MeasurementCounts = {
    before: await tally(windows.before),
    after: await tally(windows.after),
    ...(baseline && baseline.total > 0 ? { baseline } : {}),
  };
  const { baseline: _unused, ...withoutBaseline } = windows;
  const usedWindows: MeasurementWindows = counts.baseline ? windows : withoutBaseline;
  const figures = computeFigures(counts);
  const target = targetOf(measured.target);
  const judgement = judge(figures, target ? { target } : {});
  const names = { topics: measured.topics.map((t) => t.name), markets: measured.markets.map((m) => m.name), figures, judgement };
  // Experience beside volume: the same topics and windows, when customers answered surveys.
  const experience = await experienceBeforeAfter(db, { topicIds: measured.topics.map((t) => t.id), marketIds: scope.marketIds, before: windows.before, after: windows.after });
  return {
    ...(experience.hasAnswers ? { experience } : {}),
    windows: usedWindows,
    counts,
    figures,
    judgement,
    sentences: { en: measurementSentence(names, { locale: 'en' }), nb: measurementSentence(names, { locale: 'nb' }) },
  };
}

/** The case's topics with every sub-topic, and its markets. */
export async function scopeOf(db: Db, measured: Pick<MeasuredCase, 'topics' | 'markets'>): Promise<repo.Scope> {
  const subtrees = await Promise.all(measured.topics.map((topic) => taxonomy.subtreeIdsOf(db, topic.id)));
  return { topicIds: [...new Set(subtrees.flat())], marketIds: measured.markets.map((m) => m.id) };
}

/** The first day of the case's earliest spike, when it began before the fix. */
async function problemStart(db: Db, caseId: number, fixDay: Day): Promise<Day | undefined> {
  const first = (await repo.listCaseSpikes(db, caseId))[0]?.firstDay;
  return first !== undefined && first <= fixDay ? first : undefined;
}

function targetOf(target: MeasuredCase['target']): FollowupTarget | undefined {
  if (!target) return undefined;
  const parsed = followupTarget.safeParse(target);
  return parsed.success ? parsed.data : undefined;
}

/** What a measurement stores as its figures: volume, and experience beside it when there is any. */
export function figuresWithExperience(measurement: Measurement): Figures & { experience?: ExperienceBeforeAfter } {
  return measurement.experience ? { ...measurement.figures, experience: measurement.experience } : measurement.figures;
}
