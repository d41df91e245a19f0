import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { resolvePeriod } from '../inquiries/stats.ts';
import { listPhaseRows, phaseByTopic } from '../journey/service.ts';
import * as taxonomy from '../taxonomy/service.ts';
import type { Day } from '../time.ts';
import { addScore, answeredScales, emptyScoreCounts, experienceChange, experienceOf, type Experience, type ExperienceChange, type ScoreCounts } from './figures.ts';
import * as repo from './repo.ts';
import type { ExperienceGroupBy, ExperienceQuery } from './schemas.ts';
import { weeksOf } from './weeks.ts';

/** How every figure is computed; the report carries it so a reader need not guess. */
export const METHODS = {
  nps: 'NPS = % promoters (9–10) − % detractors (0–6), in points. 95 % interval: adjusted Wald (Rocks 2016, The American Statistician 70:365–372): add 3/4 promoter, 3/4 detractor and 3/2 passive, then adjusted NPS ± 1.96·√((p₊ + p₋ − (p₊ − p₋)²)/n).',
  ces: 'CES per scale (1–5 and 1–7 never mix): mean with a 95 % Student t interval, mean ± t(0.975, n − 1)·s/√n, and the count of each score.',
  change: 'Change against the previous period of equal length: NPS as the difference of the adjusted NPS with their variances added; CES means with Welch\'s t interval. Only where both periods reach the minimum sample.',
  phase: 'An answer counts in the journey phase it names, else in the phase its topic is placed in (a topic without a place of its own takes its parent\'s).',
  minSample: 'Below the minimum sample a figure shows only n, with insufficient: true and needed: the minimum sample.',
} as const;

export interface ExperienceOptions {
  timeZone: string;
  now: Date;
  minSample: number;
}

export interface ExperienceGroup {
  key: string | null;
  name: string;
  /** The days of a week that fall in the period (the first and last week may be partial). */
  from?: Day;
  to?: Day;
  current: Experience;
  /** The same group in the previous period (for weeks: the week before); null for the first week. */
  previous: Experience | null;
  change: ExperienceChange | null;
}

export interface ExperienceReport {
  period: { from: Day; to: Day; days: number };
  previousPeriod: { from: Day; to: Day };
  filters: { topic: string | null; market: string | null; phase: string | null };
  minSample: number;
  methods: typeof METHODS;
  current: Experience;
  previous: Experience;
  change: ExperienceChange;
  groupBy: ExperienceGroupBy | null;
  groups: ExperienceGroup[];
}

interface GroupTally {
  current: ScoreCounts;
  previous: ScoreCounts;
}

const newTally = (): GroupTally => ({ current: emptyScoreCounts(), previous: emptyScoreCounts() });

async function resolveFilter(db: Db, query: Pick<ExperienceQuery, 'topic' | 'market' | 'phase'>): Promise<repo.ScoreFilter> {
  const { topicIds, marketId } = await taxonomy.filterScope(db, query);
  const filter: repo.ScoreFilter = {
    ...(topicIds ? { topicIds } : {}),
    ...(marketId !== undefined ? { marketIds: [marketId] } : {}),
  };
  if (query.phase) {
    const phase = (await listPhaseRows(db)).find((p) => p.key === query.phase);
    if (!phase) throw new AppError('NOT_FOUND', `Unknown journey phase "${query.phase}"`);
    filter.phaseId = phase.id;
  }
  return filter;
}

/**
 * NPS and CES for a period against the period of equal length before it, overall and per topic,
 * market, journey phase or week. A topic filter includes its sub-topics. Figures below the minimum
 * sample say so instead of showing noise.
 */
