/**
 * A small GitHub REST API on 127.0.0.1 for tests: the Issues endpoints the GitHub adapter uses,
 * with request checks from GitHub's reference, failure injection and signed webhooks. Response
 * bodies are typed with GitHub's published OpenAPI description (@octokit/openapi-types).
 *
 * Endpoints (https://docs.github.com/en/rest/issues):
 *   POST  /repos/{owner}/{repo}/issues                       issues#create-an-issue
 *   PATCH /repos/{owner}/{repo}/issues/{number}              issues#update-an-issue
 *   GET   /repos/{owner}/{repo}/issues/{number}              issues#get-an-issue
 *   GET   /repos/{owner}/{repo}/issues?since&state&…         issues#list-repository-issues (Link header paging)
 *   POST  /repos/{owner}/{repo}/issues/{number}/comments     comments#create-an-issue-comment
 *   POST  /repos/{owner}/{repo}/issues/{number}/labels       labels#add-labels-to-an-issue
 * Webhooks: https://docs.github.com/en/webhooks/webhook-events-and-payloads#issues (X-Hub-Signature-256, X-GitHub-Delivery)
 *   GET   /user                                             users#get-the-authenticated-user
 *   GET   /repos/{owner}/{repo}                             repos#get-a-repository
 *   POST  /app/installations/{id}/access_tokens             apps#create-an-installation-access-token-for-an-app (JWT, RS256)
 * Every JSON body is validated against the operation's request-body schema in GitHub's published
 * OpenAPI description (@octokit/openapi, compiled with ajv on first use of each operation), and
 * checked against the parameters the endpoint takes.
 * A request outside this list, or one whose body breaks the documented shape, answers 404/422
 * and is recorded in `violations`, which tests assert empty.
 */
import { createHmac, createPublicKey, createVerify, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { components } from '@octokit/openapi-types';

type Issue = components['schemas']['issue'];
type IssueComment = components['schemas']['issue-comment'];
type SimpleUser = components['schemas']['simple-user'];
export type StateReason = 'completed' | 'not_planned' | 'duplicate' | 'reopened';

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
  hang?: boolean;
}

const DOCS = 'https://docs.github.com/rest/issues/issues';

type OpenApiDocument = { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>>; components: { schemas: Record<string, unknown> } };
let openApi: OpenApiDocument | undefined;
const validators = new Map<string, ValidateFunction>();
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);

/** Inlines `#/components/...` references so one operation's schema compiles on its own. */
function inlineRefs(node: unknown, document: OpenApiDocument, depth = 0): unknown {
  if (depth > 40) throw new Error('OpenAPI schema nests too deep');
  if (Array.isArray(node)) return node.map((item) => inlineRefs(item, document, depth + 1));
  if (!node || typeof node !== 'object') return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    const target = ref.replace(/^#\//, '').split('/').reduce<unknown>((at, part) => (at as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')], document);
    return inlineRefs(target, document, depth + 1);
  }
  const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inlineRefs(value, document, depth + 1)]));
  // OpenAPI 3.0's `nullable` beside oneOf (no `type`) is not JSON Schema; say it the JSON Schema way.
  if (copy.nullable === true && copy.type === undefined) {
    const { nullable: _nullable, ...rest } = copy;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return copy;
}

/**
 * The request-body validator of one operation of GitHub's OpenAPI description. The 13 MB file is
 * read once, and only the operations the fake serves are compiled, when first called.
 */
export function openApiBodyValidator(path: string, method: string): ValidateFunction {
  const key = `${method} ${path}`;
  const cached = validators.get(key);
  if (cached) return cached;
  openApi ??= JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')) as OpenApiDocument;
  const schema = openApi.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`GitHub's OpenAPI description has no JSON body for ${key}`);
  const validate = ajv.compile(inlineRefs(schema, openApi) as object);
  validators.set(key, validate);
  return validate;
}

