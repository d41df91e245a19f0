import type pg from 'pg';
import type { Db } from '../db/database.ts';
import { withTransaction } from '../db/transaction.ts';
import { AppError } from '../http/errors.ts';
import { moveTo } from './order.ts';
import * as repo from './repo.ts';
import type { CreatePhaseBody, CreateTouchPointBody, UpdatePhaseBody, UpdateTouchPointBody } from './schemas.ts';

export { placeTopic, listTopicPlaces, type TopicPlaceView } from './topicPlaces.ts';
export { phaseByTopic, topicsWithPlaces } from './places.ts';
export { listPhases as listPhaseRows, type PhaseRow } from './repo.ts';

export interface PhaseView {
  key: string;
  name: string;
  description: string | null;
  position: number;
  momentOfTruth: boolean;
  touchPoints: Array<{ key: string; name: string; position: number }>;
}

/** The journey's phases in order, each with its touch points in order. */
export async function listPhases(db: Db): Promise<PhaseView[]> {
  const [phases, touchPoints] = [await repo.listPhases(db), await repo.listTouchPoints(db)];
  return phases.map((phase) => ({
    key: phase.key,
    name: phase.name,
    description: phase.description,
    position: phase.position,
    momentOfTruth: phase.momentOfTruth,
    touchPoints: touchPoints.filter((t) => t.phaseId === phase.id).map((t) => ({ key: t.key, name: t.name, position: t.position })),
  }));
}

export async function getPhase(db: Db, key: string): Promise<PhaseView> {
  const phase = (await listPhases(db)).find((p) => p.key === key);
  if (!phase) throw new AppError('NOT_FOUND', `Unknown journey phase "${key}"`);
  return phase;
}

/** Phase keys → ids; unknown keys are missing from the map. */
export async function resolvePhaseKeys(db: Db, keys: string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const phases = await repo.listPhases(db);
  return new Map(phases.filter((p) => keys.includes(p.key)).map((p) => [p.key, p.id]));
}

async function mustGetPhaseRow(db: Db, key: string): Promise<repo.PhaseRow> {
  const phase = (await repo.listPhases(db)).find((p) => p.key === key);
  if (!phase) throw new AppError('NOT_FOUND', `Unknown journey phase "${key}"`);
  return phase;
}

