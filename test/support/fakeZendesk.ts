/**
 * A small Zendesk Support on 127.0.0.1 for tests: the two endpoints the help-desk connector reads,
 * answering in Zendesk's published shapes, with failure injection and signed webhooks.
 *
 * Endpoints:
 *   GET /api/v2/incremental/tickets/cursor.json?start_time=… | cursor=…  (per_page ≤ 1000)
 *     https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-cursor-based
 *     https://developer.zendesk.com/documentation/ticketing/managing-tickets/using-the-incremental-export-api/
 *     (start_time required on the first request and at least a minute old; then `cursor` from
 *     `after_cursor`; `end_of_stream` true once the present is reached; deleted tickets appear with
 *     status "deleted"; a ticket appears once, at its latest change)
 *   GET /api/v2/tickets/{id}.json
 *     https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-ticket
 *   PUT /api/v2/tickets/{id}.json  { ticket: { additional_tags: [...], comment: { body, public } } }
 *     https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket
 *     (additional_tags adds to the ticket's tags without removing others; a comment with
 *     `public: false` is an internal note; recorded in `updates`)
 * Ticket JSON: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#json-format
 * Auth (API token, `{email}/token:{token}` basic): https://developer.zendesk.com/api-reference/introduction/security-and-auth/
 * Rate limits (429 with Retry-After): https://developer.zendesk.com/api-reference/introduction/rate-limits/
 * Webhooks:
 *   headers   https://developer.zendesk.com/documentation/webhooks/anatomy-of-a-webhook-request/
 *   signature https://developer.zendesk.com/documentation/webhooks/verifying/ (base64 HMAC-SHA256 of timestamp + body)
 *   payload   https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/
 * A request outside this list answers 404 and is recorded in `violations`, which tests assert empty.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTicketInput {
  subject?: string;
  tags?: string[];
  customFields?: Record<number, string | string[] | boolean | number | null>;
  formId?: number | null;
  brandId?: number | null;
  channel?: string;
  createdAt?: string;
}

interface StoredTicket {
  ticket: Record<string, unknown>;
  /** Position in the change stream: a change moves a ticket to the end. */
  seq: number;
}

export interface InjectedFailure {
  endpoint: 'export' | 'show' | 'update';
  /** For `update`: the change is made, and only the answer fails (a lost answer). */
  applyFirst?: boolean;
  /** Matching requests to let through before this failure hits. */
  after?: number;
  status?: number;
  headers?: Record<string, string>;
  /** `connection`: the socket is destroyed before any answer; `midBody`: after half the body. */
  reset?: 'connection' | 'midBody';
}

/** A ticket update the fake applied, as the client sent it. */
export interface RecordedUpdate {
  ticketId: number;
  addTags: string[];
  comment: { body: string; public: boolean } | null;
}

export interface RecordedRequest {
  path: string;
  query: URLSearchParams;
  status: number;
}

const ACCOUNT_ID = 9_242_270;

export class FakeZendesk {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  readonly updates: RecordedUpdate[] = [];
  private readonly tickets = new Map<number, StoredTicket>();
  private failures: InjectedFailure[] = [];
  private seq = 0;
  private nextId = 35_436;
  private now = new Date('2026-11-23T12:00:00Z');
  private readonly server = createServer((req, res) => void this.handle(req, res));
  url = '';

  constructor(readonly credentials = { email: 'sync@finn.example', token: 'zd-api-token' }) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  setNow(instant: string): void {
    this.now = new Date(instant);
  }

  fail(failure: InjectedFailure): void {
    this.failures.push({ ...failure });
  }

  createTicket(input: FakeTicketInput = {}): number {
    const id = this.nextId++;
    const createdAt = input.createdAt ?? stamp(this.now);
    this.tickets.set(id, { seq: ++this.seq, ticket: ticketJson(id, createdAt, stamp(this.now), input) });
    return id;
  }

