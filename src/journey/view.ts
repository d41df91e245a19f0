import { listOpenWithTopicIds } from '../cases/repo.ts';
import type { Db } from '../db/database.ts';
import { listSpikes } from '../detection/service.ts';
import { volume } from '../inquiries/stats.ts';
import type { ExperienceGroup } from '../surveys/experience.ts';
import { experienceReport, type ExperienceReport } from '../surveys/service.ts';
import * as taxonomy from '../taxonomy/service.ts';
import { topicsWithPlaces } from './places.ts';
import * as repo from './repo.ts';
import type { JourneyQuery } from './schemas.ts';
import { addCases, addSpikes, addTopics, emptyStop, share, UNPLACED, type Stop } from './stops.ts';

export interface PhaseStop extends Stop {
  key: string;
  name: string;
  description: string | null;
  position: number;
  momentOfTruth: boolean;
  touchPoints: Array<{ key: string; name: string; inquiries: number; share: number }>;
}

export interface JourneyView {
  period: ExperienceReport['period'];
  previousPeriod: ExperienceReport['previousPeriod'];
  filters: { market: string | null };
  minSample: number;
  allInquiries: number;
  previousAllInquiries: number;
  phases: PhaseStop[];
  /** Topics with no place in the journey (their own or inherited), the answers without a phase, and what they hold. */
  unplaced: Stop;
  /** Where it pinches: the phase with the largest share of inquiries, the lowest NPS (of those with enough answers), the most open spikes. */
  pinches: { mostInquiries: string | null; lowestNps: string | null; mostOpenSpikes: string | null };
  methods: ExperienceReport['methods'] & { volume: string; spikesAndCases: string };
}

const METHODS = {
  volume: "Inquiries from the daily counts, as GET /stats/volume counts them; a topic counts in the phase it is placed in (its own place, else its nearest ancestor's).",
  spikesAndCases: 'Spikes open or acknowledged now that overlap the period; cases not resolved or dropped now. A case with topics in several phases shows in each.',
};

/**
 * The customer journey for a period: per phase (in order, moments of truth marked), the inquiries of
 * the topics placed in it with their share and change, its touch points, its topics' open spikes and
 * open cases, and NPS and CES of the answers in it — where in the journey it pinches.
 */
export async function journeyView(db: Db, query: JourneyQuery, options: { timeZone: string; now: Date; minSample: number }): Promise<JourneyView> {
  const scope = { from: query.from, to: query.to, asOf: query.asOf, market: query.market };
  const volumes = await volume(db, { ...scope, groupBy: 'topic' }, options);
  const experience = await experienceReport(db, { ...scope, groupBy: 'phase' }, options);
  const marketId = query.market ? (await taxonomy.resolveKeys(db, 'markets', [query.market])).get(query.market) : undefined;
  const inMarket = marketId !== undefined ? { marketId } : {};
  const [topics, phases, touchPoints] = [await topicsWithPlaces(db), await repo.listPhases(db), await repo.listTouchPoints(db)];

  const stops = new Map<number, Stop>([...phases.map((p) => p.id), UNPLACED].map((id) => [id, emptyStop(experience.minSample)]));
  addTopics(stops, topics, volumes, new Map(touchPoints.map((t) => [t.id, t.key])));
  const spikes = await listSpikes(db, { from: experience.period.from, to: experience.period.to, statuses: ['open', 'acknowledged'], ...inMarket });
  addSpikes(stops, spikes, new Map(topics.map((t) => [t.key, t])));
  addCases(stops, await listOpenWithTopicIds(db, inMarket), new Map(topics.map((t) => [t.id, t])));

  const experienceOf = (group: ExperienceGroup | undefined) => group && { current: group.current, previous: group.previous, change: group.change };
  const byKey = new Map(experience.groups.map((g) => [g.key, g]));
  const phaseStops: PhaseStop[] = phases.map((phase) => {
    const stop = stops.get(phase.id)!;
    const atTouchPoint = (key: string) => stop.topics.filter((topic) => topic.touchPoint === key).reduce((sum, topic) => sum + topic.inquiries, 0);
    return {
      key: phase.key,
      name: phase.name,
      description: phase.description,
      position: phase.position,
      momentOfTruth: phase.momentOfTruth,
      touchPoints: touchPoints
        .filter((t) => t.phaseId === phase.id)
        .map((t) => ({ key: t.key, name: t.name, inquiries: atTouchPoint(t.key), share: share(atTouchPoint(t.key), volumes.allInquiries) })),
      ...stop,
      experience: experienceOf(byKey.get(phase.key))!,
    };
  });
  const unplaced = stops.get(UNPLACED)!;
  unplaced.experience = experienceOf(byKey.get(null)) ?? unplaced.experience;

  return {
    period: experience.period,
    previousPeriod: experience.previousPeriod,
    filters: { market: query.market ?? null },
    minSample: experience.minSample,
    allInquiries: volumes.allInquiries,
    previousAllInquiries: volumes.previousAllInquiries,
    phases: phaseStops,
    unplaced,
    pinches: pinchesOf(phaseStops),
    methods: { ...experience.methods, ...METHODS },
  };
}

function pinchesOf(stops: PhaseStop[]): JourneyView['pinches'] {
  const pick = (score: (stop: PhaseStop) => number | undefined, lowest = false) => {
    let best: { key: string; value: number } | undefined;
    for (const stop of stops) {
      const value = score(stop);
      if (value === undefined) continue;
      if (!best || (lowest ? value < best.value : value > best.value)) best = { key: stop.key, value };
    }
    return best?.key ?? null;
  };
  return {
    mostInquiries: pick((s) => (s.inquiries.count > 0 ? s.inquiries.share : undefined)),
    lowestNps: pick((s) => (s.experience.current.nps.insufficient ? undefined : s.experience.current.nps.nps), true),
    mostOpenSpikes: pick((s) => (s.openSpikes.length > 0 ? s.openSpikes.length : undefined)),
  };
}
