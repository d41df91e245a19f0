import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { createAppAuth } from '@octokit/auth-app';
import { plainTitle } from '../bodies/markup.ts';
import { requireSecret, webhookSecretsFor, type GithubConnection, type SecretSource } from '../connection.ts';
import { TrackerConfigError, TrackerError } from '../errors.ts';
import type { AccessReport, CommentRef, IssueChanges, IssueDraft, IssueRef, IssueSnapshot, Tracker, TrackerEvent, WebhookDelivery } from '../tracker.ts';
import { checkGithubAccess } from './githubAccess.ts';
import { toGithubTrackerError } from './githubErrors.ts';
import { githubIssueSchema, githubSnapshot } from './githubIssue.ts';
import { parseGithubWebhook, verifyGithubDelivery } from './githubWebhook.ts';

const SyncOctokit = Octokit.plugin(throttling, retry);
type SyncOctokitInstance = InstanceType<typeof SyncOctokit>;

export interface GithubTrackerOptions {
  env: SecretSource;
  /** The app's clock, for rate-limit reset times. */
  now?: () => Date;
  timeoutMs?: number;
  pageSize?: number;
  /** Retries of a 5xx answer inside one call (the outbox retries the call itself later). */
  retries?: number;
  retryBaseMs?: number;
}

/** Octokit's retry plugin retries any status it is not told to skip; 429 is left to the outbox and its Retry-After. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

function withTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
  };
}

/** A personal access token, or a GitHub App whose installation tokens @octokit/auth-app mints and renews. */
function authOptions(connection: GithubConnection, env: SecretSource) {
  if (connection.auth.type === 'token') return { auth: requireSecret(env, connection.auth.tokenEnv, connection.name) };
  const privateKey = requireSecret(env, connection.auth.privateKeyEnv, connection.name).replace(/\\n/g, '\n');
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKey)) {
    throw new TrackerConfigError(`tracker connection "${connection.name}": ${connection.auth.privateKeyEnv} does not hold a PEM private key`);
  }
  return { authStrategy: createAppAuth, auth: { appId: connection.auth.appId, privateKey, installationId: connection.auth.installationId } };
}

/** The marker rides in an HTML comment: GitHub shows nothing, and the body keeps it across our rewrites. */
function withMarker(body: string, marker: string | undefined): string {
  return marker ? `${body.trimEnd()}\n\n<!-- ${marker} -->\n` : body;
}

/**
 * GitHub Issues through Octokit with the throttling plugin (spaces writes as GitHub asks) and
 * the retry plugin (retries 5xx a few times). Rate limits are not waited out here: they come
 * back as `rate_limited` with the wait, and the outbox schedules the retry.
 */
export class GithubTracker implements Tracker {
  readonly kind = 'github' as const;
  readonly connectionName: string;
  private readonly octokit: SyncOctokitInstance;
  private readonly webhookSecrets: string[];
  private readonly now: () => Date;
  private readonly pageSize: number;

  constructor(
    private readonly connection: GithubConnection,
    options: GithubTrackerOptions,
  ) {
    this.connectionName = connection.name;
    this.now = options.now ?? (() => new Date());
    this.pageSize = options.pageSize ?? 100;
    const quiet = () => undefined;
    this.octokit = new SyncOctokit({
      ...authOptions(connection, options.env),
      baseUrl: connection.baseUrl,
      userAgent: 'pinchpoint',
      request: { fetch: withTimeout(options.timeoutMs ?? 15_000) },
      throttle: { onRateLimit: () => false, onSecondaryRateLimit: () => false },
      retry: { retries: options.retries ?? 2, retryAfterBaseValue: options.retryBaseMs ?? 500, doNotRetry: DO_NOT_RETRY },
      // Octokit would print warnings to the console; outcomes are logged by the caller.
      log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    });
    this.webhookSecrets = webhookSecretsFor(connection, options.env);
  }

  private get repo() {
    return { owner: this.connection.owner, repo: this.connection.repo };
  }

