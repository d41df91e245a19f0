import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
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
    /** The person the token acts for, when it is a person's token (owners, audit trail). */
    userId: integer('user_id').references((): AnyPgColumn => users.id),
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
    // Checked per statement by the rollup triggers instead of per-row foreign keys (migration 0004):
    // one set-based lookup per batch instead of a locking lookup per row, which cost a third of bulk imports.
    topicId: integer('topic_id').notNull(),
    marketId: integer('market_id').notNull(),
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
    // Partial: imports and feeds have no token, and need not pay for this index.
    index('inquiries_logged_by_idx').on(t.loggedByTokenId, t.createdAt).where(sql`${t.loggedByTokenId} IS NOT NULL`),
    check('inquiries_channel_check', sql`${t.channel} in ('phone','email','chat','social','form','other')`),
    check('inquiries_note_length_check', sql`char_length(${t.note}) <= 2000`),
  ],
);

/**
 * Daily counts kept equal to the raw rows by statement-level triggers (see the rollup migration).
 * No foreign keys: every row is derived from `inquiries`, whose keys are already checked, and the
 * checks cost a third of the rollup's time on bulk imports.
 */
export const inquiryDaily = pgTable(
  'inquiry_daily',
  {
    day: date('day').notNull(),
    topicId: integer('topic_id').notNull(),
    marketId: integer('market_id').notNull(),
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

/** People: owners of cases and actions. Sign-in (password, sessions) arrives with the web app. */
export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    team: text('team'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    check('users_role_check', sql`${t.role} in ('agent','analyst','leader','admin')`),
  ],
);

export const cases = pgTable(
  'cases',
  {
    /** Also the human key: PP-<id>. */
    id: serial('id').primaryKey(),
    title: text('title').notNull(),
    status: text('status').notNull().default('new'),
    currentState: text('current_state').notNull().default(''),
    evidence: jsonb('evidence'),
    rootCauses: jsonb('root_causes').notNull().default(sql`'[]'::jsonb`),
    desiredState: text('desired_state').notNull().default(''),
    target: jsonb('target'),
    ownerUserId: integer('owner_user_id').references(() => users.id),
    team: text('team'),
    priority: text('priority').notNull().default('medium'),
    decision: text('decision'),
    droppedReason: text('dropped_reason'),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('cases_status_idx').on(t.status),
    index('cases_owner_idx').on(t.ownerUserId),
    check(
      'cases_status_check',
      sql`${t.status} in ('new','refining','ready','in_progress','fix_shipped','verifying','resolved','reopened','dropped')`,
    ),
    check('cases_priority_check', sql`${t.priority} in ('low','medium','high','critical')`),
    check('cases_decision_check', sql`${t.decision} in ('now','later','discuss')`),
  ],
);

export const caseTopics = pgTable(
  'case_topics',
  {
    caseId: integer('case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
    topicId: integer('topic_id').notNull().references(() => topics.id),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.topicId] })],
);

export const caseMarkets = pgTable(
  'case_markets',
  {
    caseId: integer('case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
    marketId: integer('market_id').notNull().references(() => markets.id),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.marketId] })],
);

export const caseActions = pgTable(
  'case_actions',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    ownerUserId: integer('owner_user_id').references(() => users.id),
    dueDate: date('due_date'),
    status: text('status').notNull().default('todo'),
    position: integer('position').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('case_actions_case_idx').on(t.caseId, t.position),
    check('case_actions_status_check', sql`${t.status} in ('todo','doing','done','dropped')`),
  ],
);

export const caseComments = pgTable(
  'case_comments',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
    authorUserId: integer('author_user_id').references(() => users.id),
    author: text('author').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_comments_case_idx').on(t.caseId, t.createdAt)],
);

/** Every change to a case or one of its actions: who, when, which field, before and after. */
export const caseHistory = pgTable(
  'case_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: integer('case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
    actionId: integer('action_id').references(() => caseActions.id),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    field: text('field').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('case_history_case_idx').on(t.caseId, t.id)],
);

