import type pg from 'pg';
import type { Db } from '../db/database.ts';
import { withTransaction } from '../db/transaction.ts';
import { AppError } from '../http/errors.ts';
import * as taxonomy from '../taxonomy/service.ts';
import { topicsWithPlaces } from './places.ts';
import * as repo from './repo.ts';
import type { PlaceTopicBody } from './schemas.ts';

export interface TopicPlaceView {
  topic: string;
  name: string;
  parent: string | null;
  archived: boolean;
  mergedInto: string | null;
  /** The topic's own mapping; null when it inherits (or has none). */
  own: { phase: string; touchPoint: string | null } | null;
  /** Where it counts: its own place or the nearest ancestor's; null when unmapped. */
  phase: string | null;
  touchPoint: string | null;
  /** The topic the place comes from when it is not the topic's own. */
  inheritedFrom: string | null;
}

/** Every topic with its own and its effective place in the journey. */
export async function listTopicPlaces(db: Db): Promise<TopicPlaceView[]> {
  const [topics, phases, touchPoints] = [await topicsWithPlaces(db), await repo.listPhases(db), await repo.listTouchPoints(db)];
  const phaseKey = new Map(phases.map((p) => [p.id, p.key]));
  const touchPointKey = new Map(touchPoints.map((t) => [t.id, t.key]));
  const topicKey = new Map(topics.map((t) => [t.id, t.key]));
  return topics.map((topic) => ({
    topic: topic.key,
    name: topic.name,
    parent: topic.parentKey,
    archived: topic.archivedAt !== null,
    mergedInto: topic.mergedInto,
    own: topic.own && !topic.mergedInto ? { phase: phaseKey.get(topic.own.phaseId)!, touchPoint: touchPointKey.get(topic.own.touchPointId ?? -1) ?? null } : null,
    phase: topic.place ? phaseKey.get(topic.place.phaseId)! : null,
    touchPoint: topic.place?.touchPointId ? touchPointKey.get(topic.place.touchPointId)! : null,
    inheritedFrom: topic.place && topic.place.fromTopicId !== topic.id ? topicKey.get(topic.place.fromTopicId)! : null,
  }));
}

/**
 * Sets a topic's own place. `phase: null` removes it, so the topic inherits its parent's again. A
 * touch point must belong to the phase; given alone it also sets its phase. Left out, the topic keeps
 * its touch point if that is in the new phase.
 */
export async function placeTopic(pool: pg.Pool, topicKey: string, body: PlaceTopicBody, at: Date): Promise<TopicPlaceView> {
  await withTransaction(pool, async (tx) => {
    const topic = await taxonomy.getTopic(tx, topicKey);
    if (topic.mergedInto) throw new AppError('CONFLICT', `Topic "${topicKey}" was merged into "${topic.mergedInto}"; place that topic instead`);
    if (body.phase === null) {
      if (body.touchPoint) throw new AppError('UNPROCESSABLE', 'touchPoint: cannot be set while phase is null (the topic inherits its place)');
      await repo.deleteOwnPlace(tx, topic.id);
      return;
    }
    const phases = await repo.listPhases(tx);
    const touchPoints = await repo.listTouchPoints(tx);
    const current = (await repo.listOwnPlaces(tx)).find((row) => row.topicId === topic.id);
    const touchPoint = body.touchPoint ? touchPoints.find((t) => t.key === body.touchPoint) : undefined;
    if (body.touchPoint && !touchPoint) throw new AppError('UNPROCESSABLE', `touchPoint: unknown touch point "${body.touchPoint}"`);
    let phaseId: number;
    if (body.phase !== undefined) {
      const phase = phases.find((p) => p.key === body.phase);
      if (!phase) throw new AppError('UNPROCESSABLE', `phase: unknown journey phase "${body.phase}"`);
      phaseId = phase.id;
    } else if (touchPoint) {
      phaseId = touchPoint.phaseId;
    } else if (current) {
      phaseId = current.phaseId;
    } else {
      throw new AppError('UNPROCESSABLE', `phase: "${topicKey}" has no place of its own; give a phase`);
    }
    if (touchPoint && touchPoint.phaseId !== phaseId) {
      const ownPhase = phases.find((p) => p.id === touchPoint.phaseId)!;
      throw new AppError('UNPROCESSABLE', `touchPoint: "${touchPoint.key}" belongs to phase "${ownPhase.key}", not "${body.phase}"`);
    }
    const kept = current?.touchPointId != null && touchPoints.find((t) => t.id === current.touchPointId)?.phaseId === phaseId ? current.touchPointId : null;
    const touchPointId = body.touchPoint === undefined ? kept : (touchPoint?.id ?? null);
    await repo.upsertOwnPlace(tx, { topicId: topic.id, phaseId, touchPointId, at });
  });
  return (await listTopicPlaces(pool)).find((view) => view.topic === topicKey)!;
}
