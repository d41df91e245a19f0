import { z } from 'zod';
import type { IssueSnapshot, IssueState } from '../tracker.ts';

/** Jira writes offsets without a colon (`+0000`); normalise so every runtime parses them. */
export function parseJiraTime(value: string): Date {
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const at = new Date(normalised);
  if (Number.isNaN(at.getTime())) throw new Error(`not a Jira time: ${value}`);
  return at;
}

const jiraTime = z.string().transform((value, ctx) => {
  try {
    return parseJiraTime(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `not a time: ${value}` });
    return z.NEVER;
  }
});

export const jiraStatusSchema = z.object({
  name: z.string(),
  statusCategory: z.object({ key: z.string() }),
});

/** The fields we read of an issue: https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-get */
export const jiraIssueSchema = z.object({
  id: z.string(),
  key: z.string(),
  fields: z.object({
    summary: z.string(),
    status: jiraStatusSchema,
    resolutiondate: jiraTime.nullable().optional(),
    updated: jiraTime,
  }),
});

export type JiraIssue = z.infer<typeof jiraIssueSchema>;

/** The fields to ask for, so Jira does not send every custom field. */
export const jiraIssueFields = ['summary', 'status', 'resolutiondate', 'updated'];

/** Done is the status category `done`; Jira has no closed-but-not-done category. */
export function jiraState(status: z.infer<typeof jiraStatusSchema>): IssueState {
  return status.statusCategory.key === 'done' ? 'done' : 'open';
}

export function jiraSnapshot(issue: JiraIssue, baseUrl: string): IssueSnapshot {
  const state = jiraState(issue.fields.status);
  return {
    key: issue.key,
    url: `${baseUrl}/browse/${issue.key}`,
    title: issue.fields.summary,
    state,
    statusName: issue.fields.status.name,
    resolvedAt: state === 'done' ? (issue.fields.resolutiondate ?? null) : null,
    updatedAt: issue.fields.updated,
  };
}
