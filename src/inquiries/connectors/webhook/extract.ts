import { MAX_NOTE } from '../../schemas.ts';
import { storableText, type FeedTicket } from '../feedTicket.ts';
import type { WebhookMapping } from '../schemas.ts';
import { valueAt } from './jsonPointer.ts';

export type Extracted = { ok: true; ticket: FeedTicket } | { ok: false; errors: string[] };

/** A scalar as text; objects and lists are not values a mapping can use. */
function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return storableText(value).trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * Reads one posted item through the connector's mapping. Errors name our field and the path read,
 * e.g. `externalId (/id): missing`. A missing topic is not an error: the item waits in the
 * unmapped list like any ticket no rule maps.
 */
export function extractItem(item: unknown, mapping: WebhookMapping): Extracted {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return { ok: false, errors: ['body: each item must be a JSON object'] };
  const errors: string[] = [];
  const read = (field: keyof WebhookMapping & string, path: string | undefined, required: boolean): string | undefined => {
    if (path === undefined) return undefined;
    const raw = valueAt(item, path);
    const value = scalar(raw);
    if (value === undefined && raw !== undefined && raw !== null && raw !== '') errors.push(`${field} (${path}): must be text or a number`);
    else if (value === undefined && required) errors.push(`${field} (${path}): missing`);
    return value;
  };
  const externalId = read('externalId', mapping.externalId, true);
  const receivedAt = read('receivedAt', mapping.receivedAt, true);
  const topic = read('topic', mapping.topic, false);
  const market = read('market', mapping.market, false);
  const note = read('note', mapping.note, false);
  const channel = read('channel', mapping.channel, false);
  if (externalId !== undefined && externalId.length > 200) errors.push(`externalId (${mapping.externalId}): at most 200 characters`);
  if (errors.length > 0 || externalId === undefined || receivedAt === undefined) return { ok: false, errors };
  const facts: Record<string, string[]> = {};
  if (topic !== undefined) facts.topic = [topic];
  if (market !== undefined) facts.market = [market];
  return {
    ok: true,
    ticket: {
      externalId,
      receivedAt,
      channel: channel === undefined ? undefined : (mapping.channelValues[channel] ?? channel.toLowerCase()),
      note: note?.slice(0, MAX_NOTE),
      facts,
    },
  };
}
