import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import { drainTicketOutbox } from '../../src/fixes/helpdesk.ts';
import { caseInProgress } from '../followups/support.ts';
import { createZendeskWorld, sync, TOPIC_FIELD, type ZendeskWorld } from '../inquiries/connectors/support.ts';

const minutes = (n: number) => new Date(Date.parse('2026-11-23T12:00:00Z') + n * 60_000);

describe('fixed notes in the help desk: a tag and an internal note on the tickets behind the case', () => {
  let world: ZendeskWorld;
  let caseKey: string;
  let caseId: number;
  const tickets: Record<string, number> = {};
  let w: Parameters<typeof caseInProgress>[0];

  before(async () => {
    world = await createZendeskWorld();
    const ux = await world.t.addUser({ email: 'kari@example.no', name: 'Kari Nordmann', role: 'analyst' });
    const dev = await world.t.addUser({ email: 'ola@example.no', name: 'Ola Utvikler', role: 'agent' });
    const agent = await world.t.addUser({ email: 'per@example.no', name: 'Per Kundesenter', role: 'agent' });
    const sms = { customFields: { [TOPIC_FIELD]: 'sms_payment' } };
    // The fix ships on 10 November: the before window is 27 October to 9 November.
    tickets.before1 = world.zendesk.createTicket({ ...sms, createdAt: '2026-11-03T09:00:00Z' });
    tickets.before2 = world.zendesk.createTicket({ ...sms, createdAt: '2026-11-09T15:00:00Z' });
    tickets.afterFix = world.zendesk.createTicket({ ...sms, createdAt: '2026-11-12T09:00:00Z' });
    tickets.otherMarket = world.zendesk.createTicket({ ...sms, tags: ['bil'], createdAt: '2026-11-04T09:00:00Z' });
    tickets.otherTopic = world.zendesk.createTicket({ customFields: { [TOPIC_FIELD]: 'image_upload' }, createdAt: '2026-11-04T09:00:00Z' });
    const run = await sync(world);
    assert.equal(run.error ?? null, null);
    // The same problem logged by phone: not a help-desk ticket, so nothing to tag.
    await world.t.as('agent').post('/api/v1/inquiries').send({ receivedAt: '2026-11-05T10:00:00Z', topic: 'sms-payment', market: 'torget', externalId: '4242' }).expect(201);

    w = { t: world.t, ux, dev, agent };
    const created = await caseInProgress(w, { title: 'SMS payment hangs', topics: ['payment'], markets: ['torget'], currentState: 'SMS payments hang.' });
    caseKey = created.key;
    caseId = created.id;
    await ux.as.post(`/api/v1/cases/${caseKey}/fix-shipped`).send({ shippedAt: '2026-11-10T10:00:00Z' }).expect(200);
    for (const status of ['verifying', 'resolved']) await ux.as.post(`/api/v1/cases/${caseKey}/status`).send({ status }).expect(200);
  });
  after(() => world.close());

  it('queues nothing for a draft: the help desk hears only of an approved note', async () => {
    assert.deepEqual(await drainTicketOutbox(world.t.ctx, minutes(0)), { done: 0, retry: 0, failed: 0 });
    assert.deepEqual(world.zendesk.updates, []);
  });

  it('on approval, queues the Zendesk tickets of the case topics (sub-topics too) and markets in the before window', async () => {
    const approved = await world.t.as('admin').post(`/api/v1/cases/${caseKey}/fixed-note/approve`).expect(200);
    assert.deepEqual(approved.body.helpDesk, { total: 2, done: 0, pending: 2, failed: 0, lastError: null });
    const { body } = await world.t.as('analyst').get(`/api/v1/cases/${caseKey}/fixed-note/tickets`).expect(200);
    assert.deepEqual(
      body.tickets.map((t: { ticketId: string; status: string; connector: string }) => [t.ticketId, t.status, t.connector]).sort(),
      [String(tickets.before1), String(tickets.before2)].sort().map((id) => [id, 'pending', 'finn-support']),
    );
    await world.t.as('agent').get(`/api/v1/cases/${caseKey}/fixed-note/tickets`).expect(403);
  });

  it('a failure half way is retried later, and a lost answer never tags a ticket twice', async () => {
    // The first update goes through; the second gets a 500.
    world.zendesk.fail({ endpoint: 'update', after: 1, status: 500 });
    assert.deepEqual(await drainTicketOutbox(world.t.ctx, minutes(0)), { done: 1, retry: 1, failed: 0 });
    assert.equal(world.zendesk.updates.length, 1);
    let note = (await world.t.as('analyst').get(`/api/v1/cases/${caseKey}/fixed-note`).expect(200)).body;
    assert.equal(note.helpDesk.done, 1);
    assert.equal(note.helpDesk.pending, 1);
    assert.match(note.helpDesk.lastError, /Zendesk answered 500 to PUT/);
    // Not due yet: the backoff holds it.
    assert.deepEqual(await drainTicketOutbox(world.t.ctx, minutes(0.5)), { done: 0, retry: 0, failed: 0 });
    // The retry is applied by Zendesk, but its answer is lost.
    world.zendesk.fail({ endpoint: 'update', status: 502, applyFirst: true });
    assert.deepEqual(await drainTicketOutbox(world.t.ctx, minutes(2)), { done: 0, retry: 1, failed: 0 });
    assert.equal(world.zendesk.updates.length, 2);
    // The next try reads the ticket, finds the tag, and writes nothing.
    assert.deepEqual(await drainTicketOutbox(world.t.ctx, minutes(10)), { done: 1, retry: 0, failed: 0 });
    assert.equal(world.zendesk.updates.length, 2);
    assert.deepEqual(await drainTicketOutbox(world.t.ctx, minutes(60)), { done: 0, retry: 0, failed: 0 });

    const tag = `pinchpoint-fixed-${caseId}`;
    assert.deepEqual(world.zendesk.updates.map((u) => u.ticketId).sort(), [tickets.before1, tickets.before2].sort());
    for (const update of world.zendesk.updates) {
      assert.deepEqual(update.addTags, [tag]);
      assert.equal(update.comment?.public, false, 'an internal note, never a reply to the customer');
      assert.match(update.comment!.body, /the problem behind this ticket has been fixed \(PP-\d+\)/);
      assert.match(update.comment!.body, /Fixed: SMS payment hangs\n\nWhat was wrong: SMS payments hang\./);
      assert.match(update.comment!.body, /http:\/\/localhost:3000\/fixed#note-\d+/);
    }
    for (const id of [tickets.before1!, tickets.before2!]) assert.ok((world.zendesk.ticket(id).tags as string[]).includes(tag));
    for (const id of [tickets.afterFix!, tickets.otherMarket!, tickets.otherTopic!]) assert.ok(!(world.zendesk.ticket(id).tags as string[]).includes(tag));
    note = (await world.t.as('analyst').get(`/api/v1/cases/${caseKey}/fixed-note`).expect(200)).body;
    assert.deepEqual(note.helpDesk, { total: 2, done: 2, pending: 0, failed: 0, lastError: null });
    assert.deepEqual(world.zendesk.violations, []);
  });

  it('a refusal retrying cannot fix fails at once with its reason, and can be queued again by hand', async () => {
    // Withdrawn and published again: the tickets already tagged are not written again.
    await world.t.as('analyst').post(`/api/v1/cases/${caseKey}/fixed-note/withdraw`).send({}).expect(200);
    const late = world.zendesk.createTicket({ customFields: { [TOPIC_FIELD]: 'sms_payment' }, createdAt: '2026-11-06T09:00:00Z' });
    await sync(world);
    const republished = await world.t.as('analyst').post(`/api/v1/cases/${caseKey}/fixed-note/approve`).expect(200);
    assert.deepEqual(republished.body.helpDesk, { total: 3, done: 2, pending: 1, failed: 0, lastError: null });
    // A connector an admin switched off is not written to; its tickets wait.
    await world.t.as('admin').patch('/api/v1/connectors/finn-support').send({ active: false }).expect(200);
    assert.deepEqual(await drainTicketOutbox(world.t.ctx, minutes(70)), { done: 0, retry: 0, failed: 0 });
    await world.t.as('admin').patch('/api/v1/connectors/finn-support').send({ active: true }).expect(200);
    world.zendesk.fail({ endpoint: 'update', status: 422 });
    assert.deepEqual(await drainTicketOutbox(world.t.ctx, minutes(70)), { done: 0, retry: 0, failed: 1 });
    const note = (await world.t.as('analyst').get(`/api/v1/cases/${caseKey}/fixed-note`).expect(200)).body;
    assert.equal(note.helpDesk.failed, 1);
    assert.match(note.helpDesk.lastError, /Zendesk answered 422/);
    const retried = await world.t.as('analyst').post(`/api/v1/cases/${caseKey}/fixed-note/tickets/retry`).expect(200);
    assert.deepEqual(retried.body, { requeued: 1 });
    assert.deepEqual(await drainTicketOutbox(world.t.ctx, minutes(71)), { done: 1, retry: 0, failed: 0 });
    assert.deepEqual(world.zendesk.updates.map((u) => u.ticketId).sort(), [tickets.before1, tickets.before2, late].sort());
  });

  it('sends the note to the customer as a public reply only when ZENDESK_PUBLIC_REPLY is true', async () => {
    const ticket = world.zendesk.createTicket({ customFields: { [TOPIC_FIELD]: 'image_upload' }, createdAt: '2026-11-05T09:00:00Z' });
    await sync(world);
    const image = await caseInProgress(w, { title: 'Image upload fails', topics: ['image-upload'], markets: [], currentState: 'Uploads fail.' });
    await w.ux.as.post(`/api/v1/cases/${image.key}/fix-shipped`).send({ shippedAt: '2026-11-10T10:00:00Z' }).expect(200);
    for (const status of ['verifying', 'resolved']) await w.ux.as.post(`/api/v1/cases/${image.key}/status`).send({ status }).expect(200);
    await w.ux.as.post(`/api/v1/cases/${image.key}/fixed-note/approve`).expect(200);
    const publicCtx = { ...world.t.ctx, config: { ...world.t.ctx.config, ZENDESK_PUBLIC_REPLY: true } };
    assert.deepEqual(await drainTicketOutbox(publicCtx, minutes(80)), { done: 2, retry: 0, failed: 0 });
    const reply = world.zendesk.updates.find((u) => u.ticketId === ticket)!;
    assert.deepEqual(reply.addTags, [`pinchpoint-fixed-${image.id}`]);
    assert.equal(reply.comment!.public, true);
    // The customer gets the note itself, not the agents' instructions or our internal link.
    assert.equal(reply.comment!.body, 'Fixed: Image upload fails\n\nWhat was wrong: Uploads fail.\n\nWhat we fixed: SMS payment inquiries back at their September level.');
    assert.deepEqual(world.zendesk.violations, []);
  });

  it('reads ZENDESK_PUBLIC_REPLY as false unless set to true, and refuses a bad value by name', () => {
    assert.equal(loadConfig({}).ZENDESK_PUBLIC_REPLY, false);
    assert.equal(loadConfig({ ZENDESK_PUBLIC_REPLY: 'true' }).ZENDESK_PUBLIC_REPLY, true);
    assert.throws(() => loadConfig({ ZENDESK_PUBLIC_REPLY: 'yes' }), /ZENDESK_PUBLIC_REPLY: must be true or false/);
  });
});
