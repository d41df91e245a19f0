/**
 * A small Jira Cloud on 127.0.0.1 for tests: the REST v3 endpoints the Jira adapter uses, with
 * request checks taken from Atlassian's reference, failure injection and signed webhooks.
 *
 * Endpoints (https://developer.atlassian.com/cloud/jira/platform/rest/v3/):
 *   POST /rest/api/3/issue                  api-group-issues/#api-rest-api-3-issue-post
 *   PUT  /rest/api/3/issue/{key}            api-group-issues/#api-rest-api-3-issue-issueidorkey-put
 *   GET  /rest/api/3/issue/{key}            api-group-issues/#api-rest-api-3-issue-issueidorkey-get
 *   POST /rest/api/3/issue/{key}/comment    api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-post
 *   GET  /rest/api/3/search/jql             api-group-issue-search/#api-rest-api-3-search-jql-get
 *   GET  /rest/api/3/myself                 api-group-myself/#api-rest-api-3-myself-get
 *   GET  /rest/api/3/mypermissions          api-group-permissions/#api-rest-api-3-mypermissions-get
 * Document bodies: https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/
 * Webhooks: https://developer.atlassian.com/cloud/jira/platform/webhooks/ (X-Hub-Signature, X-Atlassian-Webhook-Identifier)
 * A request outside this list, or one whose body breaks these shapes, answers 400/404 and is
 * recorded in `violations`, which tests assert empty.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type JiraCategory = 'new' | 'indeterminate' | 'done';
export interface FakeJiraIssue {
  id: string;
  key: string;
  summary: string;
  description: unknown;
  labels: string[];
  components: string[];
  assignee: string | null;
  status: { id: string; name: string; category: JiraCategory };
  resolution: string | null;
  resolutiondate: string | null;
  created: string;
  updated: string;
  comments: { id: string; body: unknown; created: string }[];
}
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}
export interface InjectedFailure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (the client's timeout must cut it). */
  hang?: boolean;
}

const STATUS_IDS: Record<JiraCategory, string> = { new: '2', indeterminate: '4', done: '3' };
const ADF_BLOCKS = new Set(['paragraph', 'heading', 'bulletList', 'orderedList', 'listItem', 'rule']);
const ADF_MARKS = new Set(['strong', 'link']);

/** Jira's own time format: milliseconds and an offset without a colon. */
function jiraTime(at: Date): string {
  return at.toISOString().replace('Z', '+0000');
}

