import type { AppContext } from '../../../context.ts';
import { withTransaction } from '../../../db/transaction.ts';
import { AppError } from '../../../http/errors.ts';
import { applyTickets } from '../apply.ts';
import { headerOf, jsonBodyOf, type HookDelivery } from '../delivery.ts';
import type { FeedTicket } from '../feedTicket.ts';
import type * as repo from '../repo.ts';
import { listRules } from '../repo.ts';
import { secretSource, signingSecrets } from '../secrets.ts';
import { genericSettingsOf, sourceOf } from '../settings.ts';
import { verifyHexSignature } from '../signatures.ts';
import { extractItem } from './extract.ts';

export const MAX_HOOK_ITEMS = 1_000;

export interface GenericHookResult {
  created: number;
  updated: number;
  /** Items already stored as they are (a replay or a retry). */
  duplicates: number;
  unmapped: number;
  rejected: Array<{ index: number; errors: string[] }>;
}

/**
 * One delivery to a generic webhook: one JSON object or a list of them, signed with
 * `X-Pinchpoint-Signature: sha256=<hex>`. Good items are stored even when others are refused
 * (as the inquiries API does); a single item that is refused stores nothing and answers 422.
 */
export async function receiveGenericHook(ctx: AppContext, connector: repo.ConnectorRow, delivery: HookDelivery): Promise<GenericHookResult> {
  const settings = genericSettingsOf(connector);
  const secrets = signingSecrets(secretSource(), { current: settings.secretEnv, previous: settings.previousSecretEnv }, connector.name);
  if (!verifyHexSignature(delivery.rawBody, headerOf(delivery, 'x-pinchpoint-signature'), secrets)) {
    throw new AppError('UNAUTHENTICATED', 'X-Pinchpoint-Signature does not match the body (expected sha256=<hex HMAC-SHA256 of the body>)');
  }
  const payload = jsonBodyOf(delivery);
  const items = Array.isArray(payload) ? payload : [payload];
  if (items.length === 0) throw new AppError('UNPROCESSABLE', 'body: an empty list has nothing to store');
  if (items.length > MAX_HOOK_ITEMS) throw new AppError('PAYLOAD_TOO_LARGE', `body: at most ${MAX_HOOK_ITEMS} items per delivery`);

  const rejected: GenericHookResult['rejected'] = [];
  const tickets: Array<{ index: number; ticket: FeedTicket }> = [];
  items.forEach((item, index) => {
    const extracted = extractItem(item, settings.mapping);
    if (extracted.ok) tickets.push({ index, ticket: extracted.ticket });
    else rejected.push({ index, errors: extracted.errors });
  });
  const asOf = ctx.now();
  const result = await withTransaction(ctx.pool, async (tx) => {
    const feed = {
      connectorId: connector.id,
      source: sourceOf(connector),
      rules: await listRules(tx, connector.id),
      defaultMarket: connector.defaultMarket,
      valueMaps: settings.mapping,
    };
    const applied = await applyTickets(tx, feed, tickets.map((t) => t.ticket), { asOf, timeZone: ctx.config.TZ_NAME, seen: true, keepRejected: false });
    for (const refused of applied.rejected) {
      for (const t of tickets) if (t.ticket.externalId === refused.externalId) rejected.push({ index: t.index, errors: refused.errors });
    }
    const outcome = { created: applied.created, updated: applied.updated, duplicates: applied.unchanged, unmapped: applied.unmapped, rejected: rejected.sort((a, b) => a.index - b.index) };
    if (!Array.isArray(payload) && rejected.length > 0) {
      // Rolls the transaction back: a refused single item leaves nothing behind.
      throw new AppError('UNPROCESSABLE', `Invalid item: ${rejected[0]!.errors.join('; ')}`, rejected[0]!.errors);
    }
    return outcome;
  });
  if (result.rejected.length === items.length) {
    throw new AppError('UNPROCESSABLE', 'No item could be stored', result.rejected);
  }
  return result;
}