export async function experienceReport(db: Db, query: ExperienceQuery, options: ExperienceOptions): Promise<ExperienceReport> {
  const period = resolvePeriod(query, options.timeZone, options.now);
  const filter = await resolveFilter(db, query);
  const groupBy = query.groupBy ?? null;
  const rows = await repo.scoreCounts(db, {
    from: period.from,
    to: period.to,
    previousFrom: period.previousFrom,
    timeZone: options.timeZone,
    groupBy: groupBy ?? 'none',
    phaseByTopic: await phaseByTopic(db),
    filter,
  });
  const overall = newTally();
  const byGroup = new Map<string | null, GroupTally>();
  for (const row of rows) {
    addScore(row.current ? overall.current : overall.previous, row);
    let tally = byGroup.get(row.group);
    if (!tally) byGroup.set(row.group, (tally = newTally()));
    addScore(row.current ? tally.current : tally.previous, row);
  }
  const min = options.minSample;
  const scales = answeredScales(overall.current, overall.previous);
  return {
    period: { from: period.from, to: period.to, days: period.days },
    previousPeriod: { from: period.previousFrom, to: period.previousTo },
    filters: { topic: query.topic ?? null, market: query.market ?? null, phase: query.phase ?? null },
    minSample: min,
    methods: METHODS,
    current: experienceOf(overall.current, min, scales),
    previous: experienceOf(overall.previous, min, scales),
    change: experienceChange(overall.current, overall.previous, min),
    groupBy,
    groups: groupBy ? await buildGroups(db, groupBy, byGroup, { ...period, minSample: min }) : [],
  };
}

function compared(key: string | null, name: string, tally: GroupTally, minSample: number): ExperienceGroup {
  const scales = answeredScales(tally.current, tally.previous);
  return {
    key,
    name,
    current: experienceOf(tally.current, minSample, scales),
    previous: experienceOf(tally.previous, minSample, scales),
    change: experienceChange(tally.current, tally.previous, minSample),
  };
}

const answers = (tally: GroupTally) =>
  [...tally.current.nps.values(), ...[...tally.current.ces.values()].flatMap((scores) => [...scores.values()])].reduce((a, b) => a + b, 0);

async function buildGroups(
  db: Db,
  groupBy: ExperienceGroupBy,
  byGroup: Map<string | null, GroupTally>,
  period: { from: Day; to: Day; minSample: number },
): Promise<ExperienceGroup[]> {
  const tallyOf = (key: string | null) => byGroup.get(key) ?? newTally();
  if (groupBy === 'week') return weekGroups(tallyOf, period);
  if (groupBy === 'phase') {
    const phases = await listPhaseRows(db);
    const groups = phases.map((p) => compared(p.key, p.name, tallyOf(String(p.id)), period.minSample));
    if (byGroup.has(null)) groups.push(compared(null, 'No journey phase', tallyOf(null), period.minSample));
    return groups;
  }
  const names = new Map(
    (groupBy === 'topic' ? await taxonomy.listTopics(db, { includeArchived: true }) : await taxonomy.listMarkets(db, { includeArchived: true })).map((row) => [
      String(row.id),
      { key: row.key, name: row.name },
    ]),
  );
  const groups = [...byGroup.entries()]
    .filter(([key]) => key !== null)
    .sort(([a, x], [b, y]) => answers(y) - answers(x) || names.get(a!)!.name.localeCompare(names.get(b!)!.name))
    .map(([key, tally]) => compared(names.get(key!)!.key, names.get(key!)!.name, tally, period.minSample));
  if (byGroup.has(null)) groups.push(compared(null, groupBy === 'topic' ? 'No topic' : 'No market', tallyOf(null), period.minSample));
  return groups;
}

/** One group per week (Monday to Sunday) touching the period, compared with the week before it. */
function weekGroups(tallyOf: (key: string) => GroupTally, period: { from: Day; to: Day; minSample: number }): ExperienceGroup[] {
  const weeks = weeksOf(period.from, period.to);
  return weeks.map((week, index) => {
    const current = tallyOf(week.monday).current;
    const before = index > 0 ? tallyOf(weeks[index - 1]!.monday).current : undefined;
    const scales = answeredScales(current, ...(before ? [before] : []));
    return {
      key: week.monday,
      name: week.label,
      from: week.from,
      to: week.to,
      current: experienceOf(current, period.minSample, scales),
      previous: before ? experienceOf(before, period.minSample, scales) : null,
      change: before ? experienceChange(current, before, period.minSample) : null,
    };
  });
}
