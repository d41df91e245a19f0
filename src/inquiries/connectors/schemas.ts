import { z } from 'zod';
import { rowIdText } from '../../http/validation.ts';
import { taxonomyKey } from '../../taxonomy/schemas.ts';
import { CHANNELS } from '../schemas.ts';

/** A connector's name: its URL (`/api/v1/hooks/<name>`) and its inquiries' source (`zendesk:<name>`). */
export const connectorName = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1–40 characters of a–z, 0–9 and "-", starting with a letter or digit');

/** Secrets never sit in the database, only the names of the environment variables that hold them. */
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name such as ZENDESK_TOKEN');
const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).transform((url) => url.replace(/\/+$/, ''));

/** RFC 6901 JSON pointer into the posted payload, e.g. `/ticket/created_at`. */
export const jsonPointer = z
  .string()
  .regex(/^(\/([^~]|~[01])*)+$/, 'must be a JSON pointer such as /ticket/created_at (RFC 6901)');

const valueMap = <T extends z.ZodType>(target: T) => z.record(z.string().min(1).max(200), target).default({});

/** Where a generic webhook's payload keeps each inquiry field, and how its values become our keys. */
export const webhookMapping = z.strictObject({
  receivedAt: jsonPointer,
  topic: jsonPointer,
  externalId: jsonPointer,
  market: jsonPointer.optional(),
  note: jsonPointer.optional(),
  channel: jsonPointer.optional(),
  /** The tool's value → our topic key; a value not listed is used as a key as it is. */
  topicValues: valueMap(taxonomyKey),
  marketValues: valueMap(taxonomyKey),
  channelValues: valueMap(z.enum(CHANNELS, { message: `must be one of ${CHANNELS.join(', ')}` })),
});
export type WebhookMapping = z.infer<typeof webhookMapping>;

/** A Zendesk account: where it is, and which environment variables hold the credentials. */
export const zendeskSettings = z.strictObject({
  /** `https://<subdomain>.zendesk.com`; give this or `baseUrl`. */
  subdomain: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a Zendesk subdomain such as acme').optional(),
  baseUrl: httpUrl.optional(),
  /** The e-mail of the agent whose API token is used (Zendesk's `{email}/token` basic auth). */
  emailEnv: envName,
  tokenEnv: envName,
  /** The signing secret of the Zendesk webhook, and the one before a rotation. */
  webhookSecretEnv: envName.optional(),
  previousWebhookSecretEnv: envName.optional(),
  /** Tickets per export page (Zendesk allows up to 1000). */
  pageSize: z.number().int().min(1).max(1000).default(1000),
  /** Keep the ticket's subject as the inquiry's note (off where subjects carry personal data). */
  includeSubject: z.boolean().default(true),
});
export type ZendeskSettings = z.infer<typeof zendeskSettings> & { baseUrl: string };

export const genericSettings = z.strictObject({
  /** HMAC secret of `X-Pinchpoint-Signature`, and the one before a rotation. */
  secretEnv: envName,
  previousSecretEnv: envName.optional(),
  mapping: webhookMapping,
});
export type GenericSettings = z.infer<typeof genericSettings>;

export const CONNECTOR_KINDS = ['zendesk', 'webhook'] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];

/** What every connector has beside its kind's settings. */
const common = {
  /** Market of tickets no rule gives one; null: such tickets wait in the unmapped list. */
  defaultMarket: taxonomyKey.nullable().optional(),
  active: z.boolean({ message: 'must be true or false' }).optional(),
  /** Zendesk: where the first export starts (ISO 8601). Default: 90 days before the connector was made. */
  startFrom: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset' }).optional(),
};

export const createConnectorBody = z.looseObject({
  name: connectorName,
  kind: z.enum(CONNECTOR_KINDS, { message: 'must be zendesk or webhook' }),
  ...common,
});
export type CreateConnectorBody = z.infer<typeof createConnectorBody>;

export const updateConnectorBody = z.looseObject({
  ...common,
  /** Zendesk: forget the cursor and export again from `startFrom`, re-applying today's rules to every ticket. */
  resetCursor: z.literal(true, { message: 'must be true' }).optional(),
});
export type UpdateConnectorBody = z.infer<typeof updateConnectorBody>;

/** Fields outside a kind's settings; everything else in a body is a setting. */
export const COMMON_FIELDS = ['name', 'kind', 'defaultMarket', 'active', 'startFrom', 'resetCursor'];

/** What a rule may look at: Zendesk tags, form, brand or a custom field; a generic hook's raw topic or market. */
export const RULE_FIELDS: Record<ConnectorKind, RegExp> = {
  zendesk: /^(tag|form|brand|custom_field:\d{1,20})$/,
  webhook: /^(topic|market)$/,
};
export const RULE_FIELD_HELP: Record<ConnectorKind, string> = {
  zendesk: 'tag, form, brand or custom_field:<field id>',
  webhook: 'topic or market (the values the tool sent)',
};

const ruleTarget = {
  topic: taxonomyKey.nullable().optional(),
  market: taxonomyKey.nullable().optional(),
  /** 1-based place in the connector's order; default: last. */
  position: z.number().int().min(1, 'must be 1 or more').max(100_000).optional(),
};

export const ruleMatch = z.strictObject({
  field: z.string().trim().min(1, 'is required'),
  equals: z.string().trim().min(1, 'is required').max(500, 'at most 500 characters'),
});

export const createRuleBody = z.strictObject({ match: ruleMatch, ...ruleTarget });
export type CreateRuleBody = z.infer<typeof createRuleBody>;
export const updateRuleBody = z.strictObject({ match: ruleMatch.optional(), ...ruleTarget });
export type UpdateRuleBody = z.infer<typeof updateRuleBody>;

export const connectorParams = z.object({ name: connectorName });
export const ruleParams = z.object({ name: connectorName, ruleId: rowIdText() });

export const unmappedQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Paging: the last external id of the previous page. */
  after: z.string().max(200).optional(),
});
