import { TrackerConfigError } from './errors.ts';
import { trackerConnectionSchema, type SecretSource, type TrackerConnectionInput } from './connection.ts';
import { GithubTracker } from './github/githubTracker.ts';
import { JiraTracker } from './jira/jiraTracker.ts';
import type { Tracker } from './tracker.ts';

export interface CreateTrackerOptions {
  /** Where the connection's secrets are read, usually process.env via config. */
  env: SecretSource;
  now?: () => Date;
  timeoutMs?: number;
  pageSize?: number;
  /** GitHub: how often and how soon a 5xx is retried inside one call. */
  retries?: number;
  retryBaseMs?: number;
}

/**
 * Builds the client for one connection. Secrets are resolved now, so a missing variable is a
 * TrackerConfigError naming it before any request is made.
 */
export function createTracker(connection: TrackerConnectionInput, options: CreateTrackerOptions): Tracker {
  const result = trackerConnectionSchema.safeParse(connection);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'connection'}: ${issue.message}`);
    throw new TrackerConfigError(`tracker connection "${String(connection?.name)}" is not valid: ${problems.join('; ')}`);
  }
  const parsed = result.data;
  return parsed.kind === 'jira' ? new JiraTracker(parsed, options) : new GithubTracker(parsed, options);
}
