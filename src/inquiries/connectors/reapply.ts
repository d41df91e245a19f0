import type { AppContext } from '../../context.ts';
import { withTransaction } from '../../db/transaction.ts';
import { applyTickets } from './apply.ts';
import * as repo from './repo.ts';
import { genericSettingsOf, sourceOf } from './settings.ts';

export interface Reapplied {
  /** Unmapped tickets that became inquiries. */
  mapped: number;
  /** Tickets still waiting for a rule. */
  remaining: number;
}

const CHUNK = 500;

/**
 * Applies the connector's current rules, value maps and default market to its unmapped tickets, as
 * stored (the help desk is not asked again). Each chunk is one transaction.
 */
export async function reapplyRules(ctx: AppContext, connector: repo.ConnectorRow, asOf: Date): Promise<Reapplied> {
  const valueMaps = connector.kind === 'webhook' ? genericSettingsOf(connector).mapping : undefined;
  let mapped = 0;
  let after: string | undefined;
  for (;;) {
    const page = await repo.listUnmapped(ctx.pool, connector.id, { limit: CHUNK, after });
    if (page.length === 0) break;
    const applied = await withTransaction(ctx.pool, async (tx) => {
      const feed = { connectorId: connector.id, source: sourceOf(connector), rules: await repo.listRules(tx, connector.id), defaultMarket: connector.defaultMarket, valueMaps };
      return applyTickets(tx, feed, page.map((row) => row.ticket), { asOf, timeZone: ctx.config.TZ_NAME, seen: false, keepRejected: true });
    });
    mapped += applied.created + applied.updated + applied.unchanged;
    after = page.at(-1)!.externalId;
  }
  const remaining = (await repo.getConnectorById(ctx.pool, connector.id))?.unmappedCount ?? 0;
  return { mapped, remaining };
}
