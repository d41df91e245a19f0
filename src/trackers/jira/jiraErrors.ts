import { HttpException } from 'jira.js';
import { kindForStatus, parseRetryAfterMs, TrackerError, type ResponseHeaders } from '../errors.ts';

/** The part of an axios error we read (axios is jira.js's transport, not our dependency). */
interface TransportError {
  isAxiosError: true;
  code?: string;
  message: string;
  response?: { status: number; headers: unknown; data: unknown };
}

function isTransportError(value: unknown): value is TransportError {
  return typeof value === 'object' && value !== null && (value as { isAxiosError?: unknown }).isAxiosError === true;
}

/** Jira's error body: https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/#status-codes */
function jiraMessages(data: unknown): string {
  if (!data || typeof data !== 'object') return '';
  const { errorMessages, errors } = data as { errorMessages?: unknown; errors?: unknown };
  const parts: string[] = [];
  if (Array.isArray(errorMessages)) parts.push(...errorMessages.map(String));
  if (errors && typeof errors === 'object') parts.push(...Object.entries(errors).map(([field, message]) => `${field}: ${String(message)}`));
  return parts.join('; ').slice(0, 500);
}

/** Turns whatever jira.js threw into a TrackerError naming the connection and the operation. */
export function toJiraTrackerError(error: unknown, where: { connection: string; operation: string; now: Date }): TrackerError {
  if (error instanceof TrackerError) return error;
  const prefix = `jira ${where.connection}: ${where.operation}`;
  const axiosError = error instanceof HttpException && isTransportError(error.cause) ? error.cause : isTransportError(error) ? error : null;
  const response = axiosError?.response;
  if (!response) {
    const reason = axiosError?.code === 'ECONNABORTED' || axiosError?.code === 'ETIMEDOUT' ? 'timed out' : (error as Error)?.message ?? String(error);
    return new TrackerError({ kind: 'unavailable', message: `${prefix} failed: ${reason}`, cause: error });
  }
  const status = response.status;
  const kind = kindForStatus(status);
  const retryAfterMs = kind === 'rate_limited' || kind === 'unavailable' ? parseRetryAfterMs(response.headers as ResponseHeaders, where.now) : null;
  const details = jiraMessages(response.data);
  const wait = retryAfterMs === null ? '' : ` (retry after ${retryAfterMs} ms)`;
  return new TrackerError({
    kind,
    status,
    retryAfterMs,
    message: `${prefix} failed: HTTP ${status}${details ? ` ${details}` : ''}${wait}`,
    cause: error,
  });
}