/** An anomaly episode of one topic in one market (null: all markets), updated while it continues. */
export const spikes = pgTable(
  'spikes',
  {
    id: serial('id').primaryKey(),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id),
    marketId: integer('market_id').references(() => markets.id),
    kind: text('kind').notNull(),
    status: text('status').notNull().default('open'),
    firstDay: date('first_day').notNull(),
    peakDay: date('peak_day').notNull(),
    peakValue: doublePrecision('peak_value').notNull(),
    lastDay: date('last_day').notNull(),
    expected: doublePrecision('expected').notNull(),
    score: doublePrecision('score').notNull(),
    dismissedReason: text('dismissed_reason'),
    /** Peak when dismissed: the spike re-opens only if it grows materially beyond it. */
    dismissedPeak: doublePrecision('dismissed_peak'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('spikes_series_idx').on(t.topicId, t.marketId, t.lastDay),
    check('spikes_kind_check', sql`${t.kind} in ('spike','level_shift','ramp','share')`),
    check('spikes_status_check', sql`${t.status} in ('open','acknowledged','dismissed','linked','ended')`),
  ],
);

/** Each day a spike was raised on, with the figures of the strongest test that day. */
export const spikeDays = pgTable(
  'spike_days',
  {
    spikeId: integer('spike_id')
      .notNull()
      .references(() => spikes.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    kind: text('kind').notNull(),
    observed: doublePrecision('observed').notNull(),
    expected: doublePrecision('expected').notNull(),
    upper: doublePrecision('upper').notNull(),
    score: doublePrecision('score').notNull(),
    /** A count test (not only the share test) raised the day: later baselines leave it out. */
    raisedByCount: boolean('raised_by_count').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.spikeId, t.day] })],
);

/** The spikes a case was opened from or gathered; a spike feeds one open case at a time. */
export const caseSpikes = pgTable(
  'case_spikes',
  {
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    spikeId: integer('spike_id')
      .notNull()
      .references(() => spikes.id),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.spikeId] }), index('case_spikes_spike_idx').on(t.spikeId)],
);

/** Where spike messages and the digest go: a Slack-compatible webhook or an e-mail address, scoped by topic and market. */
export const notificationTargets = pgTable(
  'notification_targets',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    /** The webhook URL (a secret: never logged, masked in the API) or the e-mail address. */
    address: text('address').notNull(),
    /** Null: every topic. A topic includes its sub-topics. */
    topicId: integer('topic_id').references(() => topics.id),
    /** Null: every market. */
    marketId: integer('market_id').references(() => markets.id),
    spikes: boolean('spikes').notNull().default(true),
    digest: boolean('digest').notNull().default(true),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('notification_targets_kind_check', sql`${t.kind} in ('slack','email')`)],
);

/**
 * One message to one target, rendered when it was decided and sent (and retried) by the delivery
 * job. The unique indexes are the anti-spam rule itself: one message per spike per target per day,
 * one digest per target per day.
 */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: serial('id').primaryKey(),
    /** Null for a message to one person (e.g. a case owner), which carries its own `address`. */
    targetId: integer('target_id').references(() => notificationTargets.id),
    /** The e-mail address of a message sent to one person rather than to a target. */
    address: text('address'),
    /** The case a case message (e.g. a follow-up result) is about. */
    caseId: integer('case_id').references(() => cases.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    spikeId: integer('spike_id').references(() => spikes.id),
    /** The organisation's calendar day the message belongs to. */
    day: date('day').notNull(),
    /** The spike's peak this message announced; growth is measured against the last one. */
    peakValue: doublePrecision('peak_value'),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    html: text('html'),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('notification_deliveries_spike_day_key').on(t.targetId, t.spikeId, t.day).where(sql`${t.spikeId} IS NOT NULL`),
    uniqueIndex('notification_deliveries_digest_day_key').on(t.targetId, t.day).where(sql`${t.kind} = 'digest'`),
    index('notification_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('notification_deliveries_spike_idx').on(t.spikeId),
    check('notification_deliveries_kind_check', sql`${t.kind} in ('spike_opened','spike_grew','digest','case_followup')`),
    check('notification_deliveries_status_check', sql`${t.status} in ('pending','sent','failed')`),
    check('notification_deliveries_spike_check', sql`(${t.kind} in ('spike_opened','spike_grew')) = (${t.spikeId} IS NOT NULL)`),
    check('notification_deliveries_recipient_check', sql`(${t.targetId} IS NULL) <> (${t.address} IS NULL)`),
    check('notification_deliveries_case_check', sql`(${t.kind} = 'case_followup') = (${t.caseId} IS NOT NULL)`),
    uniqueIndex('notification_deliveries_case_day_key').on(t.caseId, t.address, t.day).where(sql`${t.kind} = 'case_followup'`),
  ],
);

