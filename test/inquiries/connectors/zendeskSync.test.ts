import assert from 'node:assert/strict';
import type { Job } from 'agenda';
import { loadConfig } from '../../../src/config.ts';
import type { AppContext } from '../../../src/context.ts';
import { connectorJobs, zendeskSyncJob, zendeskSyncNowJob } from '../../../src/inquiries/connectors/jobs.ts';
import { queuedSyncs } from '../../../src/inquiries/connectors/queue.ts';
import { getConnectorByName } from '../../../src/inquiries/connectors/repo.ts';
import { allJobs } from '../../../src/jobs/all.ts';
import { createScheduler } from '../../../src/jobs/scheduler.ts';
import { assertRollupConsistent, CONNECTOR, createZendeskWorld, cursorOf, inquiriesOf, sync, TOPIC_FIELD, type ZendeskWorld } from './support.ts';

const topicField = (value: string | null) => ({ [TOPIC_FIELD]: value });

describe('Zendesk connector: incremental export', function () {
  this.timeout(60_000);
  let world: ZendeskWorld;
  beforeEach(async () => {
    world = await createZendeskWorld();
  });
  afterEach(async () => {
    assert.deepEqual(world.zendesk.violations, []);
    await world.close();
  });

  async function volumeByTopic(): Promise<Record<string, number>> {
    const res = await world.t.as('leader').get('/api/v1/stats/volume?from=2026-11-01&to=2026-11-23&asOf=2026-11-23&groupBy=topic').expect(200);
    return Object.fromEntries((res.body.groups as Array<{ key: string; count: number }>).map((g) => [g.key, g.count]));
  }

  it('counts tickets without retyping: one inquiry per ticket, at its created_at, read page by page from the start time', async () => {
    const { zendesk } = world;
    const ids = [
      zendesk.createTicket({ customFields: topicField('sms_payment'), channel: 'voice', createdAt: '2026-11-02T08:15:00Z', subject: 'Paid by SMS twice' }),
      zendesk.createTicket({ customFields: topicField('image_upload'), tags: ['bil', 'vip'], channel: 'web', createdAt: '2026-11-02T09:00:00Z' }),
      zendesk.createTicket({ customFields: topicField('sms_payment'), channel: 'native_messaging', createdAt: '2026-11-03T10:00:00Z' }),
      zendesk.createTicket({ customFields: topicField('sms_payment'), channel: 'email', createdAt: '2026-11-03T11:00:00Z' }),
      zendesk.createTicket({ customFields: topicField('image_upload'), channel: 'facebook', createdAt: '2026-11-04T12:00:00Z' }),
      zendesk.createTicket({ customFields: topicField('sms_payment'), channel: 'api', createdAt: '2026-11-05T13:00:00Z' }),
      zendesk.createTicket({ customFields: topicField('image_upload'), tags: ['bil'], createdAt: '2026-11-06T14:00:00Z' }),
    ];
    const run = await sync(world);
    assert.deepEqual({ pages: run.pages, created: run.created, unmapped: run.unmapped, caughtUp: run.caughtUp, error: run.error }, { pages: 3, created: 7, unmapped: 0, caughtUp: true, error: undefined });

    const stored = await inquiriesOf(world.t);
    assert.deepEqual(stored.map((i) => i.externalId), ids.map(String));
    assert.deepEqual(stored[0], { externalId: String(ids[0]), topic: 'sms-payment', market: 'torget', channel: 'phone', note: 'Paid by SMS twice', receivedAt: '2026-11-02T08:15:00Z' });
    assert.deepEqual(stored.map((i) => i.market), ['torget', 'bil', 'torget', 'torget', 'torget', 'torget', 'bil'], 'a tag rule gives the market, else the default');
    assert.deepEqual(stored.map((i) => i.channel), ['phone', 'form', 'chat', 'email', 'social', 'other', 'email']);
    assert.deepEqual(await volumeByTopic(), { 'sms-payment': 4, 'image-upload': 3 });

    const [first, ...rest] = zendesk.exportRequests();
    assert.equal(first!.query.get('start_time'), String(Date.parse('2026-11-01T00:00:00Z') / 1000));
    assert.equal(first!.query.get('per_page'), '3');
    assert.ok(rest.every((r) => r.query.get('cursor') && !r.query.has('start_time')), 'later pages follow after_cursor');

    const stored1 = await cursorOf(world.t);
    const again = await sync(world);
    assert.deepEqual({ created: again.created, updated: again.updated, pages: again.pages }, { created: 0, updated: 0, pages: 1 });
    assert.equal(zendesk.exportRequests().at(-1)!.query.get('cursor'), stored1, 'the next run starts from the stored cursor');
    assert.equal((await inquiriesOf(world.t)).length, 7);
    await assertRollupConsistent(world.t);
  });

  it('resumes from its cursor after a crash, with no gap and no duplicate', async () => {
    const { zendesk } = world;
    for (let day = 2; day <= 9; day++) zendesk.createTicket({ customFields: topicField('sms_payment'), createdAt: `2026-11-0${day}T10:00:00Z` });
    zendesk.fail({ endpoint: 'export', after: 2, reset: 'connection' });
    const crashed = await sync(world);
    assert.equal(crashed.pages, 2);
    assert.match(crashed.error ?? '', /could not be reached/);
    assert.equal((await inquiriesOf(world.t)).length, 6, 'the two stored pages stay');
    const cursorAfterCrash = await cursorOf(world.t);
    const connector = (await world.t.as('admin').get(`/api/v1/connectors/${CONNECTOR}`).expect(200)).body;
    assert.match(connector.lastSyncError, /could not be reached/);

    // While the feed was down: a new ticket, and a stored one re-categorised.
    const late = zendesk.createTicket({ customFields: topicField('image_upload'), createdAt: '2026-11-10T10:00:00Z' });
    const firstId = Number((await inquiriesOf(world.t))[0]!.externalId);
    zendesk.updateTicket(firstId, { customFields: topicField('image_upload') });

    const resumed = await sync(world);
    assert.equal(resumed.error, undefined);
    const firstRequestOfRun = zendesk.exportRequests().at(-resumed.pages)!;
    assert.equal(firstRequestOfRun.query.get('cursor'), cursorAfterCrash, 'continues where the last stored page ended');
    assert.deepEqual({ created: resumed.created, updated: resumed.updated }, { created: 3, updated: 1 });
    const stored = await inquiriesOf(world.t);
    assert.equal(stored.length, 9);
    assert.equal(new Set(stored.map((i) => i.externalId)).size, 9, 'every ticket once');
    assert.ok(stored.some((i) => i.externalId === String(late)));
    assert.equal((await world.t.as('admin').get(`/api/v1/connectors/${CONNECTOR}`)).body.lastSyncError, null);
    await assertRollupConsistent(world.t);
  });

  it('stores nothing of a page that fails half way and keeps its cursor: a 500 on page 2, then a body cut off', async () => {
    const { zendesk } = world;
    for (let day = 2; day <= 7; day++) zendesk.createTicket({ customFields: topicField('image_upload'), createdAt: `2026-11-0${day}T10:00:00Z` });
    zendesk.fail({ endpoint: 'export', after: 1, status: 500 });
    const failed = await sync(world);
    assert.deepEqual({ pages: failed.pages, created: failed.created }, { pages: 1, created: 3 });
    assert.match(failed.error ?? '', /500/);
    const cursor = await cursorOf(world.t);

    zendesk.fail({ endpoint: 'export', reset: 'midBody' });
    const cut = await sync(world);
    assert.equal(cut.pages, 0);
    assert.match(cut.error ?? '', /cut off/);
    assert.equal((await inquiriesOf(world.t)).length, 3, 'nothing of the half-read page');
    assert.equal(await cursorOf(world.t), cursor, 'the cursor did not move');

    const retried = await sync(world);
    assert.deepEqual({ created: retried.created, error: retried.error }, { created: 3, error: undefined });
    assert.equal((await inquiriesOf(world.t)).length, 6);
    await assertRollupConsistent(world.t);
  });

  it('rolls back a page whose storing fails half way: its inquiries, its unmapped tickets and its cursor', async () => {
    const { zendesk, t } = world;
    zendesk.createTicket({ customFields: topicField('sms_payment'), createdAt: '2026-11-02T08:00:00Z' });
    zendesk.createTicket({ customFields: topicField('not_yet_mapped'), createdAt: '2026-11-02T09:00:00Z' });
    // The database refuses the page's last write (the unmapped list), after its inquiries were written.
    await t.db.pool.query(`CREATE FUNCTION pp_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`);
    await t.db.pool.query(`CREATE TRIGGER pp_test_refuse BEFORE INSERT ON help_desk_unmapped FOR EACH ROW EXECUTE FUNCTION pp_test_refuse()`);
    const failed = await sync(world);
    assert.match(failed.error ?? '', /disk full/);
    assert.deepEqual(await inquiriesOf(t), [], 'the mapped ticket of the failed page is not stored either');
    assert.equal(await cursorOf(t), null);
    await assertRollupConsistent(t);

    await t.db.pool.query('DROP TRIGGER pp_test_refuse ON help_desk_unmapped');
    const retried = await sync(world);
    assert.deepEqual({ created: retried.created, unmapped: retried.unmapped, error: retried.error }, { created: 1, unmapped: 1, error: undefined });
  });

  it('waits out a rate limit as Retry-After asks, and ends the run when the wait is too long', async () => {
    const { zendesk } = world;
    for (let day = 2; day <= 5; day++) zendesk.createTicket({ customFields: topicField('sms_payment'), createdAt: `2026-11-0${day}T10:00:00Z` });
    zendesk.fail({ endpoint: 'export', after: 1, status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const run = await sync(world);
    assert.deepEqual({ created: run.created, error: run.error }, { created: 4, error: undefined });
    assert.ok(Date.now() - started >= 1000, 'waited the second Zendesk asked for');
    const requests = zendesk.exportRequests();
    assert.equal(requests[1]!.status, 429);
    assert.equal(requests[2]!.query.get('cursor'), requests[1]!.query.get('cursor'), 'the same page asked again');

    zendesk.createTicket({ customFields: topicField('sms_payment'), createdAt: '2026-11-06T10:00:00Z' });
    zendesk.fail({ endpoint: 'export', status: 429, headers: { 'retry-after': '3600' } });
    const cursor = await cursorOf(world.t);
    const limited = await sync(world);
    assert.match(limited.error ?? '', /rate limit/);
    assert.equal(await cursorOf(world.t), cursor);
    assert.equal((await sync(world)).created, 1, 'the next run catches up');
  });

  it("updates the inquiry when the ticket's topic changes, and the daily counts follow", async () => {
    const { zendesk } = world;
    const id = zendesk.createTicket({ customFields: topicField('sms_payment'), createdAt: '2026-11-02T08:00:00Z' });
    await sync(world);
    assert.deepEqual(await volumeByTopic(), { 'sms-payment': 1 });

    zendesk.updateTicket(id, { customFields: topicField('image_upload'), tags: ['bil'] });
    const run = await sync(world);
    assert.deepEqual({ created: run.created, updated: run.updated }, { created: 0, updated: 1 });
    const [inquiry] = await inquiriesOf(world.t);
    assert.deepEqual([inquiry!.topic, inquiry!.market, inquiry!.receivedAt], ['image-upload', 'bil', '2026-11-02T08:00:00Z'], 'the time stays the ticket\'s created_at');
    assert.deepEqual(await volumeByTopic(), { 'image-upload': 1 });
    await assertRollupConsistent(world.t);

    zendesk.updateTicket(id, { subject: 'Only the subject changed' });
    const unchangedTopic = await sync(world);
    assert.deepEqual({ created: unchangedTopic.created, updated: unchangedTopic.updated }, { created: 0, updated: 1 });
    assert.equal((await inquiriesOf(world.t))[0]!.note, 'Only the subject changed');
    assert.equal((await inquiriesOf(world.t)).length, 1);
  });

  it('lists unmapped tickets with the values seen, never drops them, and maps them when a rule is added', async () => {
    const { zendesk, t } = world;
    zendesk.createTicket({ customFields: topicField('login_problem'), createdAt: '2026-11-02T08:00:00Z' });
    zendesk.createTicket({ customFields: topicField('login_problem'), tags: ['bil'], createdAt: '2026-11-02T09:00:00Z' });
    const blank = zendesk.createTicket({ customFields: topicField(null), tags: ['new'], createdAt: '2026-11-03T09:00:00Z' });
    zendesk.createTicket({ customFields: topicField('sms_payment'), createdAt: '2026-11-03T10:00:00Z' });
    const run = await sync(world);
    assert.deepEqual({ created: run.created, unmapped: run.unmapped }, { created: 1, unmapped: 3 });

    const report = (await t.as('admin').get(`/api/v1/connectors/${CONNECTOR}/unmapped`).expect(200)).body;
    assert.equal(report.total, 3);
    assert.deepEqual(report.values[0], { field: `custom_field:${TOPIC_FIELD}`, value: 'login_problem', tickets: 2 });
    assert.ok(report.values.some((v: { field: string; value: string }) => v.field === 'tag' && v.value === 'new'));
    assert.deepEqual(report.byReason, [{ reason: 'no rule gives a topic', tickets: 3 }]);
    assert.equal(report.tickets.length, 3);
    assert.equal((await t.as('admin').get(`/api/v1/connectors/${CONNECTOR}`)).body.unmappedCount, 3);

    const added = (await t.as('admin').post(`/api/v1/connectors/${CONNECTOR}/rules`).send({ match: { field: `custom_field:${TOPIC_FIELD}`, equals: 'login_problem' }, topic: 'login' }).expect(201)).body;
    assert.equal(added.matchedUnmapped, 2);
    assert.deepEqual(added.reapplied, { mapped: 2, remaining: 1 });
    assert.equal(added.warning, undefined);
    const logins = (await inquiriesOf(t)).filter((i) => i.topic === 'login');
    assert.deepEqual(logins.map((i) => [i.market, i.receivedAt]), [['torget', '2026-11-02T08:00:00Z'], ['bil', '2026-11-02T09:00:00Z']]);

    const typo = (await t.as('admin').post(`/api/v1/connectors/${CONNECTOR}/rules`).send({ match: { field: 'tag', equals: 'nwe' }, topic: 'payment' }).expect(201)).body;
    assert.equal(typo.matchedUnmapped, 0);
    assert.match(typo.warning, /tag = "nwe" matches none of the 1 unmapped tickets/);

    zendesk.updateTicket(blank, { customFields: topicField('sms_payment') });
    await sync(world);
    assert.equal((await t.as('admin').get(`/api/v1/connectors/${CONNECTOR}/unmapped`)).body.total, 0);
    assert.equal((await inquiriesOf(t)).length, 4, 'every ticket counted once');
    await assertRollupConsistent(t);
  });

  it('removes the inquiry of a deleted ticket; a ticket whose topic is cleared waits in the unmapped list', async () => {
    const { zendesk, t } = world;
    const spam = zendesk.createTicket({ customFields: topicField('sms_payment'), createdAt: '2026-11-02T08:00:00Z' });
    const cleared = zendesk.createTicket({ customFields: topicField('image_upload'), createdAt: '2026-11-02T09:00:00Z' });
    await sync(world);
    zendesk.deleteTicket(spam);
    zendesk.updateTicket(cleared, { customFields: topicField(null) });
    const run = await sync(world);
    assert.deepEqual({ removed: run.removed, unmapped: run.unmapped }, { removed: 2, unmapped: 1 });
    assert.deepEqual(await inquiriesOf(t), []);
    const report = (await t.as('admin').get(`/api/v1/connectors/${CONNECTOR}/unmapped`)).body;
    assert.deepEqual(report.tickets.map((u: { externalId: string }) => u.externalId), [String(cleared)]);
    await assertRollupConsistent(t);
  });

  it('records why a sync cannot run, by name: a credential not set, a token Zendesk refuses', async () => {
    const { zendesk, t } = world;
    zendesk.createTicket({ customFields: topicField('sms_payment'), createdAt: '2026-11-02T08:00:00Z' });
    await t.as('admin').patch(`/api/v1/connectors/${CONNECTOR}`).send({ tokenEnv: 'PP_TEST_ZD_NOT_SET' }).expect(200);
    assert.match((await sync(world)).error ?? '', /environment variable PP_TEST_ZD_NOT_SET is not set/);
    process.env.PP_TEST_ZD_WRONG = 'wrong-token';
    await t.as('admin').patch(`/api/v1/connectors/${CONNECTOR}`).send({ tokenEnv: 'PP_TEST_ZD_WRONG' }).expect(200);
    assert.match((await sync(world)).error ?? '', /Zendesk answered 401/);
    assert.match((await t.as('admin').get(`/api/v1/connectors/${CONNECTOR}`)).body.lastSyncError, /401/);
    assert.deepEqual(await inquiriesOf(t), []);
    assert.equal(await cursorOf(t), null);
  });

  it('runs for every active connector as a job, and "sync now" queues one connector', async () => {
    const { zendesk, t } = world;
    zendesk.createTicket({ customFields: topicField('sms_payment'), createdAt: '2026-11-02T08:00:00Z' });
    const fakeJob = (data: unknown) => ({ attrs: { data } }) as unknown as Job<unknown>;
    assert.equal(await zendeskSyncJob.handle(t.ctx, fakeJob(undefined), t.ctx.now()), 'done');
    assert.equal((await inquiriesOf(t)).length, 1);

    await t.as('admin').post(`/api/v1/connectors/${CONNECTOR}/sync`).expect(202);
    await t.as('admin').post(`/api/v1/connectors/${CONNECTOR}/sync`).expect(202);
    const connector = await getConnectorByName(t.db.pool, CONNECTOR);
    const queued = await queuedSyncs(t.db.pool);
    assert.deepEqual(queued.map((q) => q.connectorId), [connector!.id], 'asking twice queues it once');
    zendesk.createTicket({ customFields: topicField('image_upload'), createdAt: '2026-11-03T08:00:00Z' });
    assert.equal(await zendeskSyncNowJob.handle(t.ctx, fakeJob({ connectorId: connector!.id }), t.ctx.now()), 'done');
    assert.equal((await inquiriesOf(t)).length, 2);

    await t.as('admin').patch(`/api/v1/connectors/${CONNECTOR}`).send({ active: false }).expect(200);
    zendesk.createTicket({ customFields: topicField('image_upload'), createdAt: '2026-11-04T08:00:00Z' });
    assert.equal(await zendeskSyncJob.handle(t.ctx, fakeJob(undefined), t.ctx.now()), 'skipped', 'an inactive connector is not read');
    await t.as('admin').post(`/api/v1/connectors/${CONNECTOR}/sync`).expect(409);
  });

  it('is registered with the worker every ZENDESK_SYNC_MINUTES', async () => {
    for (const job of connectorJobs) assert.ok(allJobs.includes(job), job.name);
    assert.equal(loadConfig({}).ZENDESK_SYNC_MINUTES, 5);
    assert.throws(() => loadConfig({ ZENDESK_SYNC_MINUTES: '0' }), /ZENDESK_SYNC_MINUTES/);
    const ctx: AppContext = { ...world.t.ctx, config: loadConfig({ LOG_LEVEL: 'silent', ZENDESK_SYNC_MINUTES: '7', JOBS_PROCESS_EVERY_MS: '60000' }), now: () => new Date() };
    const scheduler = createScheduler(ctx, connectorJobs);
    await scheduler.start();
    try {
      const { jobs } = await scheduler.agenda.queryJobs({ name: 'zendesk-sync' });
      assert.equal(jobs[0]?.repeatInterval, '7 minutes');
    } finally {
      await scheduler.stop(5_000);
    }
  });
});
