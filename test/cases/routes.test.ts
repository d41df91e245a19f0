import assert from 'node:assert/strict';
import { createCaseWorld, refined, type CaseWorld } from './support.ts';

describe('problem cases API', () => {
  let w: CaseWorld;
  beforeEach(async () => {
    w = await createCaseWorld();
  });
  afterEach(() => w.t.close());

  const create = (body: object = { title: 'SMS payment fails', topics: ['sms-payment'], markets: ['torget'] }) =>
    w.ux.as.post('/api/v1/cases').send(body);

  it('opens a manual case as new, with a key, a version ETag and readiness', async () => {
    const res = await create().expect(201);
    assert.equal(res.body.key, 'PP-1');
    assert.equal(res.body.status, 'new');
    assert.equal(res.headers.etag, '"1"');
    assert.equal(res.body.createdBy, 'Kari Nordmann');
    assert.deepEqual(res.body.topics, [{ key: 'sms-payment', name: 'SMS payment' }]);
    assert.deepEqual(res.body.readiness.missing, [
      'current state',
      'at least one root cause',
      'desired state',
      'a measurable target in the desired state',
      'at least one action',
      'an owner',
    ]);
    const byKey = await w.t.as('leader').get('/api/v1/cases/PP-1').expect(200);
    assert.equal(byKey.body.id, 1);
  });

  it('names unknown topics, markets, owners and spikes with 422', async () => {
    const topic = await create({ title: 'x', topics: ['nope', 'login'] }).expect(422);
    assert.match(topic.body.error.message, /unknown topic "nope"/);
    const market = await create({ title: 'x', markets: ['mars'] }).expect(422);
    assert.match(market.body.error.message, /unknown market "mars"/);
    const owner = await create({ title: 'x', ownerId: 999 }).expect(422);
    assert.match(owner.body.error.message, /ownerId: unknown user 999/);
    const spike = await create({ spikeId: 5 }).expect(422);
    assert.match(spike.body.error.message, /unknown spike 5/);
    const none = await w.t.as('leader').get('/api/v1/cases').expect(200);
    assert.deepEqual(none.body.cases, []);
  });

  it('refuses oversize texts, a share above 1 and unknown fields with 422', async () => {
    const long = await create({ title: 'x', currentState: 'a'.repeat(20_001) }).expect(422);
    assert.match(long.body.error.message, /currentState: at most 20000 characters/);
    const share = await create({ title: 'x', target: { metric: 'share', max: 5 } }).expect(422);
    assert.match(share.body.error.message, /target\.max: a share is a fraction/);
    const extra = await create({ title: 'x', colour: 'red' }).expect(422);
    assert.match(extra.body.error.message, /colour/);
    const untitled = await create({ topics: ['login'] }).expect(422);
    assert.match(untitled.body.error.message, /title: is required/);
  });

  it('walks a blank case to ready through the API, refusing each move until its pieces exist', async () => {
    const { body: created } = await create().expect(201);
    const status = (to: string, extra: object = {}) => w.ux.as.post(`/api/v1/cases/${created.id}/status`).send({ status: to, ...extra });

    const skip = await status('ready').expect(409);
    assert.match(skip.body.error.message, /cannot go from new to ready; from new it can go to refining, dropped/);
    const ownerless = await status('refining').expect(409);
    assert.deepEqual(ownerless.body.error.details.missing, ['an owner (a case is never ownerless once past new)']);

    await w.ux.as.patch(`/api/v1/cases/${created.id}`).set('If-Match', '"1"').send({ ownerId: w.ux.id }).expect(200);
    await status('refining').expect(200);
    const early = await status('ready').expect(409);
    assert.deepEqual(early.body.error.details.missing, [
      'current state',
      'at least one root cause',
      'desired state',
      'a measurable target in the desired state',
      'at least one action',
    ]);

    const { body: edited } = await w.ux.as.patch(`/api/v1/cases/${created.id}`).set('If-Match', '"3"').send(refined(w.ux.id)).expect(200);
    assert.equal(edited.version, 4);
    assert.deepEqual(edited.readiness.missing, ['at least one action']);
    await w.ux.as
      .post(`/api/v1/cases/${created.id}/actions`)
      .send({ title: 'Add a "payment pending" message', ownerId: w.dev.id, dueDate: '2026-12-01' })
      .expect(201);
    const ready = await status('ready').expect(200);
    assert.equal(ready.body.status, 'ready');
    assert.deepEqual(ready.body.readiness, { ready: true, missing: [] });
    assert.deepEqual(ready.body.nextStatuses, ['in_progress', 'refining', 'dropped']);
  });

  it('follows the whole workflow and reopens', async () => {
    const { body: created } = await create({ title: 'Image upload', topics: ['image-upload'], ...refined(0), ownerId: undefined }).expect(201);
    const id = created.id;
    await w.ux.as.patch(`/api/v1/cases/${id}`).set('If-Match', '1').send({ ownerId: w.ux.id }).expect(200);
    await w.ux.as.post(`/api/v1/cases/${id}/actions`).send({ title: 'Accept HEIC photos' }).expect(201);
    for (const to of ['refining', 'ready', 'in_progress', 'fix_shipped', 'verifying', 'resolved', 'reopened', 'in_progress']) {
      const res = await w.ux.as.post(`/api/v1/cases/${id}/status`).send({ status: to }).expect(200);
      assert.equal(res.body.status, to);
    }
    const back = await w.ux.as.post(`/api/v1/cases/${id}/status`).send({ status: 'new' }).expect(409);
    assert.match(back.body.error.message, /cannot go from in_progress to new/);
  });

  it('drops a case only with a reason, and can reopen it', async () => {
    const { body: created } = await create().expect(201);
    const noReason = await w.ux.as.post(`/api/v1/cases/${created.id}/status`).send({ status: 'dropped' }).expect(409);
    assert.match(noReason.body.error.message, /a reason is required/);
    const dropped = await w.ux.as.post(`/api/v1/cases/${created.id}/status`).send({ status: 'dropped', reason: 'Duplicate of PP-7' }).expect(200);
    assert.equal(dropped.body.droppedReason, 'Duplicate of PP-7');
    await w.ux.as.patch(`/api/v1/cases/${created.id}`).set('If-Match', `"${dropped.body.version}"`).send({ ownerId: w.ux.id }).expect(200);
    const reopened = await w.ux.as.post(`/api/v1/cases/${created.id}/status`).send({ status: 'reopened' }).expect(200);
    assert.equal(reopened.body.droppedReason, null);
  });

  it('never lets two writers overwrite each other: one wins, the other gets 412 with the current case', async () => {
    const { body: created } = await create().expect(201);
    const url = `/api/v1/cases/${created.id}`;
    const [a, b] = await Promise.all([
      w.ux.as.patch(url).set('If-Match', '"1"').send({ title: 'Writer A' }),
      w.t.as('admin').patch(url).set('If-Match', '"1"').send({ currentState: 'Writer B notes' }),
    ]);
    const statuses = [a.status, b.status].sort();
    assert.deepEqual(statuses, [200, 412]);
    const loser = a.status === 412 ? a : b;
    assert.equal(loser.body.error.details.currentVersion, 2);
    assert.equal(loser.body.error.details.current.version, 2);
    const { body: now } = await w.ux.as.get(url).expect(200);
    assert.equal(now.version, 2);
    // Exactly one of the two edits is stored; the refused one changed nothing.
    assert.equal(Number(now.title === 'Writer A') + Number(now.currentState === 'Writer B notes'), 1);

    const missing = await w.ux.as.patch(url).send({ title: 'No version' }).expect(428);
    assert.match(missing.body.error.message, /If-Match/);
    await w.ux.as.patch(url).set('If-Match', 'soon').send({ title: 'x' }).expect(400);
    const stale = await w.ux.as.post(`${url}/status`).set('If-Match', '"1"').send({ status: 'dropped', reason: 'x' }).expect(412);
    assert.equal(stale.body.error.code, 'PRECONDITION_FAILED');
  });

  it('keeps a case owned once past new', async () => {
    const { body: created } = await create({ title: 'x', ownerId: undefined }).expect(201);
    await w.ux.as.patch(`/api/v1/cases/${created.id}`).set('If-Match', '"1"').send({ ownerId: w.ux.id }).expect(200);
    await w.ux.as.post(`/api/v1/cases/${created.id}/status`).send({ status: 'refining' }).expect(200);
    const res = await w.ux.as.patch(`/api/v1/cases/${created.id}`).set('If-Match', '"3"').send({ ownerId: null }).expect(409);
    assert.match(res.body.error.message, /never ownerless/);
  });

  it('lets anyone signed in read and comment, only analysts and admins write', async () => {
    const { body: created } = await create().expect(201);
    await w.agent.as.post('/api/v1/cases').send({ title: 'x' }).expect(403);
    await w.agent.as.patch(`/api/v1/cases/${created.id}`).set('If-Match', '1').send({ title: 'x' }).expect(403);
    await w.t.as('leader').post(`/api/v1/cases/${created.id}/status`).send({ status: 'dropped', reason: 'x' }).expect(403);
    await w.t.as('ingest').get(`/api/v1/cases/${created.id}`).expect(403);
    const comment = await w.agent.as.post(`/api/v1/cases/${created.id}/comments`).send({ body: 'Three more calls today' }).expect(201);
    assert.equal(comment.body.author, 'Per Kundesenter');
    await w.agent.as.post(`/api/v1/cases/${created.id}/comments`).send({ body: '  ' }).expect(422);
    const comments = await w.t.as('leader').get(`/api/v1/cases/${created.id}/comments`).expect(200);
    assert.deepEqual(comments.body.comments.map((c: { body: string }) => c.body), ['Three more calls today']);
  });

  it('lets an action owner move the status of their own action, and nothing else', async () => {
    const { body: created } = await create().expect(201);
    const { body: action } = await w.ux.as.post(`/api/v1/cases/${created.id}/actions`).send({ title: 'Fix timeout', ownerId: w.dev.id }).expect(201);
    const url = `/api/v1/cases/${created.id}/actions/${action.id}`;
    const moved = await w.dev.as.patch(url).set('If-Match', '"1"').send({ status: 'doing' }).expect(200);
    assert.equal(moved.body.status, 'doing');
    assert.equal(moved.headers.etag, '"2"');
    const retitle = await w.dev.as.patch(url).set('If-Match', '"2"').send({ title: 'Other' }).expect(403);
    assert.match(retitle.body.error.message, /status only, not title/);
    await w.agent.as.patch(url).set('If-Match', '"2"').send({ status: 'done' }).expect(403);
    await w.dev.as.patch(url).set('If-Match', '"1"').send({ status: 'done' }).expect(412);
    const badOwner = await w.ux.as.patch(url).set('If-Match', '"2"').send({ ownerId: 12345 }).expect(422);
    assert.match(badOwner.body.error.message, /unknown user 12345/);
    const badDate = await w.ux.as.post(`/api/v1/cases/${created.id}/actions`).send({ title: 'x', dueDate: '2026-02-30' }).expect(422);
    assert.match(badDate.body.error.message, /dueDate: must be a date/);
  });

  it('records every change with who, when, field, before and after', async () => {
    w.t.setNow('2026-11-23T09:00:00Z');
    const { body: created } = await create().expect(201);
    w.t.setNow('2026-11-23T10:00:00Z');
    await w.ux.as.patch(`/api/v1/cases/${created.id}`).set('If-Match', '"1"').send({ title: 'SMS payment hangs', priority: 'high', ownerId: w.ux.id }).expect(200);
    const { body: action } = await w.ux.as.post(`/api/v1/cases/${created.id}/actions`).send({ title: 'Fix timeout', ownerId: w.dev.id }).expect(201);
    await w.dev.as.patch(`/api/v1/cases/${created.id}/actions/${action.id}`).set('If-Match', '"1"').send({ status: 'done' }).expect(200);
    await w.ux.as.post(`/api/v1/cases/${created.id}/status`).send({ status: 'refining' }).expect(200);
    await w.agent.as.post(`/api/v1/cases/${created.id}/comments`).send({ body: 'More calls' }).expect(201);

    const { body } = await w.t.as('leader').get(`/api/v1/cases/${created.id}/history`).expect(200);
    const lines = body.history.map((h: { actor: string; field: string; before: unknown; after: unknown }) => [h.actor, h.field, h.before, h.after]);
    assert.deepEqual(lines.slice(1), [
      ['Kari Nordmann', 'title', 'SMS payment fails', 'SMS payment hangs'],
      ['Kari Nordmann', 'priority', 'medium', 'high'],
      ['Kari Nordmann', 'ownerId', null, w.ux.id],
      ['Kari Nordmann', 'action.created', null, { title: 'Fix timeout', ownerId: w.dev.id }],
      ['Ola Utvikler', 'action.status', 'todo', 'done'],
      ['Kari Nordmann', 'status', 'new', 'refining'],
      ['Per Kundesenter', 'comment', null, { id: 1 }],
    ]);
    assert.equal(lines[0][1], 'created');
    assert.equal(body.history[0].at, '2026-11-23T09:00:00.000Z');
    assert.equal(body.history[1].at, '2026-11-23T10:00:00.000Z');
  });

  it('filters by status, owner, topic (with sub-topics), market and text', async () => {
    await create({ title: 'SMS payment fails', topics: ['sms-payment'], markets: ['torget'], ownerId: w.ux.id }).expect(201);
    await create({ title: 'Login loops', topics: ['login'], markets: ['bil'], currentState: 'BankID redirect loops' }).expect(201);
    const { body: dropped } = await create({ title: 'Card declined', topics: ['card-payment'] }).expect(201);
    await w.ux.as.post(`/api/v1/cases/${dropped.id}/status`).send({ status: 'dropped', reason: 'Bank issue' }).expect(200);
    const titles = async (query: string, as = w.ux.as) =>
      (await as.get(`/api/v1/cases?${query}`).expect(200)).body.cases.map((c: { title: string }) => c.title).sort();
    assert.deepEqual(await titles('status=new'), ['Login loops', 'SMS payment fails']);
    assert.deepEqual(await titles('status=dropped,refining'), ['Card declined']);
    assert.deepEqual(await titles('owner=me'), ['SMS payment fails']);
    assert.deepEqual(await titles(`owner=${w.ux.id}`, w.t.as('leader')), ['SMS payment fails']);
    assert.deepEqual(await titles('topic=payment'), ['Card declined', 'SMS payment fails']);
    assert.deepEqual(await titles('market=bil'), ['Login loops']);
    assert.deepEqual(await titles('q=bankid'), ['Login loops']);
    const bad = await w.ux.as.get('/api/v1/cases?status=open').expect(400);
    assert.match(bad.body.error.message, /status/);
  });
});