async function mustGetTouchPointRow(db: Db, key: string): Promise<repo.TouchPointRow> {
  const touchPoint = (await repo.listTouchPoints(db)).find((t) => t.key === key);
  if (!touchPoint) throw new AppError('NOT_FOUND', `Unknown touch point "${key}"`);
  return touchPoint;
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';
const isForeignKeyViolation = (error: unknown) => (error as { code?: string }).code === '23503';

/** Adds a phase at `position` (default: last) and renumbers the others. */
export async function createPhase(pool: pg.Pool, body: CreatePhaseBody, at: Date): Promise<PhaseView> {
  await withTransaction(pool, async (tx) => {
    const order = await repo.lockPhaseOrder(tx);
    let id: number;
    try {
      id = await repo.insertPhase(tx, {
        key: body.key,
        name: body.name,
        description: body.description ?? null,
        momentOfTruth: body.momentOfTruth ?? false,
        position: order.length + 1,
        at,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('CONFLICT', `Journey phase "${body.key}" already exists`);
      throw error;
    }
    await repo.setPhasePositions(tx, moveTo([...order, id], id, body.position ?? order.length + 1));
  });
  return getPhase(pool, body.key);
}

/** Renames, describes, marks or unmarks as a moment of truth, or moves a phase. */
export async function updatePhase(pool: pg.Pool, key: string, body: UpdatePhaseBody, at: Date): Promise<PhaseView> {
  await withTransaction(pool, async (tx) => {
    const order = await repo.lockPhaseOrder(tx);
    const phase = await mustGetPhaseRow(tx, key);
    const { position, ...changes } = body;
    await repo.updatePhase(tx, phase.id, changes, at);
    if (position !== undefined) await repo.setPhasePositions(tx, moveTo(order, phase.id, position));
  });
  return getPhase(pool, key);
}

/** Puts the phases in the given order; the list must name every phase exactly once. */
export async function reorderPhases(pool: pg.Pool, keys: string[]): Promise<PhaseView[]> {
  await withTransaction(pool, async (tx) => {
    await repo.lockPhaseOrder(tx);
    const phases = await repo.listPhases(tx);
    const idByKey = new Map(phases.map((p) => [p.key, p.id]));
    const unknown = keys.filter((k) => !idByKey.has(k));
    const repeated = keys.filter((k, i) => keys.indexOf(k) !== i);
    const missing = phases.map((p) => p.key).filter((k) => !keys.includes(k));
    const problems = [
      ...(unknown.length ? [`unknown phase(s) ${unknown.join(', ')}`] : []),
      ...(repeated.length ? [`repeated phase(s) ${[...new Set(repeated)].join(', ')}`] : []),
      ...(missing.length ? [`missing phase(s) ${missing.join(', ')}`] : []),
    ];
    if (problems.length) throw new AppError('UNPROCESSABLE', `order: ${problems.join('; ')}; list every phase once`, problems);
    await repo.setPhasePositions(tx, keys.map((k) => idByKey.get(k)!));
  });
  return listPhases(pool);
}

/** Deletes a phase and its touch points; refused while topics are placed in it or survey answers name it. */
export async function deletePhase(pool: pg.Pool, key: string): Promise<void> {
  await withTransaction(pool, async (tx) => {
    const order = await repo.lockPhaseOrder(tx);
    const phase = await mustGetPhaseRow(tx, key);
    const placed = await repo.topicsPlacedIn(tx, phase.id);
    if (placed > 0) throw new AppError('CONFLICT', `Journey phase "${key}" has ${placed} topic(s) placed in it; place them elsewhere first`);
    try {
      await repo.deletePhase(tx, phase.id);
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new AppError('CONFLICT', `Journey phase "${key}" is named by survey answers; they keep their phase, so it cannot be deleted (rename it instead)`);
      throw error;
    }
    await repo.setPhasePositions(tx, order.filter((id) => id !== phase.id));
  });
}

export async function createTouchPoint(pool: pg.Pool, phaseKey: string, body: CreateTouchPointBody, at: Date): Promise<PhaseView> {
  await withTransaction(pool, async (tx) => {
    const phase = await mustGetPhaseRow(tx, phaseKey);
    const order = await repo.lockTouchPointOrder(tx, phase.id);
    let id: number;
    try {
      id = await repo.insertTouchPoint(tx, { phaseId: phase.id, key: body.key, name: body.name, position: order.length + 1, at });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('CONFLICT', `Touch point "${body.key}" already exists`);
      throw error;
    }
    await repo.setTouchPointPositions(tx, moveTo([...order, id], id, body.position ?? order.length + 1));
  });
  return getPhase(pool, phaseKey);
}

export async function updateTouchPoint(pool: pg.Pool, key: string, body: UpdateTouchPointBody, at: Date): Promise<PhaseView> {
  const phaseId = await withTransaction(pool, async (tx) => {
    const touchPoint = await mustGetTouchPointRow(tx, key);
    const order = await repo.lockTouchPointOrder(tx, touchPoint.phaseId);
    if (body.name !== undefined) await repo.renameTouchPoint(tx, touchPoint.id, body.name, at);
    if (body.position !== undefined) await repo.setTouchPointPositions(tx, moveTo(order, touchPoint.id, body.position));
    return touchPoint.phaseId;
  });
  const phase = (await repo.listPhases(pool)).find((p) => p.id === phaseId)!;
  return getPhase(pool, phase.key);
}

/** Deletes a touch point; topics placed at it stay in its phase. Returns how many there were. */
export async function deleteTouchPoint(pool: pg.Pool, key: string): Promise<{ topicsKeptInPhase: number }> {
  return withTransaction(pool, async (tx) => {
    const touchPoint = await mustGetTouchPointRow(tx, key);
    const order = await repo.lockTouchPointOrder(tx, touchPoint.phaseId);
    const topicsKeptInPhase = await repo.deleteTouchPoint(tx, touchPoint.id);
    await repo.setTouchPointPositions(tx, order.filter((id) => id !== touchPoint.id));
    return { topicsKeptInPhase };
  });
}
