import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookDelivery } from './tracker.ts';
import { TrackerError } from './errors.ts';

/** One header of a delivery, whatever case the HTTP layer kept it in. */
export function headerValue(delivery: WebhookDelivery, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(delivery.headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

export function rawBodyBuffer(delivery: WebhookDelivery): Buffer {
  return typeof delivery.rawBody === 'string' ? Buffer.from(delivery.rawBody, 'utf8') : delivery.rawBody;
}

/**
 * Checks a `sha256=<hex>` HMAC signature of the raw body against each accepted secret, in
 * constant time per comparison. No secrets or no signature means not verified.
 */
export function verifySha256Signature(rawBody: Buffer, signature: string | undefined, secrets: readonly string[]): boolean {
  const match = signature ? /^sha256=([0-9a-fA-F]{64})$/.exec(signature.trim()) : null;
  if (!match) return false;
  const given = Buffer.from(match[1]!.toLowerCase(), 'hex');
  let verified = false;
  // Every secret is tried even after a match, so timing does not tell which one matched.
  for (const secret of secrets) {
    if (secret === '') continue;
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    if (timingSafeEqual(expected, given)) verified = true;
  }
  return verified;
}

/** The tracker's delivery id, or — when a proxy dropped it — a hash of the body, which a redelivery repeats. */
export function deliveryIdOf(delivery: WebhookDelivery, headerName: string): string {
  const id = headerValue(delivery, headerName)?.trim();
  if (id) return id;
  return `sha256:${createHash('sha256').update(rawBodyBuffer(delivery)).digest('hex')}`;
}

/** The JSON of a delivery; a body that is not JSON is the sender's mistake, not ours. */
export function parseJsonBody(delivery: WebhookDelivery, tracker: string): unknown {
  try {
    return JSON.parse(rawBodyBuffer(delivery).toString('utf8'));
  } catch (error) {
    throw new TrackerError({ kind: 'invalid', message: `${tracker} webhook: body is not JSON`, cause: error });
  }
}
