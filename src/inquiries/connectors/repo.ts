import type { Db } from '../../db/database.ts';
import type { FeedTicket } from './feedTicket.ts';
import type { MappingRule } from './rules.ts';
import type { ConnectorKind } from './schemas.ts';

export interface ConnectorRow {
  id: number;
  name: string;
  kind: ConnectorKind;
  /** The kind's settings as stored; parse them again before use. */
  config: Record<string, unknown>;
  defaultMarket: string | null;
  defaultMarketId: number | null;
  active: boolean;
  cursor: string | null;
  startFrom: Date;
  lastSyncAt: Date | null;
  lastSyncError: string | null;
  unmappedCount: number;
  createdAt: Date;
  updatedAt: Date;
}

const columns = `c.id, c.name, c.kind, c.config, m.key AS "defaultMarket", c.default_market_id AS "defaultMarketId", c.active,
  c.cursor, c.start_from AS "startFrom", c.last_sync_at AS "lastSyncAt", c.last_sync_error AS "lastSyncError",
  (SELECT count(*)::int FROM help_desk_unmapped u WHERE u.connector_id = c.id) AS "unmappedCount",
  c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;
const from = `help_desk_connectors c LEFT JOIN markets m ON m.id = c.default_market_id`;

export async function listConnectors(db: Db, filter: { kind?: ConnectorKind; activeOnly?: boolean } = {}): Promise<ConnectorRow[]> {
  const result = await db.query<ConnectorRow>(
    `SELECT ${columns} FROM ${from} WHERE ($1::text IS NULL OR c.kind = $1) AND (NOT $2 OR c.active) ORDER BY c.name`,
    [filter.kind ?? null, filter.activeOnly ?? false],
  );
  return result.rows;
}

export async function getConnectorByName(db: Db, name: string): Promise<ConnectorRow | undefined> {
  return (await db.query<ConnectorRow>(`SELECT ${columns} FROM ${from} WHERE c.name = $1`, [name])).rows[0];
}

export async function getConnectorById(db: Db, id: number): Promise<ConnectorRow | undefined> {
  return (await db.query<ConnectorRow>(`SELECT ${columns} FROM ${from} WHERE c.id = $1`, [id])).rows[0];
}

export interface ConnectorWrite {
  name: string;
  kind: ConnectorKind;
  config: Record<string, unknown>;
  defaultMarketId: number | null;
  active: boolean;
  startFrom: Date;
}

/** Inserts a connector; undefined when the name is taken. */
export async function insertConnector(db: Db, input: ConnectorWrite, at: Date): Promise<number | undefined> {
  const result = await db.query<{ id: number }>(
    `INSERT INTO help_desk_connectors (name, kind, config, default_market_id, active, start_from, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (name) DO NOTHING RETURNING id`,
    [input.name, input.kind, JSON.stringify(input.config), input.defaultMarketId, input.active, input.startFrom, at],
  );
  return result.rows[0]?.id;
}

export async function updateConnector(
  db: Db,
  id: number,
  input: Omit<ConnectorWrite, 'name' | 'kind'> & { resetCursor: boolean },
  at: Date,
): Promise<void> {
  await db.query(
    `UPDATE help_desk_connectors SET config = $2, default_market_id = $3, active = $4, start_from = $5,
       cursor = CASE WHEN $6 THEN NULL ELSE cursor END, updated_at = $7
     WHERE id = $1`,
    [id, JSON.stringify(input.config), input.defaultMarketId, input.active, input.startFrom, input.resetCursor, at],
  );
}

/** Locks the connector's row for a page's transaction and returns its cursor, so two syncs never interleave. */
export async function lockCursor(db: Db, id: number): Promise<{ cursor: string | null } | undefined> {
  return (await db.query<{ cursor: string | null }>(`SELECT cursor FROM help_desk_connectors WHERE id = $1 FOR UPDATE`, [id])).rows[0];
}

export async function saveCursor(db: Db, id: number, cursor: string, at: Date): Promise<void> {
  await db.query(`UPDATE help_desk_connectors SET cursor = $2, last_sync_at = $3, last_sync_error = NULL WHERE id = $1`, [id, cursor, at]);
}

export async function recordSyncOutcome(db: Db, id: number, outcome: { at: Date; error: string | null }): Promise<void> {
  await db.query(`UPDATE help_desk_connectors SET last_sync_at = $2, last_sync_error = $3 WHERE id = $1`, [id, outcome.at, outcome.error]);
}

// Rules

const ruleColumns = `r.id, r.position, r.match_field AS field, r.match_value AS equals, t.key AS topic, m.key AS market`;
const ruleFrom = `help_desk_rules r LEFT JOIN topics t ON t.id = r.topic_id LEFT JOIN markets m ON m.id = r.market_id`;

/** A connector's rules in the order they are tried. */
export async function listRules(db: Db, connectorId: number): Promise<MappingRule[]> {
  const result = await db.query<MappingRule>(
    `SELECT ${ruleColumns} FROM ${ruleFrom} WHERE r.connector_id = $1 ORDER BY r.position, r.id`,
    [connectorId],
  );
  return result.rows;
}

export interface RuleWrite {
  field: string;
  equals: string;
  topicId: number | null;
  marketId: number | null;
}

export async function insertRule(db: Db, connectorId: number, rule: RuleWrite, at: Date): Promise<number> {
  const result = await db.query<{ id: number }>(
    `INSERT INTO help_desk_rules (connector_id, position, match_field, match_value, topic_id, market_id, created_at, updated_at)
     VALUES ($1, (SELECT coalesce(max(position), 0) + 1 FROM help_desk_rules WHERE connector_id = $1), $2, $3, $4, $5, $6, $6)
     RETURNING id`,
    [connectorId, rule.field, rule.equals, rule.topicId, rule.marketId, at],
  );
  return result.rows[0]!.id;
}

export async function updateRule(db: Db, ruleId: number, rule: RuleWrite, at: Date): Promise<void> {
  await db.query(
    `UPDATE help_desk_rules SET match_field = $2, match_value = $3, topic_id = $4, market_id = $5, updated_at = $6 WHERE id = $1`,
    [ruleId, rule.field, rule.equals, rule.topicId, rule.marketId, at],
  );
}

/** Rewrites positions 1…n in the order given (rule ids of one connector). */
export async function renumberRules(db: Db, orderedIds: number[]): Promise<void> {
  await db.query(
    `UPDATE help_desk_rules r SET position = o.position FROM unnest($1::int[]) WITH ORDINALITY AS o(id, position) WHERE r.id = o.id`,
    [orderedIds],
  );
}

export async function deleteRule(db: Db, ruleId: number): Promise<void> {
  await db.query(`DELETE FROM help_desk_rules WHERE id = $1`, [ruleId]);
}

/** Serialises rule edits of one connector (positions are read, then rewritten). */
export async function lockConnector(db: Db, connectorId: number): Promise<void> {
  await db.query(`SELECT 1 FROM help_desk_connectors WHERE id = $1 FOR UPDATE`, [connectorId]);
}

// Unmapped tickets

export interface UnmappedWrite {
  ticket: FeedTicket;
  reason: string;
}

/**
 * Records tickets that could not become inquiries, with the values seen. `seen` counts a new sighting
 * (a sync or webhook); a re-application of rules only refreshes the reason.
 */
export async function upsertUnmapped(db: Db, connectorId: number, rows: UnmappedWrite[], options: { at: Date; seen: boolean }): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO help_desk_unmapped AS u (connector_id, external_id, received_at, ticket, reason, first_seen_at, last_seen_at, times_seen)
     SELECT $1, r.external_id, r.received_at, r.ticket, r.reason, $5, $5, 1
     FROM unnest($2::text[], $3::timestamptz[], $4::jsonb[], $6::text[]) AS r(external_id, received_at, ticket, reason)
     ORDER BY r.external_id
     ON CONFLICT (connector_id, external_id) DO UPDATE
       SET ticket = excluded.ticket, reason = excluded.reason, received_at = excluded.received_at,
           last_seen_at = CASE WHEN $7 THEN excluded.last_seen_at ELSE u.last_seen_at END,
           times_seen = u.times_seen + CASE WHEN $7 THEN 1 ELSE 0 END`,
    [
      connectorId,
      rows.map((row) => row.ticket.externalId),
      rows.map((row) => receivedAtOrEpoch(row.ticket.receivedAt)),
      rows.map((row) => JSON.stringify(row.ticket)),
      options.at,
      rows.map((row) => row.reason),
      options.seen,
    ],
  );
}

