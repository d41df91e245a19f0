import type { AppContext } from '../../../context.ts';
import { withTransaction } from '../../../db/transaction.ts';
import { AppError } from '../../../http/errors.ts';
import { applyTickets, type ApplyResult } from '../apply.ts';
import { bodyHash, headerOf, jsonBodyOf, type HookDelivery } from '../delivery.ts';
import type { FeedTicket } from '../feedTicket.ts';
import * as repo from '../repo.ts';
import { signingSecrets, secretSource } from '../secrets.ts';
import { sourceOf, zendeskClientFor, zendeskSettingsOf } from '../settings.ts';
import { verifyZendeskSignature } from '../signatures.ts';
import { ZendeskError } from './client.ts';
import { feedTicketOf } from './ticket.ts';

/** A signature older (or newer) than this is refused, so a captured delivery cannot be replayed later. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

export type ZendeskHookResult =
  | { outcome: 'applied'; ticket: string; result: ApplyResult }
  | { outcome: 'duplicate'; ticket: string }
  /** Zendesk could not be asked for the ticket now; the next export brings it. */
  | { outcome: 'deferred'; ticket: string; reason: string };

/**
 * A ticket event from a Zendesk webhook: the signature and its timestamp are checked, the ticket is
 * read from Zendesk (the event carries no custom fields) and applied like an exported one. Each
 * event is applied once, recorded with the inquiry in one transaction.
 */
export async function receiveZendeskHook(ctx: AppContext, connector: repo.ConnectorRow, delivery: HookDelivery): Promise<ZendeskHookResult> {
  const settings = zendeskSettingsOf(connector);
  const secrets = signingSecrets(secretSource(), { current: settings.webhookSecretEnv, previous: settings.previousWebhookSecretEnv }, connector.name);
  if (secrets.length === 0) throw new AppError('UNAUTHENTICATED', `Connector "${connector.name}" has no webhook secret; it accepts no webhooks`);
  const timestamp = headerOf(delivery, 'x-zendesk-webhook-signature-timestamp');
  if (!verifyZendeskSignature(delivery.rawBody, headerOf(delivery, 'x-zendesk-webhook-signature'), timestamp, secrets)) {
    throw new AppError('UNAUTHENTICATED', 'X-Zendesk-Webhook-Signature does not match the body and timestamp');
  }
  const asOf = ctx.now();
  const signedAt = Date.parse(timestamp ?? '');
  if (Number.isNaN(signedAt) || Math.abs(asOf.getTime() - signedAt) > SIGNATURE_TOLERANCE_MS) {
    throw new AppError('UNAUTHENTICATED', `X-Zendesk-Webhook-Signature-Timestamp ${timestamp} is more than 5 minutes from now: a stale or replayed delivery`);
  }
  const payload = jsonBodyOf(delivery);
  const ticketId = ticketIdOf(payload);
  if (!ticketId) throw new AppError('UNPROCESSABLE', 'body: names no ticket (detail.id, subject "zen:ticket:<id>" or ticket_id)');
  const deliveryId = deliveryIdOf(payload) ?? headerOf(delivery, 'x-zendesk-webhook-invocation-id') ?? bodyHash(delivery);
  if (await repo.deliveryExists(ctx.pool, connector.id, deliveryId)) return { outcome: 'duplicate', ticket: ticketId };

  let ticket: FeedTicket;
  try {
    const found = await zendeskClientFor(ctx, connector, { longestWaitMs: 0 }).showTicket(ticketId);
    ticket = found ? feedTicketOf(found, settings) : { externalId: ticketId, receivedAt: '', facts: {}, deleted: true };
  } catch (error) {
    if (error instanceof ZendeskError) return { outcome: 'deferred', ticket: ticketId, reason: error.message };
    throw error;
  }
  return withTransaction(ctx.pool, async (tx) => {
    if (!(await repo.recordDelivery(tx, connector.id, deliveryId, asOf))) return { outcome: 'duplicate' as const, ticket: ticketId };
    const feed = { connectorId: connector.id, source: sourceOf(connector), rules: await repo.listRules(tx, connector.id), defaultMarket: connector.defaultMarket };
    const result = await applyTickets(tx, feed, [ticket], { asOf, timeZone: ctx.config.TZ_NAME, seen: true, keepRejected: true });
    return { outcome: 'applied' as const, ticket: ticketId, result };
  });
}

/**
 * The ticket an event is about: event subscriptions carry `detail.id` and `subject: "zen:ticket:<id>"`
 * (https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/); a trigger's
 * webhook carries whatever JSON its author wrote, so `ticket_id` or `ticket.id` are read too.
 */
function ticketIdOf(payload: unknown): string | undefined {
  const body = (payload ?? {}) as { detail?: { id?: unknown }; subject?: unknown; ticket_id?: unknown; ticket?: { id?: unknown } };
  const fromSubject = typeof body.subject === 'string' ? /^zen:ticket:(\d+)$/.exec(body.subject)?.[1] : undefined;
  for (const candidate of [body.detail?.id, fromSubject, body.ticket_id, body.ticket?.id]) {
    if ((typeof candidate === 'string' || typeof candidate === 'number') && /^\d{1,20}$/.test(String(candidate))) return String(candidate);
  }
  return undefined;
}

function deliveryIdOf(payload: unknown): string | undefined {
  const id = (payload as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : undefined;
}
