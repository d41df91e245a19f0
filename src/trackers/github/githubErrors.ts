import { kindForStatus, parseRetryAfterMs, TrackerError, type ResponseHeaders, type TrackerErrorKind } from '../errors.ts';

/** The part of Octokit's RequestError we read (its class lives in a transitive package). */
interface OctokitRequestError {
  name: 'HttpError';
  status: number;
  message: string;
  response?: { headers: ResponseHeaders; data: unknown };
}

function isRequestError(value: unknown): value is OctokitRequestError {
  return value instanceof Error && value.name === 'HttpError' && typeof (value as { status?: unknown }).status === 'number';
}

/** GitHub answers 403 both for "no permission" and for rate limits; the headers tell which. https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#rate-limit-errors */
function githubKind(error: OctokitRequestError): TrackerErrorKind {
  const headers = error.response?.headers ?? {};
  const limited = headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] !== undefined || /rate limit/i.test(error.message);
  if ((error.status === 403 || error.status === 429) && limited) return 'rate_limited';
  // Octokit reports a request that never got an answer (refused, reset, timed out) as status 500.
  if (!error.response) return 'unavailable';
  return kindForStatus(error.status);
}

/** Turns whatever Octokit threw into a TrackerError naming the connection and the operation. */
export function toGithubTrackerError(error: unknown, where: { connection: string; operation: string; now: Date }): TrackerError {
  if (error instanceof TrackerError) return error;
  const prefix = `github ${where.connection}: ${where.operation}`;
  if (!isRequestError(error)) {
    return new TrackerError({ kind: 'unavailable', message: `${prefix} failed: ${(error as Error)?.message ?? String(error)}`, cause: error });
  }
  const kind = githubKind(error);
  const retryAfterMs = kind === 'rate_limited' || kind === 'unavailable' ? parseRetryAfterMs(error.response?.headers, where.now) : null;
  const status = error.response ? error.status : null;
  const wait = retryAfterMs === null ? '' : ` (retry after ${retryAfterMs} ms)`;
  return new TrackerError({
    kind,
    status,
    retryAfterMs,
    message: `${prefix} failed: ${status === null ? 'no answer' : `HTTP ${status}`} ${error.message.slice(0, 300)}${wait}`,
    cause: error,
  });
}
