import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks `X-Pinchpoint-Signature: sha256=<hex>`, an HMAC-SHA256 of the raw body, against each
 * accepted secret in constant time. No secret or no signature is never verified.
 */
export function verifyHexSignature(rawBody: Buffer, header: string | undefined, secrets: readonly string[]): boolean {
  const match = header ? /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim()) : null;
  if (!match) return false;
  return matchesAny(Buffer.from(match[1]!, 'hex'), secrets, (secret) => createHmac('sha256', secret).update(rawBody).digest());
}

/**
 * Checks Zendesk's `X-Zendesk-Webhook-Signature`: base64 of an HMAC-SHA256 over the
 * `X-Zendesk-Webhook-Signature-Timestamp` value followed by the raw body
 * (https://developer.zendesk.com/documentation/webhooks/verifying/).
 */
export function verifyZendeskSignature(rawBody: Buffer, signature: string | undefined, timestamp: string | undefined, secrets: readonly string[]): boolean {
  if (!signature || !timestamp || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature.trim())) return false;
  const given = Buffer.from(signature.trim(), 'base64');
  return matchesAny(given, secrets, (secret) => createHmac('sha256', secret).update(timestamp).update(rawBody).digest());
}

function matchesAny(given: Buffer, secrets: readonly string[], digest: (secret: string) => Buffer): boolean {
  if (given.length !== 32) return false;
  let verified = false;
  // Every secret is tried even after a match, so the time taken does not tell which one matched.
  for (const secret of secrets) {
    if (secret === '') continue;
    if (timingSafeEqual(digest(secret), given)) verified = true;
  }
  return verified;
}
