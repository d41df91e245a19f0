import type pg from 'pg';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import * as taxonomy from '../taxonomy/service.ts';
import { trackerFor } from './clients.ts';
import { trackerConnectionSchema, type TrackerConnection } from './connection.ts';
import * as connectionRepo from './connectionRepo.ts';
import { TrackerConfigError, TrackerError } from './errors.ts';
import { PLACEMENT_FIELDS, type ConnectionBody } from './schemas.ts';
import type { AccessReport } from './tracker.ts';

export type ConnectionView = connectionRepo.ConnectionRow;

function parseConnection(input: Record<string, unknown>): TrackerConnection {
  const parsed = trackerConnectionSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'connection'}: ${issue.message}`);
  throw new AppError('UNPROCESSABLE', `Invalid tracker connection: ${problems.join('; ')}`, problems);
}

function trackerSettings(body: ConnectionBody): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !(PLACEMENT_FIELDS as string[]).includes(key)));
}

async function marketId(db: Db, key: string | null | undefined): Promise<number | null | undefined> {
  if (key === undefined || key === null) return key;
  const ids = await taxonomy.resolveKeys(db, 'markets', [key]);
  const id = ids.get(key);
  if (id === undefined) throw new AppError('UNPROCESSABLE', `market: unknown market "${key}"`);
  return id;
}

export async function mustGetConnection(db: Db, id: number): Promise<ConnectionView> {
  const row = await connectionRepo.getConnection(db, id);
  if (!row) throw new AppError('NOT_FOUND', `Tracker connection ${id} not found`);
  return row;
}

export function listConnections(db: Db): Promise<ConnectionView[]> {
  return connectionRepo.listConnections(db);
}

/** Stores a new connection; its settings are validated as the adapters will read them. */
export async function createConnection(pool: pg.Pool, body: ConnectionBody, at: Date): Promise<ConnectionView> {
  const config = parseConnection(trackerSettings(body));
  const id = await connectionRepo.insertConnection(pool, { config, team: body.team ?? null, marketId: (await marketId(pool, body.market)) ?? null, active: body.active ?? true }, at);
  if (id === undefined) throw new AppError('CONFLICT', `A tracker connection named "${config.name}" already exists`);
  return mustGetConnection(pool, id);
}

/** Changes settings (merged into the stored ones and validated again) or placement; the kind stays. */
export async function updateConnection(pool: pg.Pool, id: number, body: ConnectionBody, at: Date): Promise<ConnectionView> {
  const existing = await mustGetConnection(pool, id);
  const settings = trackerSettings(body);
  if (settings.kind !== undefined && settings.kind !== existing.kind) {
    throw new AppError('CONFLICT', `Connection "${existing.name}" is a ${existing.kind} connection; make a new connection for another tracker`);
  }
  const config = parseConnection({ ...existing.config, ...settings });
  const market = await marketId(pool, body.market);
  try {
    await connectionRepo.updateConnection(
      pool,
      id,
      { config, team: body.team === undefined ? existing.team : body.team, marketId: market === undefined ? existing.marketId : market, active: body.active ?? existing.active },
      at,
    );
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError('CONFLICT', `A tracker connection named "${config.name}" already exists`);
    throw error;
  }
  return mustGetConnection(pool, id);
}

export interface ConnectionTest extends AccessReport {
  connection: string;
  /** True when nothing is missing. */
  ready: boolean;
}

/**
 * Checks a connection's credentials and permissions against the tracker itself. A missing secret,
 * refused credentials or an unreachable tracker are reported as missing, not thrown.
 */
export async function testConnection(ctx: Pick<AppContext, 'config' | 'now' | 'log'>, config: TrackerConnection): Promise<ConnectionTest> {
  let report: AccessReport;
  try {
    report = await trackerFor(ctx, config).checkAccess();
  } catch (error) {
    if (!(error instanceof TrackerConfigError || error instanceof TrackerError)) throw error;
    report = { identity: null, ok: [], missing: [error instanceof TrackerError && error.kind === 'unavailable' ? `the tracker could not be reached: ${error.message}` : error.message] };
  }
  return { connection: config.name, ready: report.missing.length === 0, ...report };
}

/** Parses a connection given as plain data (a file an operator wrote), with messages naming each field. */
export function parseConnectionFile(input: unknown): TrackerConnection {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new AppError('INVALID_INPUT', 'A tracker connection must be a JSON object');
  return parseConnection(input as Record<string, unknown>);
}
