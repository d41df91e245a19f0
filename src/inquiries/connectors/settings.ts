import type { AppContext } from '../../context.ts';
import type { ConnectorRow } from './repo.ts';
import { genericSettings, zendeskSettings, type GenericSettings, type ZendeskSettings } from './schemas.ts';
import { ConnectorConfigError, requireSecret, secretSource } from './secrets.ts';
import { ZendeskClient } from './zendesk/client.ts';

type Connector = Pick<ConnectorRow, 'name' | 'kind' | 'config'>;

/** A stored Zendesk connector's settings, parsed again (a later schema may read them differently). */
export function zendeskSettingsOf(connector: Connector): ZendeskSettings {
  if (connector.kind !== 'zendesk') throw new ConnectorConfigError(`connector "${connector.name}" is not a Zendesk connector`);
  const parsed = zendeskSettings.safeParse(connector.config);
  if (!parsed.success) throw new ConnectorConfigError(`connector "${connector.name}": stored settings are invalid (${parsed.error.issues[0]?.message})`);
  const baseUrl = parsed.data.baseUrl ?? (parsed.data.subdomain ? `https://${parsed.data.subdomain}.zendesk.com` : undefined);
  if (!baseUrl) throw new ConnectorConfigError(`connector "${connector.name}": needs a subdomain or a baseUrl`);
  return { ...parsed.data, baseUrl };
}

export function genericSettingsOf(connector: Connector): GenericSettings {
  if (connector.kind !== 'webhook') throw new ConnectorConfigError(`connector "${connector.name}" is not a generic webhook`);
  const parsed = genericSettings.safeParse(connector.config);
  if (!parsed.success) throw new ConnectorConfigError(`connector "${connector.name}": stored settings are invalid (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

const REQUEST_TIMEOUT_MS = 30_000;

/** A client for one connector's Zendesk account; a missing credential is a ConnectorConfigError naming it. */
export function zendeskClientFor(ctx: Pick<AppContext, 'now'>, connector: Connector, options: { longestWaitMs?: number } = {}): ZendeskClient {
  const settings = zendeskSettingsOf(connector);
  const env = secretSource();
  return new ZendeskClient({
    baseUrl: settings.baseUrl,
    email: requireSecret(env, settings.emailEnv, connector.name),
    apiToken: requireSecret(env, settings.tokenEnv, connector.name),
    timeoutMs: REQUEST_TIMEOUT_MS,
    now: ctx.now,
    // Zendesk allows 10 export requests a minute; its Retry-After is at most about a minute.
    longestWaitMs: options.longestWaitMs ?? 90_000,
    rateLimitWaits: 3,
  });
}

/** The source a connector's inquiries carry, unique per connector. */
export function sourceOf(connector: Pick<ConnectorRow, 'name' | 'kind'>): string {
  return `${connector.kind}:${connector.name}`;
}
