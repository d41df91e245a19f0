import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import * as taxonomy from '../../taxonomy/service.ts';
import { reapplyRules, type Reapplied } from './reapply.ts';
import * as repo from './repo.ts';
import {
  COMMON_FIELDS,
  genericSettings,
  zendeskSettings,
  type ConnectorKind,
  type CreateConnectorBody,
  type UpdateConnectorBody,
} from './schemas.ts';
import { sourceOf } from './settings.ts';

export interface ConnectorView {
  name: string;
  kind: ConnectorKind;
  /** The inquiries' source. */
  source: string;
  /** Where the help desk posts its webhooks. */
  hookUrl: string;
  settings: Record<string, unknown>;
  defaultMarket: string | null;
  active: boolean;
  startFrom: Date | null;
  /** Zendesk: where the next export continues (null: from startFrom). */
  cursor: string | null;
  lastSyncAt: Date | null;
  lastSyncError: string | null;
  unmappedCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Zendesk history read by a new connector when no startFrom is given. */
const DEFAULT_BACKFILL_DAYS = 90;

export function viewOf(ctx: Pick<AppContext, 'config'>, row: repo.ConnectorRow): ConnectorView {
  return {
    name: row.name,
    kind: row.kind,
    source: sourceOf(row),
    hookUrl: `${ctx.config.PUBLIC_BASE_URL}/api/v1/hooks/${row.name}`,
    settings: row.config,
    defaultMarket: row.defaultMarket,
    active: row.active,
    startFrom: row.kind === 'zendesk' ? row.startFrom : null,
    cursor: row.cursor,
    lastSyncAt: row.lastSyncAt,
    lastSyncError: row.lastSyncError,
    unmappedCount: row.unmappedCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function mustGetConnector(db: Db, name: string): Promise<repo.ConnectorRow> {
  const row = await repo.getConnectorByName(db, name);
  if (!row) throw new AppError('NOT_FOUND', `No connector named "${name}"`);
  return row;
}

export async function listConnectors(ctx: AppContext): Promise<ConnectorView[]> {
  return (await repo.listConnectors(ctx.pool)).map((row) => viewOf(ctx, row));
}

/** Creates a connector; its settings are checked as the feed will read them, secrets as variable names only. */
export async function createConnector(ctx: AppContext, body: CreateConnectorBody, asOf: Date): Promise<ConnectorView> {
  const config = await parseSettings(ctx.pool, body.kind, settingsIn(body));
  const startFrom = body.startFrom ? new Date(body.startFrom) : new Date(asOf.getTime() - DEFAULT_BACKFILL_DAYS * 86_400_000);
  const id = await repo.insertConnector(
    ctx.pool,
    { name: body.name, kind: body.kind, config, defaultMarketId: (await marketIdOf(ctx.pool, body.defaultMarket)) ?? null, active: body.active ?? true, startFrom },
    asOf,
  );
  if (id === undefined) throw new AppError('CONFLICT', `A connector named "${body.name}" already exists`);
  return viewOf(ctx, await mustGetConnector(ctx.pool, body.name));
}

/**
 * Changes settings (merged into the stored ones and checked again), the default market or whether
 * it runs; the name and kind stay. Unmapped tickets are mapped again with the new settings.
 */
export async function updateConnector(ctx: AppContext, name: string, body: UpdateConnectorBody, asOf: Date): Promise<ConnectorView & { reapplied: Reapplied }> {
  const existing = await mustGetConnector(ctx.pool, name);
  for (const fixed of ['name', 'kind'] as const) {
    if (body[fixed] !== undefined && body[fixed] !== existing[fixed]) {
      throw new AppError('CONFLICT', `A connector's ${fixed} cannot change ("${existing.name}" is a ${existing.kind} connector); make a new one`);
    }
  }
  if (existing.kind !== 'zendesk' && (body.startFrom !== undefined || body.resetCursor !== undefined)) {
    throw new AppError('UNPROCESSABLE', 'startFrom, resetCursor: only Zendesk connectors export, so only they have a start and a cursor');
  }
  const config = await parseSettings(ctx.pool, existing.kind, withoutNulls({ ...existing.config, ...settingsIn(body) }));
  const market = await marketIdOf(ctx.pool, body.defaultMarket);
  await repo.updateConnector(
    ctx.pool,
    existing.id,
    {
      config,
      defaultMarketId: market === undefined ? existing.defaultMarketId : market,
      active: body.active ?? existing.active,
      startFrom: body.startFrom ? new Date(body.startFrom) : existing.startFrom,
      resetCursor: body.resetCursor === true,
    },
    asOf,
  );
  const reapplied = await reapplyRules(ctx, await mustGetConnector(ctx.pool, name), asOf);
  return { ...viewOf(ctx, await mustGetConnector(ctx.pool, name)), reapplied };
}

/** A setting sent as null is removed (e.g. `subdomain: null` when moving to a baseUrl). */
function withoutNulls(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== null));
}

function settingsIn(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !COMMON_FIELDS.includes(key)));
}

/** The kind's settings as they will be stored, or a 422 naming every bad field. */
async function parseSettings(db: Db, kind: ConnectorKind, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const parsed = kind === 'zendesk' ? zendeskSettings.safeParse(input) : genericSettings.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`);
    throw new AppError('UNPROCESSABLE', `Invalid connector: ${problems.join('; ')}`, problems);
  }
  const problems: string[] = [];
  if ('emailEnv' in parsed.data && !parsed.data.subdomain === !parsed.data.baseUrl) problems.push('subdomain: give a Zendesk subdomain or a baseUrl (one of them)');
  if ('mapping' in parsed.data) problems.push(...(await unknownMappedKeys(db, parsed.data.mapping)));
  if (problems.length > 0) throw new AppError('UNPROCESSABLE', `Invalid connector: ${problems.join('; ')}`, problems);
  return parsed.data;
}

async function unknownMappedKeys(db: Db, mapping: { topicValues: Record<string, string>; marketValues: Record<string, string> }): Promise<string[]> {
  const problems: string[] = [];
  for (const [field, table, values] of [['topicValues', 'topics', mapping.topicValues], ['marketValues', 'markets', mapping.marketValues]] as const) {
    const known = await taxonomy.resolveKeys(db, table, [...new Set(Object.values(values))]);
    for (const [from, key] of Object.entries(values)) {
      if (!known.has(key)) problems.push(`mapping.${field}.${from}: unknown ${table === 'topics' ? 'topic' : 'market'} "${key}"`);
    }
  }
  return problems;
}

async function marketIdOf(db: Db, key: string | null | undefined): Promise<number | null | undefined> {
  if (key === undefined || key === null) return key;
  const id = (await taxonomy.resolveKeys(db, 'markets', [key])).get(key);
  if (id === undefined) throw new AppError('UNPROCESSABLE', `defaultMarket: unknown market "${key}"`);
  return id;
}
