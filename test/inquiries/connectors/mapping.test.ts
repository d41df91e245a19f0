import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { resolveMapping, type MappingRule } from '../../../src/inquiries/connectors/rules.ts';
import { verifyHexSignature, verifyZendeskSignature } from '../../../src/inquiries/connectors/signatures.ts';
import { valueAt } from '../../../src/inquiries/connectors/webhook/jsonPointer.ts';
import { feedTicketOf, zendeskTicket } from '../../../src/inquiries/connectors/zendesk/ticket.ts';

const rule = (id: number, field: string, equals: string, topic: string | null, market: string | null = null): MappingRule => ({ id, position: id, field, equals, topic, market });

describe('help-desk mapping', () => {
  describe('rules', () => {
    const rules = [
      rule(1, 'custom_field:1', 'sms', 'sms-payment'),
      rule(2, 'tag', 'bil', null, 'bil'),
      rule(3, 'tag', 'payment', 'payment', 'torget'),
      rule(4, 'form', '77', 'login', 'jobb'),
    ];

    it('takes topic and market each from the first matching rule that names one, then the default market', () => {
      assert.deepEqual(resolveMapping({ externalId: '1', receivedAt: '', facts: { 'custom_field:1': ['sms'], tag: ['bil', 'payment'] } }, { rules, defaultMarket: 'torget' }), { topic: 'sms-payment', market: 'bil' });
      assert.deepEqual(resolveMapping({ externalId: '1', receivedAt: '', facts: { tag: ['payment'], form: ['77'] } }, { rules, defaultMarket: null }), { topic: 'payment', market: 'torget' }, 'first match wins');
      assert.deepEqual(resolveMapping({ externalId: '1', receivedAt: '', facts: { tag: ['bil'] } }, { rules, defaultMarket: 'torget' }), { topic: undefined, market: 'bil' });
      assert.deepEqual(resolveMapping({ externalId: '1', receivedAt: '', facts: {} }, { rules, defaultMarket: null }), { topic: undefined, market: undefined });
      assert.deepEqual(resolveMapping({ externalId: '1', receivedAt: '', facts: { 'custom_field:1': ['SMS'] } }, { rules, defaultMarket: null }).topic, undefined, 'values match exactly');
    });

    it('for generic hooks, reads the tool\'s own values through the value maps after the rules', () => {
      const valueMaps = { topicValues: { Billing: 'payment' }, marketValues: { Motor: 'bil' } };
      const source = { rules: [rule(1, 'topic', 'Billing', 'sms-payment')], defaultMarket: 'torget', valueMaps };
      assert.deepEqual(resolveMapping({ externalId: '1', receivedAt: '', facts: { topic: ['Billing'], market: ['Motor'] } }, source), { topic: 'sms-payment', market: 'bil' });
      assert.deepEqual(resolveMapping({ externalId: '1', receivedAt: '', facts: { topic: ['login'] } }, { ...source, rules: [] }), { topic: 'login', market: 'torget' });
      assert.deepEqual(resolveMapping({ externalId: '1', receivedAt: '', facts: { topic: ['toString'] } }, { ...source, rules: [] }).topic, 'toString', 'no prototype keys');
    });
  });

  it('reads RFC 6901 JSON pointers', () => {
    const doc = { a: { 'b/c': 1, 'd~e': 2, list: ['x', { y: 'z' }] }, n: null };
    assert.equal(valueAt(doc, '/a/b~1c'), 1);
    assert.equal(valueAt(doc, '/a/d~0e'), 2);
    assert.equal(valueAt(doc, '/a/list/1/y'), 'z');
    assert.equal(valueAt(doc, '/a/list/01'), undefined);
    assert.equal(valueAt(doc, '/a/missing/deeper'), undefined);
    assert.equal(valueAt(doc, '/n/x'), undefined);
    assert.equal(valueAt(doc, '/a/constructor'), undefined);
  });

  it('verifies signatures in both formats and nothing else', () => {
    const body = Buffer.from('{"id":1}');
    const hex = `sha256=${createHmac('sha256', 'secret').update(body).digest('hex')}`;
    assert.ok(verifyHexSignature(body, hex, ['old', 'secret']));
    assert.ok(!verifyHexSignature(body, hex, ['old']));
    assert.ok(!verifyHexSignature(body, hex, []));
    assert.ok(!verifyHexSignature(body, hex.slice(0, -2), ['secret']));
    assert.ok(!verifyHexSignature(body, undefined, ['secret']));
    const timestamp = '2026-11-23T12:00:00Z';
    const zendesk = createHmac('sha256', 'secret').update(timestamp + body.toString()).digest('base64');
    assert.ok(verifyZendeskSignature(body, zendesk, timestamp, ['secret']));
    assert.ok(!verifyZendeskSignature(body, zendesk, '2026-11-23T12:00:01Z', ['secret']));
    assert.ok(!verifyZendeskSignature(body, zendesk, undefined, ['secret']));
    assert.ok(!verifyZendeskSignature(body, 'not base64!', timestamp, ['secret']));
    assert.ok(!verifyZendeskSignature(body, Buffer.from('short').toString('base64'), timestamp, ['secret']));
  });

  it('reads a Zendesk ticket: every kind of custom field, channel, deletion, and text PostgreSQL can store', () => {
    const ticket = zendeskTicket.parse({
      id: 35436,
      created_at: '2026-11-02T08:00:00Z',
      status: 'open',
      subject: 'Printer \u0000on fire',
      tags: ['enterprise', 'bil'],
      custom_fields: [
        { id: 1, value: 'sms_payment' },
        { id: 2, value: ['a', 'b'] },
        { id: 3, value: true },
        { id: 4, value: 745 },
        { id: 5, value: null },
        { id: 6, value: '' },
      ],
      ticket_form_id: 77,
      brand_id: 123,
      via: { channel: 'voice', source: {} },
      unknown_future_field: { anything: 1 },
    });
    const feed = feedTicketOf(ticket, { includeSubject: true });
    assert.deepEqual(feed, {
      externalId: '35436',
      receivedAt: '2026-11-02T08:00:00Z',
      channel: 'phone',
      note: 'Printer on fire',
      facts: { tag: ['enterprise', 'bil'], form: ['77'], brand: ['123'], 'custom_field:1': ['sms_payment'], 'custom_field:2': ['a', 'b'], 'custom_field:3': ['true'], 'custom_field:4': ['745'] },
      deleted: false,
    });
    assert.equal(feedTicketOf(ticket, { includeSubject: false }).note, undefined);
    assert.equal(feedTicketOf({ ...ticket, status: 'deleted' }, { includeSubject: true }).deleted, true);
    assert.equal(feedTicketOf({ ...ticket, via: { channel: 'carrier_pigeon' } }, { includeSubject: true }).channel, 'other');
    assert.ok(!zendeskTicket.safeParse({ id: 'x', created_at: '2026-11-02T08:00:00Z' }).success);
  });
});