/** Problems of a body against GitHub's published schema, in ajv's words. */
export function openApiProblems(path: string, method: string, body: unknown): string[] {
  const validate = openApiBodyValidator(path, method);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || 'body'} ${error.message ?? 'is invalid'} (OpenAPI ${method} ${path})`);
}

/** The operations with JSON bodies this fake serves. */
const SERVED_BODIES: Array<[string, string]> = [
  ['/repos/{owner}/{repo}/issues', 'post'],
  ['/repos/{owner}/{repo}/issues/{issue_number}', 'patch'],
  ['/repos/{owner}/{repo}/issues/{issue_number}/comments', 'post'],
  ['/repos/{owner}/{repo}/issues/{issue_number}/labels', 'post'],
  ['/app/installations/{installation_id}/access_tokens', 'post'],
];

export interface FakeGithubApp {
  appId: number;
  installationId: number;
  /** PEM public key of the app's key pair; JWTs must verify with it. */
  publicKey: string;
}

export interface FakeGithubOptions {
  owner: string;
  repo: string;
  token: string;
  login: string;
  /** What GET /repos/{owner}/{repo} says the credentials may do. */
  permissions?: { admin: boolean; maintain: boolean; push: boolean; triage: boolean; pull: boolean };
  hasIssues?: boolean;
  app?: FakeGithubApp;
}

export class FakeGithub {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  readonly issues = new Map<number, Issue>();
  readonly comments: IssueComment[] = [];
  private readonly failures: InjectedFailure[] = [];
  private readonly hanging: ServerResponse[] = [];
  private nextNumber = 1;
  private nextId = 9_000;
  private now = new Date('2026-01-05T09:00:00Z');
  private server = createServer((req, res) => void this.handle(req, res));
  url = '';

  /** Installation tokens minted for the app, accepted like the personal token. */
  readonly installationTokens = new Set<string>();

  constructor(readonly options: FakeGithubOptions = { owner: 'finn', repo: 'ads', token: 'ghp_test', login: 'pinchpoint-sync' }) {}

  async start(): Promise<this> {
    // Compiled before the first request, so reading the 13 MB description never delays an answer.
    for (const [path, method] of SERVED_BODIES) openApiBodyValidator(path, method);
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

  failNext(failure: InjectedFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(failure);
  }

  hangNext(): void {
    this.failures.push({ status: 0, hang: true });
  }

  user(login: string): SimpleUser {
    const base = `${this.url}/users/${login}`;
    return {
      login, id: login.length * 1000, node_id: `U_${login}`, avatar_url: `${base}.png`, gravatar_id: '', url: base, html_url: `https://github.example/${login}`,
      followers_url: `${base}/followers`, following_url: `${base}/following{/other_user}`, gists_url: `${base}/gists{/gist_id}`,
      starred_url: `${base}/starred{/owner}{/repo}`, subscriptions_url: `${base}/subscriptions`, organizations_url: `${base}/orgs`,
      repos_url: `${base}/repos`, events_url: `${base}/events{/privacy}`, received_events_url: `${base}/received_events`,
      type: login.endsWith('[bot]') ? 'Bot' : 'User', site_admin: false,
    };
  }

  private get repoPath(): string {
    return `/repos/${this.options.owner}/${this.options.repo}`;
  }

  /** Adds an issue (or, with `pullRequest`, a pull request) as a person would. */
  seedIssue(fields: { title: string; updated: Date; pullRequest?: boolean }): Issue {
    const number = this.nextNumber++;
    const api = `${this.url}${this.repoPath}`;
    const issue: Issue = {
      id: this.nextId++, node_id: `I_${number}`, url: `${api}/issues/${number}`, repository_url: api,
      labels_url: `${api}/issues/${number}/labels{/name}`, comments_url: `${api}/issues/${number}/comments`, events_url: `${api}/issues/${number}/events`,
      html_url: `https://github.example/${this.options.owner}/${this.options.repo}/${fields.pullRequest ? 'pull' : 'issues'}/${number}`,
      number, state: 'open', state_reason: null, title: fields.title, body: null, user: this.user(this.options.login),
      labels: [], assignee: null, assignees: [], milestone: null, locked: false, active_lock_reason: null, comments: 0,
      closed_at: null, created_at: fields.updated.toISOString().replace('.000', ''), updated_at: fields.updated.toISOString().replace('.000', ''),
      author_association: 'MEMBER',
      ...(fields.pullRequest ? { pull_request: { url: `${api}/pulls/${number}`, html_url: null, diff_url: null, patch_url: null } } : {}),
    };
    this.issues.set(number, issue);
    return issue;
  }

  issue(number: number | string): Issue {
    const issue = this.issues.get(Number(number));
    if (!issue) throw new Error(`fake GitHub has no issue ${number}`);
    return issue;
  }

  private stamp(issue: Issue): string {
    issue.updated_at = this.now.toISOString().replace('.000', '');
    return issue.updated_at;
  }

  /** Closes or reopens an issue as a person would; returns the `issues` webhook payload. */
  setState(number: number | string, change: { action: 'closed'; reason: 'completed' | 'not_planned' | 'duplicate' } | { action: 'reopened' }, by = 'dev-eloper'): object {
    const issue = this.issue(number);
    const at = this.stamp(issue);
    if (change.action === 'closed') Object.assign(issue, { state: 'closed', state_reason: change.reason, closed_at: at, closed_by: this.user(by) });
    else Object.assign(issue, { state: 'open', state_reason: 'reopened', closed_at: null, closed_by: null });
    return { action: change.action, issue: structuredClone(issue), repository: this.repository(), sender: this.user(by) };
  }

  /** A person comments; returns the `issue_comment` webhook payload. */
  comment(number: number | string, body: string, by = 'dev-eloper'): object {
    const issue = this.issue(number);
    const comment = this.addComment(issue, body, by);
    return { action: 'created', issue: structuredClone(issue), comment, repository: this.repository(), sender: this.user(by) };
  }

  /** A delivery signed the way GitHub signs it. */
  signedDelivery(event: string, payload: object, secret: string, delivery: string = randomUUID()) {
    const rawBody = Buffer.from(JSON.stringify(payload));
    return {
      rawBody,
      headers: {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': delivery,
        'x-github-hook-id': '1',
        'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`,
      },
    };
  }

  private repositoryDetails() {
    const permissions = this.options.permissions ?? { admin: false, maintain: false, push: true, triage: true, pull: true };
    // An installation token gets no `permissions` block: GitHub reports them per user.
    return { ...this.repository(), has_issues: this.options.hasIssues ?? true, ...(this.options.app ? {} : { permissions }) };
  }

  private repository() {
    const owner = this.user(this.options.owner);
    return { id: 1, node_id: 'R_1', name: this.options.repo, full_name: `${this.options.owner}/${this.options.repo}`, private: true, owner, html_url: `https://github.example/${this.options.owner}/${this.options.repo}` };
  }

  private addComment(issue: Issue, body: string, by: string): IssueComment {
    const id = this.nextId++;
    const at = this.stamp(issue);
    const comment: IssueComment = {
      id, node_id: `IC_${id}`, url: `${issue.url}/comments/${id}`, html_url: `${issue.html_url}#issuecomment-${id}`, body,
      user: this.user(by), created_at: at, updated_at: at, issue_url: issue.url, author_association: 'MEMBER',
    };
    issue.comments++;
    this.comments.push(comment);
    return comment;
  }

  private violation(res: ServerResponse, status: number, message: string): void {
    this.violations.push(message);
    this.send(res, status, { message, documentation_url: DOCS, status: String(status) });
  }

  private send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-github-api-version-selected': '2022-11-28', ...headers });
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
        return this.violation(res, 400, 'Problems parsing JSON');
      }
    }
    this.requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body });
    const failure = this.failures.shift();
    if (failure?.hang) {
      this.hanging.push(res);
      return;
    }
    if (failure) return this.send(res, failure.status, failure.body ?? { message: 'injected failure', documentation_url: DOCS }, failure.headers);
    const auth = req.headers.authorization ?? '';
    if (req.method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(url.pathname)) return this.mintInstallationToken(url.pathname, auth, body, res);
    const token = /^(?:token|bearer) (.+)$/i.exec(auth)?.[1];
    if (token !== this.options.token && !(token && this.installationTokens.has(token))) {
      return this.send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
    }
    this.route(req.method ?? '', url, body, res);
  }

  /** Checks the app's JWT (RS256, iss = app id, not expired) the way GitHub does, then mints a token. */
  private mintInstallationToken(path: string, auth: string, body: unknown, res: ServerResponse): void {
    const app = this.options.app;
    const installationId = Number(path.split('/')[3]);
    if (!app) return this.violation(res, 404, `POST ${path}: this fake has no GitHub App`);
    const problems = body === undefined ? [] : openApiProblems('/app/installations/{installation_id}/access_tokens', 'post', body);
    if (problems.length) return this.violation(res, 422, `create installation token: ${problems.join('; ')}`);
    const jwt = /^bearer (.+)$/i.exec(auth)?.[1] ?? '';
    const refusal = jwtProblem(jwt, app);
    if (refusal) return this.send(res, 401, { message: refusal, documentation_url: 'https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app', status: '401' });
    if (installationId !== app.installationId) return this.send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    const token = `ghs_${randomBytes(12).toString('hex')}`;
    this.installationTokens.add(token);
    const expires = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.send(res, 201, { token, expires_at: expires, permissions: { issues: 'write', metadata: 'read' }, repository_selection: 'selected' });
  }

  private route(method: string, url: URL, body: unknown, res: ServerResponse): void {
    const path = url.pathname;
    if (method === 'GET' && path === '/user') return this.send(res, 200, { ...this.user(this.options.login), name: 'Pinchpoint Sync' });
    if (method === 'GET' && path === this.repoPath) return this.send(res, 200, this.repositoryDetails());
    if (path === `${this.repoPath}/issues`) {
      if (method === 'POST') return this.create(body, res);
      if (method === 'GET') return this.list(url, res);
    }
    const match = new RegExp(`^${this.repoPath}/issues/(\\d+)(/comments|/labels)?$`).exec(path);
    if (!match) return this.violation(res, 404, `${method} ${path}: not an endpoint the adapter should call`);
    const issue = this.issues.get(Number(match[1]));
    if (!issue) return this.send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    const action = `${method} ${match[2] ?? ''}`;
    if (action === 'GET ') return this.send(res, 200, issue);
    if (action === 'PATCH ') return this.update(issue, body, res);
    if (action === 'POST /comments') return this.createComment(issue, body, res);
    if (action === 'POST /labels') return this.addLabels(issue, body, res);
    return this.violation(res, 404, `${method} ${path}: not an endpoint the adapter should call`);
  }

  /** GitHub's 422 shape: https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#validation-failed */
  private bodyProblems(body: unknown, allowed: Record<string, (value: unknown) => boolean>, required: string[]): string[] {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return ['body must be an object'];
    const problems = required.filter((field) => !(field in body)).map((field) => `${field} is missing`);
    for (const [field, value] of Object.entries(body)) {
      const check = allowed[field];
      if (!check) problems.push(`${field} is not a parameter of this endpoint`);
      else if (!check(value)) problems.push(`${field} is not valid`);
    }
    return problems;
  }

  private create(body: unknown, res: ServerResponse): void {
    const problems = [
      ...openApiProblems('/repos/{owner}/{repo}/issues', 'post', body),
      ...this.bodyProblems(body, { title: isTitle, body: isString, labels: isStringArray, assignees: isStringArray }, ['title']),
    ];
    if (problems.length) return this.violation(res, 422, `create issue: ${problems.join('; ')}`);
    const input = body as { title: string; body?: string; labels?: string[]; assignees?: string[] };
    const issue = this.seedIssue({ title: input.title, updated: this.now });
    issue.body = input.body ?? null;
    issue.labels = (input.labels ?? []).map((name) => ({ name }));
    issue.assignees = (input.assignees ?? []).map((login) => this.user(login));
    issue.assignee = issue.assignees[0] ?? null;
    this.send(res, 201, issue, { location: issue.url });
  }

  private update(issue: Issue, body: unknown, res: ServerResponse): void {
    const problems = [...openApiProblems('/repos/{owner}/{repo}/issues/{issue_number}', 'patch', body), ...this.bodyProblems(
      body,
      { title: isTitle, body: isString, labels: isStringArray, assignees: isStringArray, state: (v) => v === 'open' || v === 'closed', state_reason: (v) => ['completed', 'not_planned', 'duplicate', 'reopened', null].includes(v as string) },
      [],
    )];
    if (problems.length) return this.violation(res, 422, `update issue: ${problems.join('; ')}`);
    const input = body as { title?: string; body?: string };
    if (input.title !== undefined) issue.title = input.title;
    if (input.body !== undefined) issue.body = input.body;
    this.stamp(issue);
    this.send(res, 200, issue);
  }

  private createComment(issue: Issue, body: unknown, res: ServerResponse): void {
    const problems = [
      ...openApiProblems('/repos/{owner}/{repo}/issues/{issue_number}/comments', 'post', body),
      ...this.bodyProblems(body, { body: (v) => isString(v) && v.length > 0 && v.length <= 65_536 }, ['body']),
    ];
    if (problems.length) return this.violation(res, 422, `create comment: ${problems.join('; ')}`);
    this.send(res, 201, this.addComment(issue, (body as { body: string }).body, this.options.login));
  }

  private addLabels(issue: Issue, body: unknown, res: ServerResponse): void {
    const problems = [
      ...openApiProblems('/repos/{owner}/{repo}/issues/{issue_number}/labels', 'post', body),
      ...this.bodyProblems(body, { labels: (v) => isStringArray(v) && (v as string[]).length > 0 }, ['labels']),
    ];
    if (problems.length) return this.violation(res, 422, `add labels: ${problems.join('; ')}`);
    const names = new Set(issue.labels.map((label) => (typeof label === 'string' ? label : label.name)));
    for (const name of (body as { labels: string[] }).labels) if (!names.has(name)) issue.labels.push({ name });
    this.stamp(issue);
    this.send(res, 200, issue.labels.map((label, i) => ({ id: i + 1, node_id: `L_${i}`, url: '', name: typeof label === 'string' ? label : label.name, description: null, color: 'ededed', default: false })));
  }

  /** Updated at or after `since`, sorted as asked, paged with a Link header like GitHub's. */
  private list(url: URL, res: ServerResponse): void {
    const query = url.searchParams;
    const known = new Set(['since', 'state', 'sort', 'direction', 'per_page', 'page']);
    const unknown = [...query.keys()].filter((key) => !known.has(key));
    if (unknown.length) return this.violation(res, 422, `list issues: unexpected parameters ${unknown.join(', ')}`);
    const since = query.get('since');
    if (since !== null && Number.isNaN(Date.parse(since))) return this.violation(res, 422, 'list issues: since must be an ISO 8601 timestamp');
    const state = query.get('state') ?? 'open';
    const perPage = Math.min(Number(query.get('per_page') ?? 30), 100);
    const page = Number(query.get('page') ?? 1);
    const ascending = query.get('direction') === 'asc';
    const sortBy = query.get('sort') === 'updated' ? 'updated_at' : 'created_at';
    const hits = [...this.issues.values()]
      .filter((issue) => (state === 'all' || issue.state === state) && (since === null || Date.parse(issue.updated_at) >= Date.parse(since)))
      .sort((a, b) => (ascending ? 1 : -1) * (Date.parse(a[sortBy]) - Date.parse(b[sortBy]) || a.number - b.number));
    const slice = hits.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    if (page * perPage < hits.length) {
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      headers.link = `<${next.href}>; rel="next"`;
    }
    this.send(res, 200, slice, headers);
  }
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
function isTitle(value: unknown): boolean {
  return (isString(value) && value.trim().length > 0 && value.length <= 256) || typeof value === 'number';
}
function isStringArray(value: unknown): boolean {
  return Array.isArray(value) && value.every(isString);
}

/** Why GitHub would refuse an app JWT, or null: https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app */
function jwtProblem(jwt: string, app: FakeGithubApp): string | null {
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature) return 'A JSON web token could not be decoded';
  const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string };
  if (head.alg !== 'RS256') return `'alg' must be RS256, got ${head.alg}`;
  const verifier = createVerify('RSA-SHA256').update(`${header}.${payload}`);
  if (!verifier.verify(createPublicKey(app.publicKey), Buffer.from(signature, 'base64url'))) return 'A JSON web token could not be decoded';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown; exp?: number; iat?: number };
  if (String(claims.iss) !== String(app.appId)) return `'Issuer' claim ('iss') must be an Integer`;
  const nowSeconds = Date.now() / 1000;
  if (!claims.exp || claims.exp < nowSeconds || claims.exp - (claims.iat ?? 0) > 600) return "'Expiration time' claim ('exp') is too far in the future or expired";
  return null;
}

/** Starts a fake GitHub; close it in `after`. */
export function startFakeGithub(options?: FakeGithubOptions): Promise<FakeGithub> {
  return new FakeGithub(options).start();
}