/**
 * A Jira project or GitHub repository that cases are handed to. `config` is the validated
 * connection (src/trackers/connection.ts): secrets appear only as environment variable names.
 */
export const trackerConnections = pgTable(
  'tracker_connections',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    config: jsonb('config').notNull(),
    /** The team and/or market this connection serves (null: any). */
    team: text('team'),
    marketId: integer('market_id').references(() => markets.id),
    active: boolean('active').notNull().default(true),
    /** Where the reconcile poll continues: issues updated at or after this were not yet read. */
    reconciledUntil: timestamp('reconciled_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('tracker_connections_name_key').on(t.name), check('tracker_connections_kind_check', sql`${t.kind} in ('jira','github')`)],
);

/** One case (or one of its actions) handed to one tracker issue. */
export const trackerLinks = pgTable(
  'tracker_links',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    actionId: integer('action_id').references(() => caseActions.id, { onDelete: 'cascade' }),
    connectionId: integer('connection_id')
      .notNull()
      .references(() => trackerConnections.id),
    remoteKey: text('remote_key'),
    remoteUrl: text('remote_url'),
    /** open | done | closed_not_done, as the port normalises it. */
    remoteState: text('remote_state'),
    remoteStatus: text('remote_status'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    syncState: text('sync_state').notNull().default('pending'),
    lastError: text('last_error'),
    /** SHA-256 of the last body or comment we wrote, so its webhook echo is recognised. */
    lastWriteHash: text('last_write_hash'),
    lastSyncedAt: timestamp('last_synced_at', { withTimezone: true }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('tracker_links_case_idx').on(t.caseId),
    uniqueIndex('tracker_links_remote_key').on(t.connectionId, t.remoteKey).where(sql`${t.remoteKey} IS NOT NULL`),
    check('tracker_links_sync_state_check', sql`${t.syncState} in ('pending','synced','error')`),
    check('tracker_links_remote_state_check', sql`${t.remoteState} in ('open','done','closed_not_done')`),
  ],
);

/**
 * Writes owed to trackers, committed with the change that caused them and sent by the outbox
 * job. At most one pending update per link: later changes bump `revision` instead of queueing more.
 */
export const trackerOutbox = pgTable(
  'tracker_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    linkId: integer('link_id')
      .notNull()
      .references(() => trackerLinks.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    /** What to write beyond the case itself (a comment's text, a measurement); null: render from the case. */
    payload: jsonb('payload'),
    revision: integer('revision').notNull().default(1),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [
    index('tracker_outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('tracker_outbox_link_idx').on(t.linkId),
    uniqueIndex('tracker_outbox_pending_update_key').on(t.linkId).where(sql`${t.kind} = 'update' AND ${t.status} = 'pending'`),
    check('tracker_outbox_kind_check', sql`${t.kind} in ('create','update','comment','followup_comment')`),
    check('tracker_outbox_status_check', sql`${t.status} in ('pending','done','failed')`),
  ],
);

/** Webhook deliveries already handled, so a redelivery or replay does nothing twice. */
export const trackerWebhookDeliveries = pgTable(
  'tracker_webhook_deliveries',
  {
    provider: text('provider').notNull(),
    deliveryId: text('delivery_id').notNull(),
    connectionId: integer('connection_id').references(() => trackerConnections.id),
    outcome: text('outcome').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.deliveryId] })],
);

/**
 * A person's sign-in to the web pages and what the pages remember for them. The password is an
 * argon2id hash; `tokenId` is the token that acts for them on pages (never usable as a bearer
 * token), so inquiries they log are theirs to undo, exactly as through the API.
 */
export const webAccounts = pgTable(
  'web_accounts',
  {
    userId: integer('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    passwordHash: text('password_hash'),
    passwordSetAt: timestamp('password_set_at', { withTimezone: true }),
    tokenId: integer('token_id').references(() => apiTokens.id),
    locale: text('locale'),
    lastMarketId: integer('last_market_id').references(() => markets.id),
    lastChannel: text('last_channel'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('web_accounts_locale_check', sql`${t.locale} in ('en','nb')`),
    check('web_accounts_last_channel_check', sql`${t.lastChannel} in ('phone','email','chat','social','form','other')`),
  ],
);

/**
 * One-time links to set a password: the first admin's (no user yet: the link creates one), an
 * invitation, or a reset. Stored as a SHA-256 hash of 256 random bits; used once, then dead.
 */
export const setupLinks = pgTable(
  'setup_links',
  {
    id: serial('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    purpose: text('purpose').notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** The role the first admin's link creates; null for links to an existing user. */
    role: text('role'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('setup_links_token_hash_key').on(t.tokenHash),
    check('setup_links_purpose_check', sql`${t.purpose} in ('first_admin','invite','reset')`),
    check('setup_links_target_check', sql`(${t.purpose} = 'first_admin') = (${t.userId} IS NULL)`),
  ],
);

/** Web sessions, read and written by connect-pg-simple (its table layout; created here, not by the library). */
export const webSessions = pgTable(
  'web_sessions',
  {
    sid: text('sid').primaryKey(),
    sess: jsonb('sess').notNull(),
    expire: timestamp('expire', { withTimezone: true }).notNull(),
  },
  (t) => [index('web_sessions_expire_idx').on(t.expire)],
);

/** Hit counters for rate limits (sign-in), shared by every web process through the database. */
export const rateLimitHits = pgTable('rate_limit_hits', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  resetAt: timestamp('reset_at', { withTimezone: true }).notNull(),
});

/**
 * When a case's fix shipped and which follow-ups it plans: one measurement `offsetsDays` days after
 * the fix day each. `fixDay` is the calendar day in TZ_NAME the fix shipped on; it is a guard day
 * that belongs to neither window. A re-dated fix replaces the row (the history keeps the old date).
 */
export const caseFixes = pgTable(
  'case_fixes',
  {
    caseId: integer('case_id')
      .primaryKey()
      .references(() => cases.id, { onDelete: 'cascade' }),
    shippedAt: timestamp('shipped_at', { withTimezone: true }).notNull(),
    fixDay: date('fix_day').notNull(),
    offsetsDays: integer('offsets_days').array().notNull(),
    setBy: text('set_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('case_fixes_offsets_check', sql`cardinality(${t.offsetsDays}) between 1 and 10`)],
);

/**
 * One follow-up measurement: the windows, the counts read from the daily rollup, every figure, the
 * verdict and the sentence in each language, frozen when measured. A scheduled follow-up is stored
 * once per case, offset and day (the unique index makes a repeated or late job harmless).
 */
export const followupMeasurements = pgTable(
  'followup_measurements',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    offsetDays: integer('offset_days'),
    asOf: date('as_of').notNull(),
    fixDay: date('fix_day').notNull(),
    windows: jsonb('windows').notNull(),
    counts: jsonb('counts').notNull(),
    figures: jsonb('figures').notNull(),
    verdict: text('verdict').notNull(),
    judgement: jsonb('judgement').notNull(),
    sentenceEn: text('sentence_en').notNull(),
    sentenceNb: text('sentence_nb').notNull(),
    /** Where a scheduled follow-up moved the case (verifying, resolved, reopened); null when it did not. */
    caseStatus: text('case_status'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('followup_measurements_case_idx').on(t.caseId, t.asOf),
    uniqueIndex('followup_measurements_scheduled_key').on(t.caseId, t.offsetDays, t.asOf).where(sql`${t.kind} = 'scheduled'`),
    check('followup_measurements_kind_check', sql`${t.kind} in ('scheduled','manual')`),
    check('followup_measurements_offset_check', sql`(${t.kind} = 'scheduled') = (${t.offsetDays} IS NOT NULL)`),
    check('followup_measurements_verdict_check', sql`${t.verdict} in ('improved','no_change','worsened','insufficient_data')`),
  ],
);

/**
 * Phases of the customer journey (Netgain: need → search → agreement → use → end), ordered by
 * `position` and editable. A moment of truth is a phase the organisation has chosen as decisive.
 */
export const journeyPhases = pgTable(
  'journey_phases',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    position: integer('position').notNull(),
    momentOfTruth: boolean('moment_of_truth').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('journey_phases_key_key').on(t.key)],
);

/** Where the customer meets the organisation within a phase (a page, a form, a call). */
export const journeyTouchPoints = pgTable(
  'journey_touch_points',
  {
    id: serial('id').primaryKey(),
    phaseId: integer('phase_id')
      .notNull()
      .references(() => journeyPhases.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('journey_touch_points_key_key').on(t.key), index('journey_touch_points_phase_idx').on(t.phaseId, t.position)],
);

/**
 * A topic's own place in the journey. A topic without a row inherits its parent's (src/journey);
 * a phase with topics mapped to it cannot be deleted (no cascade), a deleted touch point only
 * leaves its topics at phase level.
 */
export const topicJourney = pgTable(
  'topic_journey',
  {
    topicId: integer('topic_id')
      .primaryKey()
      .references(() => topics.id),
    phaseId: integer('phase_id')
      .notNull()
      .references(() => journeyPhases.id),
    touchPointId: integer('touch_point_id').references(() => journeyTouchPoints.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('topic_journey_phase_idx').on(t.phaseId)],
);

/**
 * One survey answer: NPS (0–10) or CES on the scale it was asked on (1–5 or 1–7). No day column:
 * days are cut in TZ_NAME when read, so a changed time zone needs no rebuild. Idempotent on
 * (source, external_id), as inquiries are.
 */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    metric: text('metric').notNull(),
    scale: text('scale').notNull(),
    score: integer('score').notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull(),
    topicId: integer('topic_id').references(() => topics.id),
    marketId: integer('market_id').references(() => markets.id),
    phaseId: integer('phase_id').references(() => journeyPhases.id),
    comment: text('comment'),
    source: text('source').notNull(),
    externalId: text('external_id'),
    loggedByTokenId: integer('logged_by_token_id').references(() => apiTokens.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('survey_responses_source_external_id_key').on(t.source, t.externalId),
    index('survey_responses_answered_at_idx').on(t.answeredAt),
    index('survey_responses_topic_idx').on(t.topicId, t.answeredAt),
    index('survey_responses_phase_idx').on(t.phaseId),
    check(
      'survey_responses_score_check',
      sql`(${t.metric} = 'nps' and ${t.scale} = '0-10' and ${t.score} between 0 and 10)
        or (${t.metric} = 'ces' and ${t.scale} = '1-5' and ${t.score} between 1 and 5)
        or (${t.metric} = 'ces' and ${t.scale} = '1-7' and ${t.score} between 1 and 7)`,
    ),
    check('survey_responses_comment_length_check', sql`char_length(${t.comment}) <= 2000`),
  ],
);

/**
 * A help-desk feed (src/inquiries/connectors): a Zendesk account read by incremental export and
 * webhook, or a generic signed webhook. `config` names secrets only as environment variables.
 */
export const helpDeskConnectors = pgTable(
  'help_desk_connectors',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    config: jsonb('config').notNull(),
    /** Market of tickets no rule gives one; null: such tickets wait in the unmapped list. */
    defaultMarketId: integer('default_market_id').references(() => markets.id),
    active: boolean('active').notNull().default(true),
    /** Zendesk's after_cursor: the export continues here. Saved in the same transaction as its page's inquiries. */
    cursor: text('cursor'),
    /** Where the first export starts (Zendesk start_time), until there is a cursor. */
    startFrom: timestamp('start_from', { withTimezone: true }).notNull(),
    lastSyncAt: timestamp('last_sync_at', { withTimezone: true }),
    lastSyncError: text('last_sync_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('help_desk_connectors_name_key').on(t.name),
    check('help_desk_connectors_kind_check', sql`${t.kind} in ('zendesk','webhook')`),
  ],
);

/** Ordered rules from a ticket's field, tag, form or brand to a topic and/or a market. */
export const helpDeskRules = pgTable(
  'help_desk_rules',
  {
    id: serial('id').primaryKey(),
    connectorId: integer('connector_id')
      .notNull()
      .references(() => helpDeskConnectors.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** `tag`, `form`, `brand`, `custom_field:<id>` (Zendesk) or `topic`, `market` (generic hooks). */
    matchField: text('match_field').notNull(),
    matchValue: text('match_value').notNull(),
    topicId: integer('topic_id').references(() => topics.id),
    marketId: integer('market_id').references(() => markets.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('help_desk_rules_connector_idx').on(t.connectorId, t.position),
    check('help_desk_rules_target_check', sql`${t.topicId} IS NOT NULL OR ${t.marketId} IS NOT NULL`),
  ],
);

/**
 * Tickets no rule maps yet, with the values seen, for a person to map; never dropped. The ticket is
 * kept as the feed read it, so rules are re-applied without asking the help desk again.
 */
export const helpDeskUnmapped = pgTable(
  'help_desk_unmapped',
  {
    connectorId: integer('connector_id')
      .notNull()
      .references(() => helpDeskConnectors.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    ticket: jsonb('ticket').notNull(),
    reason: text('reason').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    timesSeen: integer('times_seen').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.connectorId, t.externalId] })],
);

/** Help-desk webhook deliveries already applied, so a replay does nothing twice. */
export const helpDeskWebhookDeliveries = pgTable(
  'help_desk_webhook_deliveries',
  {
    connectorId: integer('connector_id')
      .notNull()
      .references(() => helpDeskConnectors.id, { onDelete: 'cascade' }),
    deliveryId: text('delivery_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectorId, t.deliveryId] }), index('help_desk_webhook_deliveries_received_idx').on(t.receivedAt)],
);

/**
 * A short customer-facing "fixed" note for a resolved case (service marketing). Drafted from the
 * case, edited and approved by a person; only `published` notes reach agents, the digest, the
 * public feed and the help desk. One note per case.
 */
export const fixedNotes = pgTable(
  'fixed_notes',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    status: text('status').notNull().default('draft'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** The optional Bokmål text; both or neither. */
    titleNb: text('title_nb'),
    bodyNb: text('body_nb'),
    version: integer('version').notNull().default(1),
    draftedBy: text('drafted_by').notNull(),
    approvedBy: text('approved_by'),
    approvedByUserId: integer('approved_by_user_id').references(() => users.id),
    /** The latest approval; the feed's `updated`. */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** The first approval: a note re-published after a withdrawal is not news to the digest again. */
    firstPublishedAt: timestamp('first_published_at', { withTimezone: true }),
    withdrawnBy: text('withdrawn_by'),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnReason: text('withdrawn_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('fixed_notes_case_key').on(t.caseId),
    index('fixed_notes_published_idx').on(t.publishedAt).where(sql`${t.status} = 'published'`),
    check('fixed_notes_status_check', sql`${t.status} in ('draft','published','withdrawn')`),
    check('fixed_notes_nb_check', sql`(${t.titleNb} IS NULL) = (${t.bodyNb} IS NULL)`),
  ],
);

/**
 * Help-desk tickets behind a published note, to be tagged with an internal note: an outbox the
 * `fixes-helpdesk` job drains. The unique key makes a ticket tagged at most once per note.
 */
export const fixedNoteTickets = pgTable(
  'fixed_note_tickets',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    noteId: integer('note_id')
      .notNull()
      .references(() => fixedNotes.id, { onDelete: 'cascade' }),
    connectorId: integer('connector_id')
      .notNull()
      .references(() => helpDeskConnectors.id, { onDelete: 'cascade' }),
    ticketId: text('ticket_id').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('fixed_note_tickets_key').on(t.noteId, t.connectorId, t.ticketId),
    index('fixed_note_tickets_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    check('fixed_note_tickets_status_check', sql`${t.status} in ('pending','done','failed')`),
  ],
);
