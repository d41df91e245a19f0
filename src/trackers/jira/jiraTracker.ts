import { Version3Client, type Config } from 'jira.js';
import { z } from 'zod';
import { markupToAdf } from '../bodies/adf.ts';
import { plainTitle } from '../bodies/markup.ts';
import { requireSecret, webhookSecretsFor, type JiraConnection, type SecretSource } from '../connection.ts';
import { TrackerError } from '../errors.ts';
import type { AccessReport, CommentRef, IssueChanges, IssueDraft, IssueRef, IssueSnapshot, Tracker, TrackerEvent, WebhookDelivery } from '../tracker.ts';
import { headerValue, rawBodyBuffer, verifySha256Signature } from '../webhooks.ts';
import { toJiraTrackerError } from './jiraErrors.ts';
import { jiraIssueFields, jiraIssueSchema, jiraSnapshot, parseJiraTime } from './jiraIssue.ts';
import { parseJiraWebhook } from './jiraWebhook.ts';
import { checkJiraAccess } from './jiraAccess.ts';

export interface JiraTrackerOptions {
  env: SecretSource;
  /** The app's clock, for rate-limit reset times. */
  now?: () => Date;
  timeoutMs?: number;
  pageSize?: number;
}

const createdSchema = z.object({ id: z.string(), key: z.string() });
const commentSchema = z.object({ id: z.string() });
const foundSchema = z.object({ key: z.string(), fields: z.object({ created: z.string().optional() }).default({}) });
const searchPageSchema = z.object({
  issues: z.array(z.unknown()).default([]),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});

/** Jira labels are single words; a space would make Jira refuse the whole request. */
function jiraLabel(label: string): string {
  return label.trim().replace(/\s+/g, '-');
}

/** Minutes of slack in reconcile windows, for clock skew between us and Jira. */
const RECONCILE_SLACK_MINUTES = 5;

/**
 * Jira Cloud through jira.js's Version3Client. Bodies go as Atlassian Document Format built
 * from tracker markup, so user text can only ever be text (no wiki-markup escaping to get wrong).
 */
export class JiraTracker implements Tracker {
  readonly kind = 'jira' as const;
  readonly connectionName: string;
  private readonly client: Version3Client;
  private readonly webhookSecrets: string[];
  private readonly now: () => Date;
  private readonly pageSize: number;

