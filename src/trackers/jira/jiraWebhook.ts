import { z } from 'zod';
import { TrackerError } from '../errors.ts';
import type { StatusChange, TrackerActor, TrackerEvent, WebhookDelivery } from '../tracker.ts';
import { deliveryIdOf, parseJsonBody } from '../webhooks.ts';
import { jiraState, jiraStatusSchema, parseJiraTime } from './jiraIssue.ts';

/**
 * Jira Cloud webhook payloads, the parts we read:
 * https://developer.atlassian.com/cloud/jira/platform/webhooks/#example-callback-for-an-issue-related-event
 */
const userSchema = z.looseObject({ accountId: z.string(), displayName: z.string().optional() });
const changelogItemSchema = z.object({
  field: z.string(),
  fieldId: z.string().optional(),
  from: z.string().nullable().optional(),
  fromString: z.string().nullable().optional(),
  to: z.string().nullable().optional(),
  toString: z.string().nullable().optional(),
});
const issueSchema = z.object({
  key: z.string(),
  fields: z.looseObject({ status: jiraStatusSchema.optional(), resolutiondate: z.string().nullable().optional() }).optional(),
});
const payloadSchema = z.object({
  webhookEvent: z.string(),
  timestamp: z.number().int(),
  user: userSchema.optional(),
  issue: issueSchema.optional(),
  changelog: z.object({ items: z.array(changelogItemSchema) }).optional(),
  comment: z
    .object({ id: z.string(), body: z.unknown(), author: userSchema.optional(), created: z.string().optional() })
    .optional(),
});

type Payload = z.infer<typeof payloadSchema>;

function actor(user: z.infer<typeof userSchema> | undefined): TrackerActor | null {
  return user ? { id: user.accountId, name: user.displayName ?? user.accountId } : null;
}

/** Text of a comment body: a wiki string, or ADF whose text nodes we join. */
function commentText(body: unknown): string {
  if (typeof body === 'string') return body;
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const { text, content } = node as { text?: unknown; content?: unknown };
    if (typeof text === 'string') parts.push(text);
    if (Array.isArray(content)) content.forEach(walk);
  };
  walk(body);
  return parts.join('');
}

function statusChange(payload: Payload, options: { deliveryId: string; syncAccountId: string | null }): TrackerEvent {
  const { deliveryId } = options;
  const items = payload.changelog?.items ?? [];
  const statusItem = items.find((item) => item.field === 'status' || item.fieldId === 'status');
  const status = payload.issue?.fields?.status;
  if (!payload.issue || !statusItem) return { type: 'ignored', deliveryId, reason: `jira ${payload.webhookEvent} without a status change` };
  if (!status) throw new TrackerError({ kind: 'invalid', message: `jira webhook ${deliveryId}: status change without the issue's status` });
  const state = jiraState(status);
  const resolution = items.find((item) => item.field === 'resolution');
  // Jira says only the new status' category; a cleared resolution is how workflows mark a reopen.
  const reopened = state !== 'done' && resolution !== undefined && Boolean(resolution.from) && !resolution.to;
  const change: StatusChange = state === 'done' ? 'done' : reopened ? 'reopened' : 'moved';
  const resolvedAt = state === 'done' && payload.issue.fields?.resolutiondate ? parseJiraTime(payload.issue.fields.resolutiondate) : null;
  const sender = actor(payload.user);
  return {
    type: 'status_changed',
    deliveryId,
    issueKey: payload.issue.key,
    at: new Date(payload.timestamp),
    sender,
    fromSyncAccount: sender !== null && sender.id === options.syncAccountId,
    change,
    state,
    statusName: status.name,
    resolvedAt: resolvedAt ?? (state === 'done' ? new Date(payload.timestamp) : null),
  };
}

/** Normalises a Jira webhook delivery (`jira:issue_updated` status changes, `comment_created`). */
export function parseJiraWebhook(delivery: WebhookDelivery, options: { syncAccountId: string | null }): TrackerEvent {
  const deliveryId = deliveryIdOf(delivery, 'x-atlassian-webhook-identifier');
  const parsed = payloadSchema.safeParse(parseJsonBody(delivery, 'jira'));
  if (!parsed.success) {
    throw new TrackerError({ kind: 'invalid', message: `jira webhook ${deliveryId}: not a Jira issue event (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})` });
  }
  const payload = parsed.data;
  if (payload.webhookEvent === 'jira:issue_updated') return statusChange(payload, { deliveryId, syncAccountId: options.syncAccountId });
  if (payload.webhookEvent === 'comment_created' && payload.comment && payload.issue) {
    const sender = actor(payload.comment.author ?? payload.user);
    return {
      type: 'comment_added',
      deliveryId,
      issueKey: payload.issue.key,
      commentId: payload.comment.id,
      at: payload.comment.created ? parseJiraTime(payload.comment.created) : new Date(payload.timestamp),
      sender,
      fromSyncAccount: sender !== null && sender.id === options.syncAccountId,
      bodyText: commentText(payload.comment.body),
    };
  }
  return { type: 'ignored', deliveryId, reason: `jira ${payload.webhookEvent}` };
}
