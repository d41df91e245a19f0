import type { AppContext } from '../../../context.ts';
import { withTransaction } from '../../../db/transaction.ts';
import { applyTickets, type ApplyResult } from '../apply.ts';
import * as repo from '../repo.ts';
import { sourceOf, zendeskClientFor, zendeskSettingsOf } from '../settings.ts';
import type { ExportPosition } from './client.ts';
import { feedTicketOf } from './ticket.ts';

export interface SyncRun {
  connector: string;
  pages: number;
  tickets: number;
  created: number;
  updated: number;
  unchanged: number;
  unmapped: number;
  removed: number;
  /** True when the export reached the present. */
  caughtUp: boolean;
  /** Why the run stopped early; the next run continues from the last stored page. */
  error?: string;
}

/** Zendesk refuses a start time within the last minute (its export leaves the newest minute out). */
const NEWEST_MINUTE_MS = 60_000;
/** A run never loops for ever, even if an export kept answering with pages. */
const MOST_PAGES_PER_RUN = 1_000;

class CursorMoved extends Error {}

/**
 * Reads a Zendesk connector's export from its stored cursor to the present. Each page is stored in
 * one transaction together with the cursor after it, so a crash or a failed page loses nothing and
 * stores nothing twice: the next run asks again from the last stored cursor.
 */
export async function syncZendesk(ctx: AppContext, connector: repo.ConnectorRow, asOf: Date): Promise<SyncRun> {
  const run: SyncRun = { connector: connector.name, pages: 0, tickets: 0, created: 0, updated: 0, unchanged: 0, unmapped: 0, removed: 0, caughtUp: false };
  const log = ctx.log.child({ module: 'connectors', connector: connector.name });
  try {
    const settings = zendeskSettingsOf(connector);
    const client = zendeskClientFor(ctx, connector);
    let cursor = connector.cursor;
    while (run.pages < MOST_PAGES_PER_RUN) {
      const position: ExportPosition = cursor ? { cursor } : { startTime: new Date(Math.min(connector.startFrom.getTime(), asOf.getTime() - NEWEST_MINUTE_MS)) };
      const page = await client.exportPage(position, settings.pageSize);
      const tickets = page.tickets.map((ticket) => feedTicketOf(ticket, settings));
      const expected = cursor;
      const stored = await withTransaction(ctx.pool, async (tx) => {
        const locked = await repo.lockCursor(tx, connector.id);
        if (!locked || locked.cursor !== expected) throw new CursorMoved();
        const feed = { connectorId: connector.id, source: sourceOf(connector), rules: await repo.listRules(tx, connector.id), defaultMarket: connector.defaultMarket };
        const applied = await applyTickets(tx, feed, tickets, { asOf, timeZone: ctx.config.TZ_NAME, seen: true, keepRejected: true });
        if (page.afterCursor) await repo.saveCursor(tx, connector.id, page.afterCursor, asOf);
        else await repo.recordSyncOutcome(tx, connector.id, { at: asOf, error: null });
        return applied;
      });
      add(run, stored, tickets.length);
      cursor = page.afterCursor ?? cursor;
      if (page.endOfStream || page.tickets.length === 0) {
        run.caughtUp = true;
        break;
      }
    }
  } catch (error) {
    run.error = error instanceof CursorMoved ? 'another sync of this connector stored pages meanwhile; this run stopped' : (error as Error).message;
    await repo.recordSyncOutcome(ctx.pool, connector.id, { at: asOf, error: run.error });
    log.warn({ ...run }, 'zendesk sync stopped early');
    return run;
  }
  log.info({ ...run }, 'zendesk sync');
  return run;
}

function add(run: SyncRun, applied: ApplyResult, tickets: number): void {
  run.pages += 1;
  run.tickets += tickets;
  run.created += applied.created;
  run.updated += applied.updated;
  run.unchanged += applied.unchanged;
  run.unmapped += applied.unmapped;
  run.removed += applied.removed;
}