  constructor(
    private readonly connection: JiraConnection,
    options: JiraTrackerOptions,
  ) {
    this.connectionName = connection.name;
    this.now = options.now ?? (() => new Date());
    this.pageSize = options.pageSize ?? 100;
    const token = requireSecret(options.env, connection.auth.tokenEnv, connection.name);
    const authentication: Config['authentication'] =
      connection.auth.type === 'basic' ? { basic: { email: connection.auth.email, apiToken: token } } : { oauth2: { accessToken: token } };
    this.client = new Version3Client({
      host: connection.baseUrl,
      authentication,
      baseRequestConfig: { timeout: options.timeoutMs ?? 15_000 },
    } as Config);
    this.webhookSecrets = webhookSecretsFor(connection, options.env);
  }

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toJiraTrackerError(error, { connection: this.connectionName, operation, now: this.now() });
    }
  }

  private parse<T>(operation: string, schema: z.ZodType<T>, value: unknown): T {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new TrackerError({ kind: 'unavailable', message: `jira ${this.connectionName}: ${operation}: unexpected response (${parsed.error.issues[0]?.message})` });
  }

  async createIssue(draft: IssueDraft): Promise<IssueRef> {
    const { connection } = this;
    // The marker is a label: JQL can find labels, while issue properties are searchable only
    // when an installed app declares an index for them.
    const labels = [...new Set([...connection.labels, ...(draft.labels ?? []), ...(draft.marker ? [draft.marker] : [])].map(jiraLabel).filter(Boolean))];
    const accountId = draft.assigneeEmail ? connection.assignees[draft.assigneeEmail] : undefined;
    const created = await this.call('create issue', () =>
      this.client.issues.createIssue({
        fields: {
          project: { key: connection.projectKey },
          issuetype: { name: connection.issueType },
          summary: plainTitle(draft.title, 255),
          description: markupToAdf(draft.body),
          labels,
          ...(connection.component ? { components: [{ name: connection.component }] } : {}),
          ...(accountId ? { assignee: { accountId } } : {}),
        },
      }),
    );
    const { key } = this.parse('create issue', createdSchema, created);
    return { key, url: `${connection.baseUrl}/browse/${key}` };
  }

  async updateIssue(key: string, changes: IssueChanges): Promise<void> {
    const fields = {
      ...(changes.title !== undefined ? { summary: plainTitle(changes.title, 255) } : {}),
      ...(changes.body !== undefined ? { description: markupToAdf(changes.body) } : {}),
    };
    // `add` keeps labels the team put on the issue themselves.
    const labels = (changes.labels ?? []).map(jiraLabel).filter(Boolean);
    const update = labels.length ? { labels: labels.map((label) => ({ add: label })) } : undefined;
    if (!Object.keys(fields).length && !update) return;
    await this.call(`update issue ${key}`, () => this.client.issues.editIssue({ issueIdOrKey: key, fields, ...(update ? { update } : {}) }));
  }

  async addComment(key: string, body: string): Promise<CommentRef> {
    const comment = await this.call(`comment on issue ${key}`, () => this.client.issueComments.addComment({ issueIdOrKey: key, comment: markupToAdf(body) }));
    const { id } = this.parse(`comment on issue ${key}`, commentSchema, comment);
    return { id, url: `${this.connection.baseUrl}/browse/${key}?focusedCommentId=${id}` };
  }

  async findIssueByMarker(marker: string, createdSince: Date): Promise<IssueRef | null> {
    const label = jiraLabel(marker).replace(/"/g, '');
    const jql = `project = "${this.connection.projectKey}" AND labels = "${label}" ORDER BY created DESC`;
    const page = await this.call(`find issue ${label}`, () =>
      this.client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql, fields: ['created'], maxResults: 1 }),
    );
    const found = this.parse(`find issue ${label}`, searchPageSchema, page).issues[0];
    if (!found) return null;
    const { key, fields } = this.parse(`find issue ${label}`, foundSchema, found);
    if (fields.created && parseJiraTime(fields.created).getTime() < createdSince.getTime()) return null;
    return { key, url: `${this.connection.baseUrl}/browse/${key}` };
  }

  checkAccess(): Promise<AccessReport> {
    return checkJiraAccess(this.client, this.connection, (operation, run) => this.call(operation, run));
  }

  async readIssue(key: string): Promise<IssueSnapshot> {
    const issue = await this.call(`read issue ${key}`, () => this.client.issues.getIssue({ issueIdOrKey: key, fields: jiraIssueFields }));
    return jiraSnapshot(this.parse(`read issue ${key}`, jiraIssueSchema, issue), this.connection.baseUrl);
  }

  async *listIssuesUpdatedSince({ since, asOf }: { since: Date; asOf: Date }): AsyncIterable<IssueSnapshot> {
    // JQL reads absolute times in the API user's profile time zone, which we cannot know;
    // a relative window ("-90m") is measured on Jira's clock and needs no zone. The exact
    // cut is made here, on the issues' own `updated` instants.
    const minutes = Math.max(1, Math.ceil((asOf.getTime() - since.getTime()) / 60_000)) + RECONCILE_SLACK_MINUTES;
    const jql = `project = "${this.connection.projectKey}" AND updated >= "-${minutes}m" ORDER BY updated ASC`;
    let nextPageToken: string | undefined;
    do {
      const page = await this.call('search issues updated since', () =>
        this.client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql, fields: jiraIssueFields, maxResults: this.pageSize, nextPageToken }),
      );
      const parsed = this.parse('search issues updated since', searchPageSchema, page);
      for (const raw of parsed.issues) {
        const snapshot = jiraSnapshot(this.parse('search issues updated since', jiraIssueSchema, raw), this.connection.baseUrl);
        if (snapshot.updatedAt.getTime() >= since.getTime()) yield snapshot;
      }
      nextPageToken = parsed.isLast === true ? undefined : (parsed.nextPageToken ?? undefined);
    } while (nextPageToken);
  }

  async verifyWebhook(delivery: WebhookDelivery): Promise<boolean> {
    return verifySha256Signature(rawBodyBuffer(delivery), headerValue(delivery, 'x-hub-signature'), this.webhookSecrets);
  }

  parseWebhook(delivery: WebhookDelivery): TrackerEvent {
    return parseJiraWebhook(delivery, { syncAccountId: this.connection.syncAccountId });
  }
}
