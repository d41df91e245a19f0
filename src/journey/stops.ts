import type { SpikeView } from '../detection/repo.ts';
import { relativeChange, type VolumeReport } from '../inquiries/stats.ts';
import type { ExperienceGroup } from '../surveys/experience.ts';
import type { TopicWithPlace } from './places.ts';

export interface Volume {
  count: number;
  /** Of all inquiries in the period (in the market, when one is chosen). */
  share: number;
  previousCount: number;
  previousShare: number;
  change: number | null;
}

export interface StopTopic {
  key: string;
  name: string;
  inquiries: number;
  previousInquiries: number;
  touchPoint: string | null;
  inheritedFrom: string | null;
}

export type OpenSpike = Pick<SpikeView, 'id' | 'topic' | 'market' | 'kind' | 'status' | 'firstDay' | 'lastDay' | 'peakValue'>;

export interface OpenCase {
  id: number;
  key: string;
  title: string;
  status: string;
}

/** What one phase (or the unplaced remainder) holds. */
export interface Stop {
  inquiries: Volume;
  topics: StopTopic[];
  openSpikes: OpenSpike[];
  openCases: OpenCase[];
  experience: Pick<ExperienceGroup, 'current' | 'previous' | 'change'>;
}

/** The key of the stop for topics without a place (phase ids are positive). */
export const UNPLACED = -1;

export const share = (count: number, total: number) => (total === 0 ? 0 : count / total);

export function emptyStop(minSample: number): Stop {
  return {
    inquiries: { count: 0, share: 0, previousCount: 0, previousShare: 0, change: null },
    topics: [],
    openSpikes: [],
    openCases: [],
    experience: { current: { nps: { n: 0, insufficient: true, needed: minSample }, ces: {} }, previous: null, change: null },
  };
}

export const phaseOf = (topic: TopicWithPlace | undefined) => topic?.place?.phaseId ?? UNPLACED;

/** Puts each topic, with its inquiries, in the stop of its phase; then sums each stop's volume. */
export function addTopics(stops: Map<number, Stop>, topics: TopicWithPlace[], volumes: VolumeReport, touchPointKey: Map<number, string>): void {
  const counts = new Map(volumes.groups.map((g) => [g.key, g]));
  const topicKey = new Map(topics.map((t) => [t.id, t.key]));
  for (const topic of topics) {
    const counted = counts.get(topic.key);
    // Merged topics have no inquiries of their own (they moved); archived ones show while they still count.
    if (topic.mergedInto || (topic.archivedAt && !counted)) continue;
    stops.get(phaseOf(topic))!.topics.push({
      key: topic.key,
      name: topic.name,
      inquiries: counted?.count ?? 0,
      previousInquiries: counted?.previousCount ?? 0,
      touchPoint: topic.place?.touchPointId ? touchPointKey.get(topic.place.touchPointId)! : null,
      inheritedFrom: topic.place && topic.place.fromTopicId !== topic.id ? topicKey.get(topic.place.fromTopicId)! : null,
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
}

export function addSpikes(stops: Map<number, Stop>, spikes: SpikeView[], topicByKey: Map<string, TopicWithPlace>): void {
  for (const { id, topic, market, kind, status, firstDay, lastDay, peakValue } of spikes) {
    stops.get(phaseOf(topicByKey.get(topic)))!.openSpikes.push({ id, topic, market, kind, status, firstDay, lastDay, peakValue });
  }
}

/** A case shows in every phase one of its topics sits in; a case whose topics have no place, in the remainder. */
export function addCases(stops: Map<number, Stop>, cases: Array<{ id: number; title: string; status: string; topicIds: number[] }>, topicById: Map<number, TopicWithPlace>): void {
  for (const openCase of cases) {
    const phaseIds = new Set(openCase.topicIds.map((id) => phaseOf(topicById.get(id))));
    if (phaseIds.size === 0) phaseIds.add(UNPLACED);
    for (const phaseId of phaseIds) stops.get(phaseId)!.openCases.push({ id: openCase.id, key: `PP-${openCase.id}`, title: openCase.title, status: openCase.status });
  }
}
