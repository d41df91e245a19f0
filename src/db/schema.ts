import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

/** Process-wide facts the database must remember, such as the time zone its day buckets were cut in. */
export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('api_tokens_token_hash_key').on(t.tokenHash),
    check('api_tokens_role_check', sql`${t.role} in ('agent','analyst','leader','admin','ingest')`),
  ],
);

export const markets = pgTable(
  'markets',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    mergedIntoId: integer('merged_into_id').references((): AnyPgColumn => markets.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('markets_key_key').on(t.key)],
);

export const topics = pgTable(
  'topics',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    parentId: integer('parent_id').references((): AnyPgColumn => topics.id),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    mergedIntoId: integer('merged_into_id').references((): AnyPgColumn => topics.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('topics_key_key').on(t.key), index('topics_parent_id_idx').on(t.parentId)],
);

export const inquiries = pgTable(
  'inquiries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    /** Calendar day of receivedAt in the organisation's time zone (app_meta tz_name). */
    day: date('day').notNull(),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id),
    marketId: integer('market_id')
      .notNull()
      .references(() => markets.id),
    channel: text('channel').notNull(),
    note: text('note'),
    source: text('source').notNull(),
    externalId: text('external_id'),
    loggedByTokenId: integer('logged_by_token_id').references(() => apiTokens.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('inquiries_source_external_id_key').on(t.source, t.externalId),
    index('inquiries_day_idx').on(t.day),
    index('inquiries_logged_by_idx').on(t.loggedByTokenId, t.createdAt),
    check('inquiries_channel_check', sql`${t.channel} in ('phone','email','chat','social','form','other')`),
    check('inquiries_note_length_check', sql`char_length(${t.note}) <= 2000`),
  ],
);

/** Daily counts kept equal to the raw rows by statement-level triggers (see the rollup migration). */
export const inquiryDaily = pgTable(
  'inquiry_daily',
  {
    day: date('day').notNull(),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id),
    marketId: integer('market_id')
      .notNull()
      .references(() => markets.id),
    channel: text('channel').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.topicId, t.marketId, t.channel] }),
    index('inquiry_daily_topic_day_idx').on(t.topicId, t.day),
  ],
);

export const heartbeats = pgTable('heartbeats', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  worker: text('worker').notNull(),
  beatAt: timestamp('beat_at', { withTimezone: true }).notNull().defaultNow(),
});