/** An unreadable time still sorts (first); the ticket itself keeps what the tool sent. */
function receivedAtOrEpoch(value: string): Date {
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? new Date(0) : instant;
}

export async function deleteUnmapped(db: Db, connectorId: number, externalIds: string[]): Promise<void> {
  if (externalIds.length === 0) return;
  await db.query(`DELETE FROM help_desk_unmapped WHERE connector_id = $1 AND external_id = ANY($2::text[])`, [connectorId, externalIds]);
}

export interface UnmappedView {
  externalId: string;
  receivedAt: Date;
  ticket: FeedTicket;
  reason: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  timesSeen: number;
}

/** Unmapped tickets in pages, ordered by external id (stable while tickets come and go). */
export async function listUnmapped(db: Db, connectorId: number, page: { limit: number; after?: string | undefined }): Promise<UnmappedView[]> {
  const result = await db.query<UnmappedView>(
    `SELECT external_id AS "externalId", received_at AS "receivedAt", ticket, reason, first_seen_at AS "firstSeenAt",
            last_seen_at AS "lastSeenAt", times_seen AS "timesSeen"
     FROM help_desk_unmapped WHERE connector_id = $1 AND ($2::text IS NULL OR external_id > $2)
     ORDER BY external_id LIMIT $3`,
    [connectorId, page.after ?? null, page.limit],
  );
  return result.rows;
}

