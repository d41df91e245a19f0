import { z } from 'zod';
import type { Channel } from '../../schemas.ts';
import { MAX_NOTE } from '../../schemas.ts';
import { storableText, type FeedTicket } from '../feedTicket.ts';

/**
 * The ticket fields the feed reads, as Zendesk publishes them
 * (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#json-format).
 * Everything else is ignored, so Zendesk may add fields freely.
 */
export const zendeskTicket = z.looseObject({
  id: z.number().int().positive(),
  created_at: z.string(),
  updated_at: z.string().nullish(),
  status: z.string().nullish(),
  subject: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  custom_fields: z.array(z.looseObject({ id: z.number(), value: z.unknown() })).nullish(),
  ticket_form_id: z.number().nullish(),
  brand_id: z.number().nullish(),
  via: z.looseObject({ channel: z.union([z.string(), z.number()]).nullish() }).nullish(),
});
export type ZendeskTicket = z.infer<typeof zendeskTicket>;

/** Zendesk's `via.channel` → our channel (https://developer.zendesk.com/documentation/ticketing/reference-guides/via-object-reference/). */
const CHANNEL_BY_VIA: Record<string, Channel> = {
  email: 'email',
  voice: 'phone',
  phone: 'phone',
  chat: 'chat',
  native_messaging: 'chat',
  messaging: 'chat',
  sms: 'chat',
  whatsapp: 'chat',
  line: 'chat',
  wechat: 'chat',
  telegram: 'chat',
  twitter: 'social',
  facebook: 'social',
  instagram_dm: 'social',
  web: 'form',
  web_form: 'form',
  help_center: 'form',
  web_widget: 'form',
  mobile: 'form',
  mobile_sdk: 'form',
};

/** One ticket as the feed reads it: rules look at its tags, form, brand and custom fields. */
export function feedTicketOf(ticket: ZendeskTicket, options: { includeSubject: boolean }): FeedTicket {
  const facts: Record<string, string[]> = {};
  if (ticket.tags && ticket.tags.length > 0) facts.tag = ticket.tags.map(storableText);
  if (ticket.ticket_form_id != null) facts.form = [String(ticket.ticket_form_id)];
  if (ticket.brand_id != null) facts.brand = [String(ticket.brand_id)];
  for (const field of ticket.custom_fields ?? []) {
    const values = fieldValues(field.value);
    if (values.length > 0) facts[`custom_field:${field.id}`] = values;
  }
  const subject = ticket.subject ? storableText(ticket.subject).trim() : undefined;
  return {
    externalId: String(ticket.id),
    receivedAt: ticket.created_at,
    channel: CHANNEL_BY_VIA[String(ticket.via?.channel ?? '')] ?? 'other',
    note: options.includeSubject && subject ? subject.slice(0, MAX_NOTE) : undefined,
    facts,
    deleted: ticket.status === 'deleted',
  };
}

/** A custom field's value as text: drop-downs are tags, multi-selects lists, checkboxes booleans. */
function fieldValues(value: unknown): string[] {
  if (value === null || value === undefined || value === '') return [];
  if (Array.isArray(value)) return value.flatMap(fieldValues);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return [storableText(String(value))];
  return [];
}