  private issueNumber(key: string, operation: string): number {
    if (!/^\d{1,10}$/.test(key)) throw new TrackerError({ kind: 'invalid', message: `github ${this.connectionName}: ${operation}: "${key}" is not an issue number` });
    return Number(key);
  }

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toGithubTrackerError(error, { connection: this.connectionName, operation, now: this.now() });
    }
  }

  private snapshot(operation: string, raw: unknown): IssueSnapshot {
    const parsed = githubIssueSchema.safeParse(raw);
    if (parsed.success) return githubSnapshot(parsed.data);
    throw new TrackerError({ kind: 'unavailable', message: `github ${this.connectionName}: ${operation}: unexpected response (${parsed.error.issues[0]?.message})` });
  }

  async createIssue(draft: IssueDraft): Promise<IssueRef> {
    const labels = [...new Set([...this.connection.labels, ...(draft.labels ?? [])])];
    const login = draft.assigneeEmail ? this.connection.assignees[draft.assigneeEmail] : undefined;
    const { data } = await this.call('create issue', () =>
      this.octokit.rest.issues.create({
        ...this.repo,
        title: plainTitle(draft.title, 256),
        body: withMarker(draft.body, draft.marker),
        labels,
        ...(login ? { assignees: [login] } : {}),
        // A retried POST whose first answer was lost would make a second issue; the outbox
        // retries instead, after looking for the marker.
        request: { retries: 0 },
      }),
    );
    return { key: String(data.number), url: data.html_url };
  }

  async updateIssue(key: string, changes: IssueChanges): Promise<void> {
    const operation = `update issue ${key}`;
    const issue_number = this.issueNumber(key, operation);
    const fields = {
      ...(changes.title !== undefined ? { title: plainTitle(changes.title, 256) } : {}),
      ...(changes.body !== undefined ? { body: withMarker(changes.body, changes.marker) } : {}),
    };
    if (Object.keys(fields).length) await this.call(operation, () => this.octokit.rest.issues.update({ ...this.repo, issue_number, ...fields }));
    // Adding (not replacing) keeps the labels the team put on the issue themselves.
    if (changes.labels?.length) await this.call(operation, () => this.octokit.rest.issues.addLabels({ ...this.repo, issue_number, labels: changes.labels! }));
  }

  async addComment(key: string, body: string): Promise<CommentRef> {
    const operation = `comment on issue ${key}`;
    const issue_number = this.issueNumber(key, operation);
    const { data } = await this.call(operation, () => this.octokit.rest.issues.createComment({ ...this.repo, issue_number, body, request: { retries: 0 } }));
    return { id: String(data.id), url: data.html_url };
  }

  async findIssueByMarker(marker: string, createdSince: Date): Promise<IssueRef | null> {
    const operation = `find issue ${marker}`;
    const tag = `<!-- ${marker} -->`;
    // The issues list, not the search API: search is indexed with a delay, the list is not.
    const pages = this.octokit.paginate.iterator(this.octokit.rest.issues.listForRepo, {
      ...this.repo,
      since: createdSince.toISOString(),
      state: 'all',
      sort: 'created',
      direction: 'desc',
      per_page: this.pageSize,
    });
    const iterator = pages[Symbol.asyncIterator]();
    while (true) {
      const page = await this.call(operation, () => iterator.next());
      if (page.done) return null;
      for (const issue of page.value.data) {
        if (issue.pull_request) continue;
        if (issue.body?.includes(tag)) return { key: String(issue.number), url: issue.html_url };
        if (Date.parse(issue.created_at) < createdSince.getTime()) return null;
      }
    }
  }

  checkAccess(): Promise<AccessReport> {
    return checkGithubAccess(this.octokit, this.connection, (operation, run) => this.call(operation, run));
  }

  async readIssue(key: string): Promise<IssueSnapshot> {
    const operation = `read issue ${key}`;
    const issue_number = this.issueNumber(key, operation);
    const { data } = await this.call(operation, () => this.octokit.rest.issues.get({ ...this.repo, issue_number }));
    return this.snapshot(operation, data);
  }

  async *listIssuesUpdatedSince({ since }: { since: Date; asOf: Date }): AsyncIterable<IssueSnapshot> {
    const operation = 'list issues updated since';
    const pages = this.octokit.paginate.iterator(this.octokit.rest.issues.listForRepo, {
      ...this.repo,
      since: since.toISOString(),
      state: 'all',
      sort: 'updated',
      direction: 'asc',
      per_page: this.pageSize,
    });
    const iterator = pages[Symbol.asyncIterator]();
    while (true) {
      const page = await this.call(operation, () => iterator.next());
      if (page.done) return;
      for (const raw of page.value.data) {
        // The issues list includes pull requests; they are never ours.
        if (!(raw as { pull_request?: unknown }).pull_request) yield this.snapshot(operation, raw);
      }
    }
  }

  verifyWebhook(delivery: WebhookDelivery): Promise<boolean> {
    return verifyGithubDelivery(delivery, this.webhookSecrets);
  }

  parseWebhook(delivery: WebhookDelivery): TrackerEvent {
    return parseGithubWebhook(delivery, { ...this.repo, syncAccountLogin: this.connection.syncAccountLogin });
  }
}
