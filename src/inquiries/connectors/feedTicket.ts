/**
 * One ticket as a feed read it, whatever the help desk: enough to make its inquiry, and the values
 * rules look at (`facts`: field → values, e.g. `tag` → ["billing", "vip"]). It is what the unmapped
 * list keeps, so rules can be re-applied without asking the help desk again.
 */
export interface FeedTicket {
  externalId: string;
  /** When the customer asked (Zendesk: the ticket's created_at), as the tool wrote it. */
  receivedAt: string;
  channel?: string | undefined;
  note?: string | undefined;
  facts: Record<string, string[]>;
  /** The help desk deleted the ticket (spam, a mistake): it is no longer an inquiry. */
  deleted?: boolean | undefined;
}

/** Keeps the last version of each ticket: a page or batch may carry one ticket more than once. */
export function latestPerTicket(tickets: FeedTicket[]): FeedTicket[] {
  const byId = new Map<string, FeedTicket>();
  for (const ticket of tickets) {
    byId.delete(ticket.externalId);
    byId.set(ticket.externalId, ticket);
  }
  return [...byId.values()];
}

/** PostgreSQL text and jsonb cannot hold U+0000; a ticket carrying one must not block its whole page. */
export function storableText(text: string): string {
  return text.replaceAll('\u0000', '');
}