/** Checks an ADF document against the node types and rules of the published structure. */
export function adfProblems(doc: unknown, where = 'doc'): string[] {
  const node = doc as { type?: unknown; version?: unknown; content?: unknown; text?: unknown; marks?: unknown; attrs?: unknown };
  if (!node || typeof node !== 'object') return [`${where}: not a node`];
  if (where === 'doc' && (node.type !== 'doc' || node.version !== 1)) return ['doc: must be {type:"doc", version:1}'];
  const problems: string[] = [];
  if (node.type === 'text') {
    if (typeof node.text !== 'string' || node.text === '') problems.push(`${where}: text node needs non-empty text`);
    for (const mark of (node.marks as { type: string; attrs?: { href?: string } }[] | undefined) ?? []) {
      if (!ADF_MARKS.has(mark.type)) problems.push(`${where}: unexpected mark ${mark.type}`);
      if (mark.type === 'link' && !/^https?:\/\//.test(mark.attrs?.href ?? '')) problems.push(`${where}: link without an http(s) href`);
    }
    return problems;
  }
  if (node.type === 'hardBreak' || node.type === 'rule') return problems;
  if (where !== 'doc' && !ADF_BLOCKS.has(String(node.type))) return [`${where}: unexpected node ${String(node.type)}`];
  if (node.type === 'heading') {
    const level = (node.attrs as { level?: number } | undefined)?.level;
    if (!level || level < 1 || level > 6) problems.push(`${where}: heading level 1-6`);
  }
  if (!Array.isArray(node.content)) return [...problems, `${where}: content must be an array`];
  node.content.forEach((child, i) => problems.push(...adfProblems(child, `${where}.${String(node.type)}[${i}]`)));
  return problems;
}

export class FakeJira {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  readonly issues = new Map<string, FakeJiraIssue>();
  private readonly failures: InjectedFailure[] = [];
  private readonly hanging: ServerResponse[] = [];
  private nextId = 10_000;
  private nextComment = 20_000;
  private now = new Date('2026-01-05T09:00:00.000Z');
  private server = createServer((req, res) => void this.handle(req, res));
  url = '';

  constructor(
    readonly options: {
      projectKey: string;
      authorization: string;
      accountId?: string;
      /** Project permissions the credentials hold (all granted when absent). */
      permissions?: Partial<Record<'BROWSE_PROJECTS' | 'CREATE_ISSUES' | 'EDIT_ISSUES' | 'ADD_COMMENTS', boolean>>;
    } = {
      projectKey: 'PLAT',
      authorization: `Basic ${Buffer.from('sync@example.com:jira-token').toString('base64')}`,
    },
  ) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  setNow(at: Date): void {
    this.now = at;
  }

  /** The next `times` requests answer with this failure instead. */
  failNext(failure: InjectedFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(failure);
  }

  /** The next request gets no answer at all. */
  hangNext(): void {
    this.failures.push({ status: 0, hang: true });
  }

  /** Adds an issue directly, as if a person made it in Jira. */
  seedIssue(fields: { summary: string; updated: Date }): FakeJiraIssue {
    const id = String(this.nextId++);
    const key = `${this.options.projectKey}-${id}`;
    const at = jiraTime(fields.updated);
    const issue: FakeJiraIssue = {
      id, key, summary: fields.summary, description: null, labels: [], components: [], assignee: null,
      status: { id: STATUS_IDS.new, name: 'To Do', category: 'new' }, resolution: null, resolutiondate: null,
      created: at, updated: at, comments: [],
    };
    this.issues.set(key, issue);
    return issue;
  }

  /** Moves an issue as a person would; returns the `jira:issue_updated` payload Jira sends for it. */
  transition(key: string, to: { name: string; category: JiraCategory }, by = { accountId: 'person-1', displayName: 'Dev Eloper' }): object {
    const issue = this.issue(key);
    const from = issue.status;
    const resolutionBefore = issue.resolution;
    issue.status = { id: STATUS_IDS[to.category], name: to.name, category: to.category };
    issue.resolution = to.category === 'done' ? 'Done' : null;
    issue.resolutiondate = to.category === 'done' ? jiraTime(this.now) : null;
    issue.updated = jiraTime(this.now);
    const items: object[] = [
      { field: 'status', fieldtype: 'jira', fieldId: 'status', from: from.id, fromString: from.name, to: issue.status.id, toString: to.name },
    ];
    if (resolutionBefore !== issue.resolution) {
      items.unshift({ field: 'resolution', fieldtype: 'jira', fieldId: 'resolution', from: resolutionBefore ? '10000' : null, fromString: resolutionBefore, to: issue.resolution ? '10000' : null, toString: issue.resolution });
    }
    return {
      timestamp: this.now.getTime(),
      webhookEvent: 'jira:issue_updated',
      issue_event_type_name: 'issue_generic',
      user: { self: `${this.url}/rest/api/2/user?accountId=${by.accountId}`, accountId: by.accountId, displayName: by.displayName, active: true, accountType: 'atlassian' },
      issue: this.issueJson(issue),
      changelog: { id: String(this.nextComment++), items },
    };
  }

  /** A person comments; returns the `comment_created` payload. */
  comment(key: string, text: string, by = { accountId: 'person-1', displayName: 'Dev Eloper' }): object {
    const issue = this.issue(key);
    const comment = { id: String(this.nextComment++), body: text, created: jiraTime(this.now) };
    issue.comments.push(comment);
    const author = { accountId: by.accountId, displayName: by.displayName, active: true };
    return {
      timestamp: this.now.getTime(),
      webhookEvent: 'comment_created',
      comment: { self: `${this.url}/rest/api/2/issue/${issue.id}/comment/${comment.id}`, id: comment.id, author, body: text, updateAuthor: author, created: comment.created, updated: comment.created, jsdPublic: true },
      issue: { id: issue.id, self: `${this.url}/rest/api/2/issue/${issue.id}`, key: issue.key, fields: { summary: issue.summary, status: this.statusJson(issue) } },
    };
  }

  /** A delivery signed the way Jira signs admin webhooks with a secret. */
  signedDelivery(payload: object, secret: string, identifier: string = randomUUID()) {
    const rawBody = Buffer.from(JSON.stringify(payload));
    const signature = `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
    return {
      rawBody,
      headers: { 'content-type': 'application/json', 'x-hub-signature': signature, 'x-atlassian-webhook-identifier': identifier, 'x-atlassian-webhook-retry': '0' },
    };
  }

  issue(key: string): FakeJiraIssue {
    const issue = this.issues.get(key);
    if (!issue) throw new Error(`fake Jira has no issue ${key}`);
    return issue;
  }

  private statusJson(issue: FakeJiraIssue) {
    const names: Record<JiraCategory, string> = { new: 'To Do', indeterminate: 'In Progress', done: 'Done' };
    return {
      self: `${this.url}/rest/api/3/status/${issue.status.id}`, id: issue.status.id, name: issue.status.name, description: '',
      statusCategory: { self: `${this.url}/rest/api/3/statuscategory/${issue.status.id}`, id: Number(issue.status.id), key: issue.status.category, colorName: 'blue-gray', name: names[issue.status.category] },
    };
  }

  private issueJson(issue: FakeJiraIssue) {
    return {
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: issue.id,
      self: `${this.url}/rest/api/3/issue/${issue.id}`,
      key: issue.key,
      fields: {
        summary: issue.summary,
        status: this.statusJson(issue),
        resolution: issue.resolution ? { id: '10000', name: issue.resolution } : null,
        resolutiondate: issue.resolutiondate,
        updated: issue.updated,
        created: issue.created,
        labels: issue.labels,
      },
    };
  }

  private violation(res: ServerResponse, status: number, message: string): void {
    this.violations.push(message);
    this.send(res, status, { errorMessages: [message], errors: {} });
  }

  private send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        return this.violation(res, 400, `${req.method} ${url.pathname}: body is not JSON`);
      }
    }
    this.requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body });
    const failure = this.failures.shift();
    if (failure?.hang) {
      this.hanging.push(res);
      return;
    }
    if (failure) return this.send(res, failure.status, failure.body ?? { errorMessages: ['injected failure'], errors: {} }, failure.headers);
    if (req.headers.authorization !== this.options.authorization) {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('Client must be authenticated to access this resource.');
      return;
    }
    this.route(req.method ?? '', url, body, res);
  }

  private route(method: string, url: URL, body: unknown, res: ServerResponse): void {
    const path = url.pathname;
    if (method === 'POST' && path === '/rest/api/3/issue') return this.createIssue(body, res);
    if (method === 'GET' && path === '/rest/api/3/search/jql') return this.search(url.searchParams, res);
    if (method === 'GET' && path === '/rest/api/3/myself') {
      const accountId = this.options.accountId ?? 'sync-account';
      return this.send(res, 200, { self: `${this.url}/rest/api/3/user?accountId=${accountId}`, accountId, accountType: 'atlassian', displayName: 'Pinchpoint Sync', active: true, timeZone: 'Europe/Oslo' });
    }
    if (method === 'GET' && path === '/rest/api/3/mypermissions') return this.myPermissions(url.searchParams, res);
    const match = /^\/rest\/api\/3\/issue\/([A-Z][A-Z0-9_]*-\d+)(\/comment)?$/.exec(path);
    if (!match) return this.violation(res, 404, `${method} ${path}: not an endpoint the adapter should call`);
    const issue = this.issues.get(match[1]!);
    if (!issue) return this.send(res, 404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
    if (match[2] && method === 'POST') return this.addComment(issue, body, res);
    if (!match[2] && method === 'PUT') return this.editIssue(issue, body, res);
    if (!match[2] && method === 'GET') return this.send(res, 200, this.issueJson(issue));
    return this.violation(res, 405, `${method} ${path}: not an endpoint the adapter should call`);
  }

  private fieldProblems(fields: Record<string, unknown>, creating: boolean): string[] {
    const allowed = new Set(['project', 'issuetype', 'summary', 'description', 'labels', 'components', 'assignee']);
    const problems = Object.keys(fields).filter((field) => !allowed.has(field)).map((field) => `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`);
    if (creating) {
      if ((fields.project as { key?: string } | undefined)?.key !== this.options.projectKey) problems.push('project: valid project is required');
      if (typeof (fields.issuetype as { name?: unknown } | undefined)?.name !== 'string') problems.push('issuetype: Specify an issue type');
    }
    if (creating || 'summary' in fields) {
      const summary = fields.summary;
      if (typeof summary !== 'string' || !summary.trim()) problems.push('summary: You must specify a summary of the issue.');
      else if (summary.length > 255 || /[\r\n]/.test(summary)) problems.push('summary: Summary must be less than 255 characters, on one line.');
    }
    if ('description' in fields) problems.push(...adfProblems(fields.description).map((p) => `description: ${p}`));
    if ('labels' in fields && (!Array.isArray(fields.labels) || fields.labels.some((label) => typeof label !== 'string' || /\s/.test(label)))) {
      problems.push('labels: The label must not contain spaces.');
    }
    return problems;
  }

  private createIssue(body: unknown, res: ServerResponse): void {
    const fields = (body as { fields?: Record<string, unknown> } | undefined)?.fields;
    if (!fields) return this.violation(res, 400, 'create issue: body needs fields');
    const problems = this.fieldProblems(fields, true);
    if (problems.length) return this.violation(res, 400, `create issue: ${problems.join('; ')}`);
    const issue = this.seedIssue({ summary: fields.summary as string, updated: this.now });
    issue.description = fields.description ?? null;
    issue.labels = (fields.labels as string[] | undefined) ?? [];
    issue.components = ((fields.components as { name: string }[] | undefined) ?? []).map((c) => c.name);
    issue.assignee = (fields.assignee as { accountId?: string } | undefined)?.accountId ?? null;
    this.send(res, 201, { id: issue.id, key: issue.key, self: `${this.url}/rest/api/3/issue/${issue.id}` });
  }

  private editIssue(issue: FakeJiraIssue, body: unknown, res: ServerResponse): void {
    const { fields = {}, update = {} } = (body ?? {}) as { fields?: Record<string, unknown>; update?: Record<string, unknown> };
    const problems = this.fieldProblems(fields, false);
    for (const [field, operations] of Object.entries(update)) {
      if (field !== 'labels' || !Array.isArray(operations)) problems.push(`update.${field}: not supported here`);
      else for (const op of operations as { add?: unknown }[]) if (typeof op.add !== 'string' || /\s/.test(op.add)) problems.push('update.labels: add a label without spaces');
    }
    if (problems.length) return this.violation(res, 400, `edit issue: ${problems.join('; ')}`);
    if (typeof fields.summary === 'string') issue.summary = fields.summary;
    if ('description' in fields) issue.description = fields.description;
    for (const op of (update.labels as { add: string }[] | undefined) ?? []) if (!issue.labels.includes(op.add)) issue.labels.push(op.add);
    issue.updated = jiraTime(this.now);
    this.send(res, 204);
  }

  private addComment(issue: FakeJiraIssue, body: unknown, res: ServerResponse): void {
    const doc = (body as { body?: unknown } | undefined)?.body;
    const problems = adfProblems(doc);
    if (problems.length) return this.violation(res, 400, `add comment: ${problems.join('; ')}`);
    const comment = { id: String(this.nextComment++), body: doc, created: jiraTime(this.now) };
    issue.comments.push(comment);
    issue.updated = comment.created;
    this.send(res, 201, { self: `${this.url}/rest/api/3/issue/${issue.id}/comment/${comment.id}`, id: comment.id, body: doc, created: comment.created, updated: comment.created, jsdPublic: true });
  }

  /** `permissions` is required since 2020: https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-permissions/#api-rest-api-3-mypermissions-get */
  private myPermissions(query: URLSearchParams, res: ServerResponse): void {
    const wanted = (query.get('permissions') ?? '').split(',').filter(Boolean);
    if (!wanted.length) return this.violation(res, 400, 'mypermissions: the permissions parameter is required');
    const project = query.get('projectKey');
    if (project !== null && project !== this.options.projectKey) return this.send(res, 404, { errorMessages: [`No project could be found with key '${project}'.`], errors: {} });
    const granted = this.options.permissions ?? {};
    const permissions = Object.fromEntries(
      wanted.map((key) => [key, { id: key, key, name: key, type: 'PROJECT', description: '', havePermission: granted[key as keyof typeof granted] ?? true }]),
    );
    this.send(res, 200, { permissions });
  }

  /** The JQL the adapter writes: a project and a relative `updated` window, oldest first; or a project and a marker label. */
  private search(query: URLSearchParams, res: ServerResponse): void {
    const jql = query.get('jql') ?? '';
    const byLabel = /^project = "([A-Z][A-Z0-9_]*)" AND labels = "([^"\s]+)" ORDER BY created DESC$/.exec(jql);
    if (byLabel) {
      const hits = [...this.issues.values()].filter((issue) => issue.key.startsWith(`${byLabel[1]}-`) && issue.labels.includes(byLabel[2]!)).sort((a, b) => b.created.localeCompare(a.created));
      return this.send(res, 200, { issues: hits.slice(0, Number(query.get('maxResults') ?? 50)).map((issue) => this.issueJson(issue)), isLast: true });
    }
    const match = /^project = "([A-Z][A-Z0-9_]*)" AND updated >= "-(\d+)m" ORDER BY updated ASC$/.exec(jql);
    if (!match) return this.violation(res, 400, `search: unexpected JQL ${jql}`);
    const maxResults = Number(query.get('maxResults') ?? 50);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 5000) return this.violation(res, 400, 'search: maxResults must be 1-5000');
    const cutoff = this.now.getTime() - Number(match[2]) * 60_000;
    const hits = [...this.issues.values()]
      .filter((issue) => issue.key.startsWith(`${match[1]}-`) && Date.parse(issue.updated.replace('+0000', 'Z')) >= cutoff)
      .sort((a, b) => a.updated.localeCompare(b.updated) || Number(a.id) - Number(b.id));
    const token = query.get('nextPageToken');
    const offset = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
    if (!Number.isInteger(offset)) return this.violation(res, 400, 'search: bad nextPageToken');
    const page = hits.slice(offset, offset + maxResults);
    const isLast = offset + maxResults >= hits.length;
    this.send(res, 200, {
      issues: page.map((issue) => this.issueJson(issue)),
      ...(isLast ? {} : { nextPageToken: Buffer.from(String(offset + maxResults)).toString('base64url') }),
      isLast,
    });
  }
}

/** Starts a fake Jira; close it in `after`. */
export function startFakeJira(options?: FakeJira['options']): Promise<FakeJira> {
  return new FakeJira(options).start();
}