  /** Changes a ticket as an agent would; it moves to the end of the export stream. */
  updateTicket(id: number, change: FakeTicketInput): void {
    const stored = this.mustGet(id);
    const ticket = ticketJson(id, String(stored.ticket.created_at), stamp(this.now), { ...inputOf(stored.ticket), ...change });
    this.tickets.set(id, { seq: ++this.seq, ticket });
  }

  /** Deletes a ticket: the export reports it with status "deleted"; show answers 404. */
  deleteTicket(id: number): void {
    const stored = this.mustGet(id);
    this.tickets.set(id, { seq: ++this.seq, ticket: { ...stored.ticket, status: 'deleted', updated_at: stamp(this.now) } });
  }

  /**
   * A signed ticket event as Zendesk's webhook sends it (an event subscription payload).
   * `signedAt` defaults to the fake's clock.
   */
  signedEvent(id: number, secret: string, options: { type?: string; signedAt?: string; eventId?: string } = {}): { body: string; headers: Record<string, string> } {
    const ticket = this.mustGet(id).ticket;
    const payload = {
      account_id: ACCOUNT_ID,
      detail: {
        actor_id: '8447388090494',
        assignee_id: null,
        brand_id: ticket.brand_id === null ? null : String(ticket.brand_id),
        created_at: ticket.created_at,
        custom_status: '8447320465790',
        description: ticket.description,
        external_id: null,
        form_id: ticket.ticket_form_id === null ? null : String(ticket.ticket_form_id),
        group_id: '8447320466430',
        id: String(id),
        is_public: true,
        organization_id: null,
        priority: 'LOW',
        requester_id: '8447388090494',
        status: String(ticket.status).toUpperCase(),
        subject: ticket.subject,
        submitter_id: '8447388090494',
        tags: ticket.tags,
        type: 'TASK',
        updated_at: ticket.updated_at,
        via: { channel: 'web_service' },
      },
      event: {},
      id: options.eventId ?? randomUUID(),
      subject: `zen:ticket:${id}`,
      time: `${stamp(this.now).slice(0, -1)}.672717030Z`,
      type: options.type ?? 'zen:event-type:ticket.custom_field_changed',
      zendesk_event_version: '2022-11-06',
    };
    const body = JSON.stringify(payload);
    const timestamp = options.signedAt ?? stamp(this.now);
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'x-zendesk-account-id': String(ACCOUNT_ID),
        'x-zendesk-webhook-id': '01F1KRFQ6BG29CNWFR60NK5FNY',
        'x-zendesk-webhook-invocation-id': String(8_350_205_582 + this.seq),
        'x-zendesk-webhook-signature': createHmac('sha256', secret).update(timestamp + body).digest('base64'),
        'x-zendesk-webhook-signature-timestamp': timestamp,
      },
    };
  }

  /** How many export requests were answered with this status. */
  exportRequests(status?: number): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith('/api/v2/incremental/') && (status === undefined || r.status === status));
  }

  private mustGet(id: number): StoredTicket {
    const stored = this.tickets.get(id);
    if (!stored) throw new Error(`fake Zendesk: no ticket ${id}`);
    return stored;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ path: url.pathname, query: url.searchParams, status });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    const expected = `Basic ${Buffer.from(`${this.credentials.email}/token:${this.credentials.token}`).toString('base64')}`;
    if (req.method === 'PUT' && /^\/api\/v2\/tickets\/\d+\.json$/.test(url.pathname)) {
      if (req.headers.authorization !== expected) return answer(401, { error: "Couldn't authenticate you" });
      return this.handleUpdate(req, url, answer);
    }
    if (req.method !== 'GET') {
      this.violations.push(`${req.method} ${url.pathname}: the connector only reads`);
      return answer(404, { error: 'InvalidEndpoint' });
    }
    if (req.headers.authorization !== expected) return answer(401, { error: "Couldn't authenticate you" });
    const endpoint = url.pathname === '/api/v2/incremental/tickets/cursor.json' ? 'export' : /^\/api\/v2\/tickets\/\d+\.json$/.test(url.pathname) ? 'show' : undefined;
    if (!endpoint) {
      this.violations.push(`GET ${url.pathname}: not an endpoint the connector should use`);
      return answer(404, { error: 'InvalidEndpoint', description: 'Not found' });
    }
    const body = endpoint === 'export' ? this.exportPage(url.searchParams) : this.showTicket(url.pathname);
    const failure = this.takeFailure(endpoint);
    if (failure?.reset === 'connection') {
      this.requests.push({ path: url.pathname, query: url.searchParams, status: 0 });
      req.socket.destroy();
      return;
    }
    if (failure?.reset === 'midBody') {
      this.requests.push({ path: url.pathname, query: url.searchParams, status: 200 });
      const text = JSON.stringify(body.json);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
      res.write(text.slice(0, Math.floor(text.length / 2)), () => res.destroy());
      return;
    }
    if (failure) return answer(failure.status ?? 500, failure.status === 429 ? { error: 'APIRateLimitExceeded' } : { error: 'InternalServerError' }, failure.headers);
    answer(body.status, body.json);
  }

  /** The tag-and-note update; anything but the published body shape is a violation and a 400. */
  private async handleUpdate(req: IncomingMessage, url: URL, answer: (status: number, body: unknown, headers?: Record<string, string>) => void): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const id = Number(/(\d+)\.json$/.exec(url.pathname)![1]);
    let parsed: { ticket?: { additional_tags?: unknown; comment?: { body?: unknown; public?: unknown } } };
    try {
      parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      this.violations.push(`PUT ${url.pathname}: body is not JSON`);
      return answer(400, { error: 'InvalidValue' });
    }
    const ticket = parsed.ticket;
    const tags = ticket?.additional_tags;
    const comment = ticket?.comment;
    if (!ticket || (tags !== undefined && (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string'))) ||
        (comment !== undefined && (typeof comment.body !== 'string' || typeof comment.public !== 'boolean'))) {
      this.violations.push(`PUT ${url.pathname}: body is not { ticket: { additional_tags?: string[], comment?: { body, public } } }`);
      return answer(400, { error: 'InvalidValue' });
    }
    const stored = this.tickets.get(id);
    if (!stored || stored.ticket.status === 'deleted') return answer(404, { error: 'RecordNotFound', description: 'Not found' });
    const failure = this.takeFailure('update');
    if (failure && !failure.applyFirst) return answer(failure.status ?? 500, failure.status === 429 ? { error: 'APIRateLimitExceeded' } : { error: 'InternalServerError' }, failure.headers);
    const addTags = (tags as string[] | undefined) ?? [];
    this.updateTicket(id, { tags: [...new Set([...(stored.ticket.tags as string[]), ...addTags])] });
    this.updates.push({ ticketId: id, addTags, comment: comment ? { body: comment.body as string, public: comment.public as boolean } : null });
    if (failure) return answer(failure.status ?? 500, { error: 'InternalServerError' }, failure.headers);
    answer(200, { ticket: this.tickets.get(id)!.ticket, audit: { ticket_id: id, events: [] } });
  }

  /** A ticket as stored now (tests read its tags). */
  ticket(id: number): Record<string, unknown> {
    return this.mustGet(id).ticket;
  }

  private takeFailure(endpoint: InjectedFailure['endpoint']): InjectedFailure | undefined {
    const index = this.failures.findIndex((f) => f.endpoint === endpoint);
    if (index < 0) return undefined;
    const failure = this.failures[index]!;
    if ((failure.after ?? 0) > 0) {
      failure.after! -= 1;
      return undefined;
    }
    this.failures.splice(index, 1);
    return failure;
  }

  private exportPage(query: URLSearchParams): { status: number; json: unknown } {
    const cursor = query.get('cursor');
    const startTime = query.get('start_time');
    const perPage = Number(query.get('per_page') ?? '1000');
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 1000) return invalid('per_page must be 1 to 1000');
    let after: number;
    let changes = [...this.tickets.values()].sort((a, b) => a.seq - b.seq);
    if (cursor !== null) {
      const decoded = /^(\d+)\.0\|\|(\d*)\|$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
      if (!decoded) return invalid('cursor is not a cursor this export gave');
      after = Number(decoded[1]);
      changes = changes.filter((c) => c.seq > after);
    } else {
      if (startTime === null || !/^\d+$/.test(startTime)) return invalid('start_time is required on the first request (a Unix time in seconds)');
      if (Number(startTime) > this.now.getTime() / 1000 - 60) return invalid('start_time must be more than a minute in the past');
      changes = changes.filter((c) => Date.parse(String(c.ticket.updated_at)) / 1000 >= Number(startTime));
      after = 0;
    }
    const page = changes.slice(0, perPage);
    const last = page.at(-1);
    const position = last ? last.seq : cursor === null ? this.seq : after;
    const afterCursor = Buffer.from(`${position}.0||${last ? String(last.ticket.id) : ''}|`).toString('base64');
    return {
      status: 200,
      json: {
        tickets: page.map((c) => c.ticket),
        after_url: `${this.url}/api/v2/incremental/tickets/cursor.json?cursor=${afterCursor}`,
        after_cursor: afterCursor,
        before_url: null,
        before_cursor: null,
        end_of_stream: changes.length <= perPage,
      },
    };
  }

  private showTicket(path: string): { status: number; json: unknown } {
    const id = Number(/(\d+)\.json$/.exec(path)![1]);
    const stored = this.tickets.get(id);
    if (!stored || stored.ticket.status === 'deleted') return { status: 404, json: { error: 'RecordNotFound', description: 'Not found' } };
    return { status: 200, json: { ticket: stored.ticket } };
  }
}