export interface UnmappedValueCount {
  field: string;
  value: string;
  tickets: number;
}

/** The values unmapped tickets carry, most frequent first: what a person writes rules for. */
export async function countUnmappedValues(db: Db, connectorId: number, limit: number): Promise<UnmappedValueCount[]> {
  const result = await db.query<UnmappedValueCount>(
    `SELECT f.field, v.value, count(DISTINCT u.external_id)::int AS tickets
     FROM help_desk_unmapped u
     CROSS JOIN LATERAL jsonb_each(u.ticket -> 'facts') AS f(field, vals)
     CROSS JOIN LATERAL jsonb_array_elements_text(f.vals) AS v(value)
     WHERE u.connector_id = $1
     GROUP BY f.field, v.value ORDER BY tickets DESC, f.field, v.value LIMIT $2`,
    [connectorId, limit],
  );
  return result.rows;
}

export async function countUnmappedByReason(db: Db, connectorId: number): Promise<Array<{ reason: string; tickets: number }>> {
  const result = await db.query<{ reason: string; tickets: number }>(
    `SELECT reason, count(*)::int AS tickets FROM help_desk_unmapped WHERE connector_id = $1 GROUP BY reason ORDER BY tickets DESC, reason LIMIT 50`,
    [connectorId],
  );
  return result.rows;
}

// Webhook deliveries

/** Records a delivery as handled; false when it was handled before (a replay). */
export async function recordDelivery(db: Db, connectorId: number, deliveryId: string, at: Date): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO help_desk_webhook_deliveries (connector_id, delivery_id, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [connectorId, deliveryId, at],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function deliveryExists(db: Db, connectorId: number, deliveryId: string): Promise<boolean> {
  const result = await db.query(`SELECT 1 FROM help_desk_webhook_deliveries WHERE connector_id = $1 AND delivery_id = $2`, [connectorId, deliveryId]);
  return (result.rowCount ?? 0) > 0;
}

/** Forgets deliveries older than `before`: their signatures are long stale, so a replay is refused anyway. */
export async function pruneDeliveries(db: Db, before: Date): Promise<void> {
  await db.query(`DELETE FROM help_desk_webhook_deliveries WHERE received_at < $1`, [before]);
}

/** How many of a connector's unmapped tickets carry this value in this field. */
export async function countUnmappedMatching(db: Db, connectorId: number, field: string, value: string): Promise<number> {
  const result = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM help_desk_unmapped WHERE connector_id = $1 AND (ticket -> 'facts' -> $2) ? $3`,
    [connectorId, field, value],
  );
  return result.rows[0]?.n ?? 0;
}
