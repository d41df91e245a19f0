import { verify } from '@octokit/webhooks-methods';
import { z } from 'zod';
import { TrackerError } from '../errors.ts';
import type { StatusChange, TrackerEvent, WebhookDelivery } from '../tracker.ts';
import { deliveryIdOf, headerValue, parseJsonBody, rawBodyBuffer } from '../webhooks.ts';
import { githubIssueSchema, githubState, githubStatusName } from './githubIssue.ts';

/** Verifies `X-Hub-Signature-256` against the current and the previous secret. */
export async function verifyGithubDelivery(delivery: WebhookDelivery, secrets: readonly string[]): Promise<boolean> {
  const signature = headerValue(delivery, 'x-hub-signature-256');
  if (!signature) return false;
  const payload = rawBodyBuffer(delivery).toString('utf8');
  let verified = false;
  for (const secret of secrets) {
    try {
      if (await verify(secret, payload, signature)) verified = true;
    } catch {
      // verify() throws on an empty body or secret: that delivery is simply not verified.
    }
  }
  return verified;
}

/**
 * Webhook payloads, the parts we read: https://docs.github.com/en/webhooks/webhook-events-and-payloads#issues
 * and #issue_comment.
 */
const senderSchema = z.object({ login: z.string() });
const repositorySchema = z.object({ name: z.string(), owner: z.object({ login: z.string() }) });
const issuesPayloadSchema = z.object({
  action: z.string(),
  issue: githubIssueSchema,
  repository: repositorySchema,
  sender: senderSchema.optional(),
});
const commentPayloadSchema = issuesPayloadSchema.extend({
  comment: z.object({ id: z.number().int(), body: z.string().nullable(), created_at: z.string(), user: senderSchema.nullable().optional() }),
});

export interface GithubWebhookOptions {
  owner: string;
  repo: string;
  syncAccountLogin: string | null;
}

function parsePayload<T>(schema: z.ZodType<T>, body: unknown, deliveryId: string, event: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new TrackerError({ kind: 'invalid', message: `github webhook ${deliveryId}: not a GitHub ${event} event (${issue?.path.join('.')}: ${issue?.message})` });
}

function sameLogin(a: string | undefined | null, b: string | null): boolean {
  return Boolean(a && b && a.toLowerCase() === b.toLowerCase());
}

/** Normalises a GitHub delivery: `issues` closed/reopened and `issue_comment` created on this connection's repository. */
export function parseGithubWebhook(delivery: WebhookDelivery, options: GithubWebhookOptions): TrackerEvent {
  const deliveryId = deliveryIdOf(delivery, 'x-github-delivery');
  const event = headerValue(delivery, 'x-github-event') ?? '';
  if (event !== 'issues' && event !== 'issue_comment') return { type: 'ignored', deliveryId, reason: `github ${event || 'event without a name'}` };
  const body = parseJsonBody(delivery, 'github');
  const payload = event === 'issues' ? parsePayload(issuesPayloadSchema, body, deliveryId, event) : parsePayload(commentPayloadSchema, body, deliveryId, event);
  const comment = event === 'issue_comment' ? (payload as z.infer<typeof commentPayloadSchema>).comment : null;
  const repository = `${payload.repository.owner.login}/${payload.repository.name}`;
  if (repository.toLowerCase() !== `${options.owner}/${options.repo}`.toLowerCase()) {
    return { type: 'ignored', deliveryId, reason: `github ${event} for another repository (${repository})` };
  }
  if (payload.issue.pull_request) return { type: 'ignored', deliveryId, reason: `github ${event} on a pull request` };
  const issueKey = String(payload.issue.number);

  if (comment) {
    if (payload.action !== 'created') return { type: 'ignored', deliveryId, reason: `github issue_comment.${payload.action}` };
    const author = comment.user?.login ?? payload.sender?.login;
    return {
      type: 'comment_added',
      deliveryId,
      issueKey,
      commentId: String(comment.id),
      at: new Date(comment.created_at),
      sender: author ? { id: author, name: author } : null,
      fromSyncAccount: sameLogin(author, options.syncAccountLogin),
      bodyText: comment.body ?? '',
    };
  }

  if (payload.action !== 'closed' && payload.action !== 'reopened') return { type: 'ignored', deliveryId, reason: `github issues.${payload.action}` };
  const state = githubState(payload.issue);
  const change: StatusChange = payload.action === 'reopened' ? 'reopened' : state === 'done' ? 'done' : 'closed_not_done';
  const closedAt = payload.issue.closed_at ? new Date(payload.issue.closed_at) : null;
  const sender = payload.sender?.login;
  return {
    type: 'status_changed',
    deliveryId,
    issueKey,
    at: payload.action === 'closed' && closedAt ? closedAt : new Date(payload.issue.updated_at),
    sender: sender ? { id: sender, name: sender } : null,
    fromSyncAccount: sameLogin(sender, options.syncAccountLogin),
    change,
    state,
    statusName: githubStatusName(payload.issue),
    resolvedAt: state === 'open' ? null : closedAt,
  };
}
