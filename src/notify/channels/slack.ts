import { parseRetryAfter } from '../backoff.ts';
import { DeliveryError } from './deliveryError.ts';

const TIMEOUT_MS = 15_000;

/** Statuses that say the webhook itself is wrong (gone, revoked, bad payload): retrying cannot help. */
const isPermanent = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * Posts `{ text }` (mrkdwn) to a Slack-compatible incoming webhook. Errors never include the URL,
 * which is the webhook's secret.
 */
export async function sendToWebhook(url: string, text: string, asOf: Date): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ text }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new DeliveryError(`webhook unreachable: ${reason}`);
  }
  const answer = (await response.text().catch(() => '')).replace(/\s+/g, ' ').trim().slice(0, 200);
  if (response.ok) return;
  const retryAfterMs = response.status === 429 || response.status === 503 ? parseRetryAfter(response.headers.get('retry-after'), asOf) : undefined;
  throw new DeliveryError(`webhook answered ${response.status}${answer ? `: ${answer}` : ''}`, {
    permanent: isPermanent(response.status),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}
