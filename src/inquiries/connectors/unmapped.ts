import type { Db } from '../../db/database.ts';
import { mustGetConnector } from './connectors.ts';
import * as repo from './repo.ts';

export interface UnmappedReport {
  connector: string;
  /** Tickets waiting for a rule: counted, never dropped. */
  total: number;
  byReason: Array<{ reason: string; tickets: number }>;
  /** The values waiting tickets carry, most frequent first: what rules are written for. */
  values: repo.UnmappedValueCount[];
  tickets: Array<Omit<repo.UnmappedView, 'ticket'> & { facts: Record<string, string[]>; note: string | null }>;
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: string | null;
}

const MOST_VALUES = 100;

export async function unmappedReport(db: Db, connectorName: string, page: { limit: number; after?: string | undefined }): Promise<UnmappedReport> {
  const connector = await mustGetConnector(db, connectorName);
  const rows = await repo.listUnmapped(db, connector.id, page);
  return {
    connector: connector.name,
    total: connector.unmappedCount,
    byReason: await repo.countUnmappedByReason(db, connector.id),
    values: await repo.countUnmappedValues(db, connector.id, MOST_VALUES),
    tickets: rows.map(({ ticket, ...row }) => ({ ...row, facts: ticket.facts, note: ticket.note ?? null })),
    nextAfter: rows.length === page.limit ? rows.at(-1)!.externalId : null,
  };
}
