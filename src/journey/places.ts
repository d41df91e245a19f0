import type { Db } from '../db/database.ts';
import * as taxonomy from '../taxonomy/service.ts';
import * as repo from './repo.ts';

/** Where a topic sits in the journey, and whether it has that place itself or from an ancestor. */
export interface Place {
  phaseId: number;
  touchPointId: number | null;
  /** The topic whose own mapping this is: the topic itself, a parent, or the topic it was merged into. */
  fromTopicId: number;
}

export interface TopicNode {
  id: number;
  parentId: number | null;
  /** Set when the topic was merged away: it then sits wherever the topic it went into sits. */
  mergedIntoId: number | null;
}

/**
 * Each topic's effective place: its own mapping, else its nearest ancestor's, so mapping a category
 * places every sub-topic under it until one is mapped differently. A merged topic takes the place of
 * the topic it was merged into. Topics with no mapping on the way up have no entry.
 */
export function resolvePlaces(topics: readonly TopicNode[], own: ReadonlyMap<number, Omit<Place, 'fromTopicId'>>): Map<number, Place> {
  const byId = new Map(topics.map((topic) => [topic.id, topic]));
  const resolved = new Map<number, Place | null>();
  const resolve = (id: number, seen: Set<number>): Place | null => {
    if (resolved.has(id)) return resolved.get(id)!;
    // Parents cannot form a cycle (the taxonomy refuses one); the guard keeps a corrupt row from looping.
    if (seen.has(id)) return null;
    seen.add(id);
    const topic = byId.get(id);
    let place: Place | null = null;
    if (topic?.mergedIntoId != null) place = resolve(topic.mergedIntoId, seen);
    else if (own.has(id)) place = { ...own.get(id)!, fromTopicId: id };
    else if (topic?.parentId != null) place = resolve(topic.parentId, seen);
    resolved.set(id, place);
    return place;
  };
  const places = new Map<number, Place>();
  for (const topic of topics) {
    const place = resolve(topic.id, new Set());
    if (place) places.set(topic.id, place);
  }
  return places;
}

export interface TopicWithPlace extends taxonomy.Topic {
  own: { phaseId: number; touchPointId: number | null } | null;
  place: Place | null;
}

/** Every topic (archived and merged ones too) with its own and its effective place. */
export async function topicsWithPlaces(db: Db): Promise<TopicWithPlace[]> {
  const topics = await taxonomy.listTopics(db, { includeArchived: true });
  const idByKey = new Map(topics.map((topic) => [topic.key, topic.id]));
  const own = new Map((await repo.listOwnPlaces(db)).map((row) => [row.topicId, { phaseId: row.phaseId, touchPointId: row.touchPointId }]));
  const nodes = topics.map((topic) => ({ id: topic.id, parentId: topic.parentId, mergedIntoId: topic.mergedInto ? (idByKey.get(topic.mergedInto) ?? null) : null }));
  const places = resolvePlaces(nodes, own);
  return topics.map((topic) => ({ ...topic, own: own.get(topic.id) ?? null, place: places.get(topic.id) ?? null }));
}

/** Topic id → phase id for every topic that has a place; survey answers without a phase of their own take it. */
export async function phaseByTopic(db: Db): Promise<Map<number, number>> {
  const topics = await topicsWithPlaces(db);
  return new Map(topics.flatMap((topic) => (topic.place ? [[topic.id, topic.place.phaseId] as const] : [])));
}