function invalid(description: string): { status: number; json: unknown } {
  return { status: 400, json: { error: 'InvalidValue', description } };
}

/** Zendesk's time format: seconds, UTC, `Z`. */
function stamp(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

function inputOf(ticket: Record<string, unknown>): FakeTicketInput {
  const fields = ticket.custom_fields as Array<{ id: number; value: string | string[] | boolean | number | null }>;
  return {
    subject: String(ticket.subject),
    tags: ticket.tags as string[],
    customFields: Object.fromEntries(fields.map((f) => [f.id, f.value])),
    formId: ticket.ticket_form_id as number | null,
    brandId: ticket.brand_id as number | null,
    channel: (ticket.via as { channel: string }).channel,
  };
}

/** A ticket with every property of the published JSON format, filled as Zendesk fills them. */
function ticketJson(id: number, createdAt: string, updatedAt: string, input: FakeTicketInput): Record<string, unknown> {
  const customFields = Object.entries(input.customFields ?? {}).map(([fieldId, value]) => ({ id: Number(fieldId), value }));
  const subject = input.subject ?? `Ticket ${id}`;
  return {
    url: `https://finn.zendesk.com/api/v2/tickets/${id}.json`,
    id,
    external_id: null,
    via: { channel: input.channel ?? 'email', source: { from: {}, to: {}, rel: null } },
    created_at: createdAt,
    updated_at: updatedAt,
    generated_timestamp: Math.floor(Date.parse(updatedAt) / 1000),
    type: 'question',
    subject,
    raw_subject: subject,
    description: `${subject} (description)`,
    priority: 'normal',
    status: 'open',
    recipient: 'support@finn.example',
    requester_id: 20_978_392,
    submitter_id: 20_978_392,
    assignee_id: 235_323,
    organization_id: null,
    group_id: 98_738,
    collaborator_ids: [],
    follower_ids: [],
    email_cc_ids: [],
    forum_topic_id: null,
    problem_id: null,
    has_incidents: false,
    is_public: true,
    due_at: null,
    tags: input.tags ?? [],
    custom_fields: customFields,
    satisfaction_rating: null,
    sharing_agreement_ids: [],
    custom_status_id: 123,
    fields: customFields,
    followup_ids: [],
    ticket_form_id: input.formId ?? null,
    brand_id: input.brandId ?? null,
    allow_channelback: false,
    allow_attachments: true,
    from_messaging_channel: false,
  };
}

export async function startFakeZendesk(credentials?: { email: string; token: string }): Promise<FakeZendesk> {
  return new FakeZendesk(credentials).start();
}
