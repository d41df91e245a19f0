import { listOpenWithTopicIds } from '../cases/repo.ts';
import type { Db } from '../db/database.ts';
import { listSpikes } from '../detection/service.ts';
import { relativeChange, volume } from '../inquiries/stats.ts';
import { experienceReport, type ExperienceReport } from '../surveys/service.ts';
import type { ExperienceGroup } from '../surveys/experience.ts';
import * as taxonomy from '../taxonomy/service.ts';
import { topicsWithPlaces, type TopicWithPlace } from './places.ts';
import * as repo from './repo.ts';
import type { JourneyQuery } from './schemas.ts';

export interface Volume {
  count: number;
  /** Of all inquiries in the period (in the market, when one is chosen). */
  share: number;
  previousCount: number;
  previousShare: number;
  change: number | null;
}

export interface OpenSpike {
  id: number;
  topic: string;
  market: string | null;
  kind: string;
  status: string;
  firstDay: string;
  lastDay: string;
  peakValue: number;
}

export interface OpenCase {
  id: number;
  key: string;
  title: string;
  status: string;
}

export interface Stop {
  inquiries: Volume;
  topics: Array<{ key: string; name: string; inquiries: number; previousInquiries: number; touchPoint: string | null; inheritedFrom: string | null }>;
  openSpikes: OpenSpike[];
  openCases: OpenCase[];
  experience: Pick<ExperienceGroup, 'current' | 'previous' | 'change'>;
}

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

const share = (count: number, total: number) => (total === 0 ? 0 : count / total);
const UNPLACED = -1;

/**
 * The customer journey for a period: per phase (in order, moments of truth marked), the inquiries of
 * the topics placed in it with their share and change, its touch points, its topics' open spikes and
 * open cases, and NPS and CES of the answers in it — where in the journey it pinches.
 */
