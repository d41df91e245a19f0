import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../../http/errors.ts';

/** A webhook request as received: the exact bytes (signatures are over them) and the headers. */
export interface HookDelivery {
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
}

export function headerOf(delivery: HookDelivery, name: string): string | undefined {
  const value = delivery.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The body as JSON; a body that is not JSON is the sender's mistake. */
export function jsonBodyOf(delivery: HookDelivery): unknown {
  try {
    return JSON.parse(delivery.rawBody.toString('utf8'));
  } catch {
    throw new AppError('INVALID_INPUT', 'body: is not JSON');
  }
}

export function bodyHash(delivery: HookDelivery): string {
  return `sha256:${createHash('sha256').update(delivery.rawBody).digest('hex')}`;
}
