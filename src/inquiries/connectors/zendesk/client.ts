import { z } from 'zod';
import { parseRetryAfter } from '../../../notify/backoff.ts';
import { zendeskTicket, type ZendeskTicket } from './ticket.ts';

export type ZendeskErrorKind = 'unauthorized' | 'rate_limited' | 'unavailable' | 'invalid';

/** A Zendesk request that did not give what was asked; `kind` says whether waiting can help. */
export class ZendeskError extends Error {
  constructor(
    readonly kind: ZendeskErrorKind,
    message: string,
    readonly status?: number,
    /** How long Zendesk asked to wait (a 429's Retry-After), when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ZendeskError';
  }
}

/** https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-cursor-based */
const exportPageSchema = z.looseObject({
  tickets: z.array(z.unknown()),
  after_cursor: z.string().nullish(),
  end_of_stream: z.boolean(),
});

export interface ExportPage {
  tickets: ZendeskTicket[];
  afterCursor: string | null;
  endOfStream: boolean;
}

export type ExportPosition = { cursor: string } | { startTime: Date };

export interface ZendeskClientOptions {
  baseUrl: string;
  email: string;
  apiToken: string;
  timeoutMs: number;
  now: () => Date;
  /** Longest Retry-After honoured within one run; a longer one ends the run (the next one retries). */
  longestWaitMs: number;
  /** Rate-limited answers waited out per request before giving up. */
  rateLimitWaits: number;
  sleep?: (ms: number) => Promise<void>;
}

/** The two Zendesk endpoints the feed needs, over fetch with Zendesk's API-token basic auth. */
export class ZendeskClient {
  private readonly authorization: string;

  constructor(private readonly options: ZendeskClientOptions) {
    // https://developer.zendesk.com/api-reference/introduction/security-and-auth/#api-token
    this.authorization = `Basic ${Buffer.from(`${options.email}/token:${options.apiToken}`).toString('base64')}`;
  }

  /** One page of the cursor-based incremental ticket export: from a start time, or after a cursor. */
  async exportPage(position: ExportPosition, perPage: number): Promise<ExportPage> {
    const query = new URLSearchParams({ per_page: String(perPage) });
    if ('cursor' in position) query.set('cursor', position.cursor);
    else query.set('start_time', String(Math.floor(position.startTime.getTime() / 1000)));
    const body = exportPageSchema.safeParse(await this.get(`/api/v2/incremental/tickets/cursor.json?${query}`));
    if (!body.success) throw new ZendeskError('invalid', 'Zendesk export page is not in the published shape');
    return { tickets: body.data.tickets.map(parseTicket), afterCursor: body.data.after_cursor ?? null, endOfStream: body.data.end_of_stream };
  }

  /** One ticket (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-ticket); undefined when it is gone. */
  async showTicket(id: string): Promise<ZendeskTicket | undefined> {
    const body = await this.get(`/api/v2/tickets/${encodeURIComponent(id)}.json`, { notFoundIsEmpty: true });
    if (body === undefined) return undefined;
    return parseTicket((body as { ticket?: unknown }).ticket);
  }

  /**
   * Adds tags (keeping the ticket's others) and one comment to a ticket; `public: false` makes the
   * comment an internal note agents see and the customer never gets.
   * https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket
   * A rate limit or outage is thrown at once (the caller's outbox waits and retries, so one run never sleeps on it).
   */
  async updateTicket(id: string, update: { addTags: string[]; comment: { body: string; public: boolean } }): Promise<void> {
    const path = `/api/v2/tickets/${encodeURIComponent(id)}.json`;
    const body = JSON.stringify({ ticket: { additional_tags: update.addTags, comment: { body: update.comment.body, public: update.comment.public } } });
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl}${path}`, {
        method: 'PUT',
        headers: { authorization: this.authorization, accept: 'application/json', 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new ZendeskError('unavailable', `Zendesk could not be reached (${reason})`);
    }
    await response.body?.cancel();
    if (response.ok) return;
    if (response.status === 429) {
      const waitMs = parseRetryAfter(response.headers.get('retry-after'), this.options.now()) ?? 60_000;
      throw new ZendeskError('rate_limited', `Zendesk rate limit: retry after ${Math.ceil(waitMs / 1000)} s`, 429, waitMs);
    }
    const kind = response.status === 401 || response.status === 403 ? 'unauthorized' : response.status >= 500 ? 'unavailable' : 'invalid';
    throw new ZendeskError(kind, `Zendesk answered ${response.status} to PUT /api/v2/tickets/${id}.json`, response.status);
  }

  private async get(path: string, options: { notFoundIsEmpty?: boolean } = {}): Promise<unknown> {
    for (let waits = 0; ; waits++) {
      const response = await this.fetch(path);
      if (response.status === 429) {
        const waitMs = parseRetryAfter(response.headers.get('retry-after'), this.options.now()) ?? 60_000;
        await response.body?.cancel();
        if (waits >= this.options.rateLimitWaits || waitMs > this.options.longestWaitMs) {
          throw new ZendeskError('rate_limited', `Zendesk rate limit: retry after ${Math.ceil(waitMs / 1000)} s`, 429);
        }
        await (this.options.sleep ?? sleep)(waitMs);
        continue;
      }
      if (response.status === 404 && options.notFoundIsEmpty) {
        await response.body?.cancel();
        return undefined;
      }
      if (!response.ok) {
        await response.body?.cancel();
        const kind = response.status === 401 || response.status === 403 ? 'unauthorized' : response.status >= 500 ? 'unavailable' : 'invalid';
        throw new ZendeskError(kind, `Zendesk answered ${response.status} to GET ${path.split('?')[0]}`, response.status);
      }
      try {
        return await response.json();
      } catch {
        // A body cut off by a reset connection is as good as no answer: nothing of it is used.
        throw new ZendeskError('unavailable', `Zendesk's answer to GET ${path.split('?')[0]} was cut off or is not JSON`, response.status);
      }
    }
  }

  private async fetch(path: string): Promise<Response> {
    try {
      return await fetch(`${this.options.baseUrl}${path}`, {
        headers: { authorization: this.authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new ZendeskError('unavailable', `Zendesk could not be reached (${reason})`);
    }
  }
}

function parseTicket(raw: unknown): ZendeskTicket {
  const parsed = zendeskTicket.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'ticket'}: ${issue.message}`).join('; ');
    throw new ZendeskError('invalid', `Zendesk ticket is not in the published shape (${where})`);
  }
  return parsed.data;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