export async function journeyView(db: Db, query: JourneyQuery, options: { timeZone: string; now: Date; minSample: number }): Promise<JourneyView> {
  const volumes = await volume(db, { from: query.from, to: query.to, asOf: query.asOf, market: query.market, groupBy: 'topic' }, options);
  const experience = await experienceReport(db, { from: query.from, to: query.to, asOf: query.asOf, market: query.market, groupBy: 'phase' }, options);
  const period = experience.period;
  const marketId = query.market ? (await taxonomy.resolveKeys(db, 'markets', [query.market])).get(query.market) : undefined;
  const topics = await topicsWithPlaces(db);
  const phases = await repo.listPhases(db);
  const touchPoints = await repo.listTouchPoints(db);
  const topicByKey = new Map(topics.map((t) => [t.key, t]));
  const phaseOf = (topic: TopicWithPlace | undefined) => topic?.place?.phaseId ?? UNPLACED;

  const counts = new Map(volumes.groups.map((g) => [g.key, g]));
  const stops = new Map<number, Stop>([...phases.map((p) => p.id), UNPLACED].map((id) => [id, emptyStop(experience.minSample)]));
  const topicKeyById = new Map(topics.map((t) => [t.id, t.key]));
  const touchPointKey = new Map(touchPoints.map((t) => [t.id, t.key]));
  for (const topic of topics) {
    const counted = counts.get(topic.key);
    // Merged topics have no inquiries of their own (they moved); archived ones show while they still count.
    if (topic.mergedInto || (topic.archivedAt && !counted)) continue;
    const stop = stops.get(phaseOf(topic))!;
    stop.topics.push({
      key: topic.key,
      name: topic.name,
      inquiries: counted?.count ?? 0,
      previousInquiries: counted?.previousCount ?? 0,
      touchPoint: topic.place?.touchPointId ? touchPointKey.get(topic.place.touchPointId)! : null,
      inheritedFrom: topic.place && topic.place.fromTopicId !== topic.id ? topicKeyById.get(topic.place.fromTopicId)! : null,
    });
  }
  for (const stop of stops.values()) {
    stop.topics.sort((a, b) => b.inquiries - a.inquiries || a.name.localeCompare(b.name));
    const count = stop.topics.reduce((sum, t) => sum + t.inquiries, 0);
    const previousCount = stop.topics.reduce((sum, t) => sum + t.previousInquiries, 0);
    stop.inquiries = {
      count,
      share: share(count, volumes.allInquiries),
      previousCount,
      previousShare: share(previousCount, volumes.previousAllInquiries),
      change: relativeChange(count, previousCount),
    };
  }

  const spikes = await listSpikes(db, { from: period.from, to: period.to, statuses: ['open', 'acknowledged'], ...(marketId !== undefined ? { marketId } : {}) });
  for (const spike of spikes) {
    stops.get(phaseOf(topicByKey.get(spike.topic)))!.openSpikes.push({
      id: spike.id,
      topic: spike.topic,
      market: spike.market,
      kind: spike.kind,
      status: spike.status,
      firstDay: spike.firstDay,
      lastDay: spike.lastDay,
      peakValue: spike.peakValue,
    });
  }
  const topicById = new Map(topics.map((t) => [t.id, t]));
  for (const openCase of await listOpenWithTopicIds(db, marketId !== undefined ? { marketId } : {})) {
    const phaseIds = new Set(openCase.topicIds.map((id) => phaseOf(topicById.get(id))));
    if (phaseIds.size === 0) phaseIds.add(UNPLACED);
    for (const phaseId of phaseIds) stops.get(phaseId)!.openCases.push({ id: openCase.id, key: `PP-${openCase.id}`, title: openCase.title, status: openCase.status });
  }

  const experienceByKey = new Map(experience.groups.map((g) => [g.key, g]));
  const phaseStops: PhaseStop[] = phases.map((phase) => {
    const stop = stops.get(phase.id)!;
    const { current, previous, change } = experienceByKey.get(phase.key)!;
    const inPhase = touchPoints.filter((t) => t.phaseId === phase.id);
    return {
      key: phase.key,
      name: phase.name,
      description: phase.description,
      position: phase.position,
      momentOfTruth: phase.momentOfTruth,
      touchPoints: inPhase.map((t) => {
        const inquiries = stop.topics.filter((topic) => topic.touchPoint === t.key).reduce((sum, topic) => sum + topic.inquiries, 0);
        return { key: t.key, name: t.name, inquiries, share: share(inquiries, volumes.allInquiries) };
      }),
      ...stop,
      experience: { current, previous, change },
    };
  });
  const unplaced = stops.get(UNPLACED)!;
  const noPhase = experienceByKey.get(null);
  if (noPhase) unplaced.experience = { current: noPhase.current, previous: noPhase.previous, change: noPhase.change };

  return {
    period,
    previousPeriod: experience.previousPeriod,
    filters: { market: query.market ?? null },
    minSample: experience.minSample,
    allInquiries: volumes.allInquiries,
    previousAllInquiries: volumes.previousAllInquiries,
    phases: phaseStops,
    unplaced,
    pinches: pinchesOf(phaseStops),
    methods: {
      ...experience.methods,
      volume: 'Inquiries from the daily counts, as GET /stats/volume counts them; a topic counts in the phase it is placed in (its own place, else its nearest ancestor\'s).',
      spikesAndCases: 'Spikes open or acknowledged now that overlap the period; cases not resolved or dropped now. A case with topics in several phases shows in each.',
    },
  };
}

/** A stop with nothing in it yet; the experience stays empty where no answer falls (the unplaced stop without answers). */
function emptyStop(minSample: number): Stop {
  return {
    inquiries: { count: 0, share: 0, previousCount: 0, previousShare: 0, change: null },
    topics: [],
    openSpikes: [],
    openCases: [],
    experience: { current: { nps: { n: 0, insufficient: true, needed: minSample }, ces: {} }, previous: null, change: null },
  };
}

function pinchesOf(stops: PhaseStop[]): JourneyView['pinches'] {
  const top = (score: (stop: PhaseStop) => number | undefined, lowest = false) => {
    let best: { key: string; value: number } | undefined;
    for (const stop of stops) {
      const value = score(stop);
      if (value === undefined) continue;
      if (!best || (lowest ? value < best.value : value > best.value)) best = { key: stop.key, value };
    }
    return best?.key ?? null;
  };
  return {
    mostInquiries: top((s) => (s.inquiries.count > 0 ? s.inquiries.share : undefined)),
    lowestNps: top((s) => (s.experience.current.nps.insufficient ? undefined : s.experience.current.nps.nps), true),
    mostOpenSpikes: top((s) => (s.openSpikes.length > 0 ? s.openSpikes.length : undefined)),
  };
}

