import { z } from 'zod';
import type { IssueSnapshot, IssueState } from '../tracker.ts';

/** The fields we read of an issue: https://docs.github.com/en/rest/issues/issues#get-an-issue */
export const githubIssueSchema = z.object({
  number: z.number().int(),
  title: z.string(),
  html_url: z.string(),
  state: z.enum(['open', 'closed']),
  state_reason: z.string().nullable().optional(),
  closed_at: z.string().nullable().optional(),
  updated_at: z.string(),
  pull_request: z.unknown().optional(),
});

export type GithubIssue = z.infer<typeof githubIssueSchema>;

/**
 * Closed as `completed` is done; `not_planned` and `duplicate` are closed without the work.
 * Issues closed before GitHub had reasons carry none, and closing used to mean done.
 */
export function githubState(issue: Pick<GithubIssue, 'state' | 'state_reason'>): IssueState {
  if (issue.state === 'open') return 'open';
  return !issue.state_reason || issue.state_reason === 'completed' ? 'done' : 'closed_not_done';
}

export function githubStatusName(issue: Pick<GithubIssue, 'state' | 'state_reason'>): string {
  if (issue.state === 'open') return 'open';
  return issue.state_reason ? `closed (${issue.state_reason.replace(/_/g, ' ')})` : 'closed';
}

export function githubSnapshot(issue: GithubIssue): IssueSnapshot {
  const state = githubState(issue);
  return {
    key: String(issue.number),
    url: issue.html_url,
    title: issue.title,
    state,
    statusName: githubStatusName(issue),
    resolvedAt: state !== 'open' && issue.closed_at ? new Date(issue.closed_at) : null,
    updatedAt: new Date(issue.updated_at),
  };
}
