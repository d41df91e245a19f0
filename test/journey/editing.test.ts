import assert from 'node:assert/strict';
import { resolvePlaces } from '../../src/journey/places.ts';
import { moveTo } from '../../src/journey/order.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';

const phaseKeys = async (t: TestApp) =>
  (await t.as('leader').get('/api/v1/journey/phases').expect(200)).body.phases.map((p: { key: string; position: number }) => `${p.position}:${p.key}`);

describe('journey phases and touch points', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
  });
  afterEach(() => t.close());

  it('starts with Netgain\'s five phases, none a moment of truth', async () => {
    const { body } = await t.as('agent').get('/api/v1/journey/phases').expect(200);
    assert.deepEqual(
      body.phases.map((p: { key: string; name: string; momentOfTruth: boolean }) => [p.key, p.name, p.momentOfTruth]),
      [['need', 'Need arises', false], ['search', 'Search', false], ['agreement', 'Agreement', false], ['use', 'Use', false], ['end', 'End', false]],
    );
  });

  it('adds, renames, marks, moves, reorders and deletes phases, keeping positions 1…n', async () => {
    const created = await t.as('analyst').post('/api/v1/journey/phases').send({ key: 'delivery', name: 'Delivery', position: 4, momentOfTruth: true }).expect(201);
    assert.deepEqual([created.body.position, created.body.momentOfTruth], [4, true]);
    assert.deepEqual(await phaseKeys(t), ['1:need', '2:search', '3:agreement', '4:delivery', '5:use', '6:end']);

    const renamed = await t.as('admin').patch('/api/v1/journey/phases/use').send({ name: 'Using the service', description: 'After the deal', momentOfTruth: true }).expect(200);
    assert.deepEqual([renamed.body.name, renamed.body.description, renamed.body.momentOfTruth], ['Using the service', 'After the deal', true]);
    await t.as('admin').patch('/api/v1/journey/phases/delivery').send({ momentOfTruth: false, position: 1 }).expect(200);
    assert.deepEqual(await phaseKeys(t), ['1:delivery', '2:need', '3:search', '4:agreement', '5:use', '6:end']);
    await t.as('admin').patch('/api/v1/journey/phases/delivery').send({ position: 99 }).expect(200);
    assert.deepEqual(await phaseKeys(t), ['1:need', '2:search', '3:agreement', '4:use', '5:end', '6:delivery']);

    await t.as('analyst').post('/api/v1/journey/phases/reorder').send({ order: ['search', 'need', 'agreement', 'delivery', 'use', 'end'] }).expect(200);
    assert.deepEqual(await phaseKeys(t), ['1:search', '2:need', '3:agreement', '4:delivery', '5:use', '6:end']);

    await t.as('analyst').delete('/api/v1/journey/phases/need').expect(204);
    assert.deepEqual(await phaseKeys(t), ['1:search', '2:agreement', '3:delivery', '4:use', '5:end']);
    await t.as('analyst').delete('/api/v1/journey/phases/need').expect(404);
  });

  it('refuses bad phase edits by name', async () => {
    const duplicate = await t.as('analyst').post('/api/v1/journey/phases').send({ key: 'use', name: 'Again' }).expect(409);
    assert.match(duplicate.body.error.message, /"use" already exists/);
    const badKey = await t.as('analyst').post('/api/v1/journey/phases').send({ key: 'Use It!', name: 'x' }).expect(400);
    assert.match(badKey.body.error.message, /key: must be 1–64 characters/);
    const noName = await t.as('analyst').post('/api/v1/journey/phases').send({ key: 'x' }).expect(400);
    assert.match(noName.body.error.message, /name:/);
    const position = await t.as('analyst').patch('/api/v1/journey/phases/use').send({ position: 0 }).expect(400);
    assert.match(position.body.error.message, /position: must be 1 or more/);
    const empty = await t.as('analyst').patch('/api/v1/journey/phases/use').send({}).expect(400);
    assert.match(empty.body.error.message, /give at least one of/);
    const unknownField = await t.as('analyst').patch('/api/v1/journey/phases/use').send({ colour: 'red' }).expect(400);
    assert.match(unknownField.body.error.message, /colour/);
    await t.as('analyst').patch('/api/v1/journey/phases/nope').send({ name: 'x' }).expect(404);
    const reorder = await t.as('analyst').post('/api/v1/journey/phases/reorder').send({ order: ['need', 'need', 'use', 'nope'] }).expect(422);
    assert.match(reorder.body.error.message, /unknown phase\(s\) nope; repeated phase\(s\) need; missing phase\(s\) search, agreement, end/);
    assert.deepEqual(await phaseKeys(t), ['1:need', '2:search', '3:agreement', '4:use', '5:end']);
  });

  it('keeps a phase that topics are placed in or survey answers name', async () => {
    await t.as('analyst').patch('/api/v1/journey/topics/login').send({ phase: 'use' }).expect(200);
    const placed = await t.as('analyst').delete('/api/v1/journey/phases/use').expect(409);
    assert.match(placed.body.error.message, /has 1 topic\(s\) placed in it/);
    await t.as('ingest').post('/api/v1/responses').send({ answeredAt: '2026-11-20', metric: 'nps', score: 9, phase: 'end' }).expect(201);
    const answered = await t.as('analyst').delete('/api/v1/journey/phases/end').expect(409);
    assert.match(answered.body.error.message, /named by survey answers/);
    assert.deepEqual(await phaseKeys(t), ['1:need', '2:search', '3:agreement', '4:use', '5:end']);
  });

  it('adds, renames, moves and deletes touch points within their phase', async () => {
    await t.as('analyst').post('/api/v1/journey/phases/agreement/touch-points').send({ key: 'checkout', name: 'Checkout' }).expect(201);
    await t.as('analyst').post('/api/v1/journey/phases/agreement/touch-points').send({ key: 'sms-pay', name: 'SMS payment' }).expect(201);
    const first = await t.as('analyst').post('/api/v1/journey/phases/agreement/touch-points').send({ key: 'terms', name: 'Terms', position: 1 }).expect(201);
    assert.deepEqual(first.body.touchPoints.map((tp: { key: string }) => tp.key), ['terms', 'checkout', 'sms-pay']);
    const moved = await t.as('analyst').patch('/api/v1/journey/touch-points/terms').send({ position: 3, name: 'Terms of sale' }).expect(200);
    assert.deepEqual(moved.body.touchPoints.map((tp: { key: string; position: number; name: string }) => `${tp.position}:${tp.key}:${tp.name}`), [
      '1:checkout:Checkout',
      '2:sms-pay:SMS payment',
      '3:terms:Terms of sale',
    ]);
    const duplicate = await t.as('analyst').post('/api/v1/journey/phases/use/touch-points').send({ key: 'checkout', name: 'x' }).expect(409);
    assert.match(duplicate.body.error.message, /"checkout" already exists/);
    await t.as('analyst').post('/api/v1/journey/phases/nope/touch-points').send({ key: 'x', name: 'x' }).expect(404);

    await t.as('analyst').patch('/api/v1/journey/topics/sms-payment').send({ touchPoint: 'sms-pay' }).expect(200);
    const deleted = await t.as('analyst').delete('/api/v1/journey/touch-points/sms-pay').expect(200);
    assert.deepEqual(deleted.body, { topicsKeptInPhase: 1 });
    const topics = (await t.as('leader').get('/api/v1/journey/topics').expect(200)).body.topics;
    assert.deepEqual(topics.find((p: { topic: string }) => p.topic === 'sms-payment').own, { phase: 'agreement', touchPoint: null });
    await t.as('analyst').delete('/api/v1/journey/touch-points/sms-pay').expect(404);
  });

  it('lets analysts and admins edit the journey, everyone signed in read it, and ingest tokens neither', async () => {
    for (const role of ['agent', 'leader', 'ingest'] as const) {
      const denied = await t.as(role).post('/api/v1/journey/phases').send({ key: 'x', name: 'X' }).expect(403);
      assert.match(denied.body.error.message, /allowed: analyst, admin/);
      await t.as(role).patch('/api/v1/journey/topics/login').send({ phase: 'use' }).expect(403);
      await t.as(role).delete('/api/v1/journey/phases/use').expect(403);
      await t.as(role).post('/api/v1/journey/phases/reorder').send({ order: [] }).expect(403);
    }
    await t.as('ingest').get('/api/v1/journey/phases').expect(403);
    await t.as('ingest').get('/api/v1/journey').expect(403);
    await t.as('leader').get('/api/v1/journey').expect(200);
  });
});

describe('topic places', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
  });
  afterEach(() => t.close());

  const places = async () =>
    Object.fromEntries(
      (await t.as('leader').get('/api/v1/journey/topics').expect(200)).body.topics.map((p: { topic: string; phase: string | null; touchPoint: string | null; inheritedFrom: string | null }) => [
        p.topic,
        [p.phase, p.touchPoint, p.inheritedFrom],
      ]),
    );

  it('places a category and lets its sub-topics inherit until one has a place of its own', async () => {
    await t.as('analyst').post('/api/v1/journey/phases/agreement/touch-points').send({ key: 'checkout', name: 'Checkout' }).expect(201);
    const placed = await t.as('analyst').patch('/api/v1/journey/topics/payment').send({ phase: 'agreement', touchPoint: 'checkout' }).expect(200);
    assert.deepEqual(placed.body, {
      topic: 'payment',
      name: 'Payment',
      parent: null,
      archived: false,
      mergedInto: null,
      own: { phase: 'agreement', touchPoint: 'checkout' },
      phase: 'agreement',
      touchPoint: 'checkout',
      inheritedFrom: null,
    });
    assert.deepEqual(await places(), {
      payment: ['agreement', 'checkout', null],
      'sms-payment': ['agreement', 'checkout', 'payment'],
      'card-payment': ['agreement', 'checkout', 'payment'],
      'image-upload': [null, null, null],
      login: [null, null, null],
    });

    await t.as('analyst').patch('/api/v1/journey/topics/card-payment').send({ phase: 'use' }).expect(200);
    assert.deepEqual((await places())['card-payment'], ['use', null, null]);
    // A topic moved under another parent takes that parent's place.
    await t.as('admin').patch('/api/v1/topics/login').send({ parent: 'sms-payment' }).expect(200);
    assert.deepEqual((await places()).login, ['agreement', 'checkout', 'payment']);
    // Removing its own place makes a topic inherit again.
    const cleared = await t.as('analyst').delete('/api/v1/journey/topics/card-payment').expect(200);
    assert.deepEqual([cleared.body.own, cleared.body.phase, cleared.body.inheritedFrom], [null, 'agreement', 'payment']);
    await t.as('analyst').patch('/api/v1/journey/topics/payment').send({ phase: null }).expect(200);
    assert.deepEqual((await places())['sms-payment'], [null, null, null]);
  });

  it('keeps a touch point when the phase stays, drops it when the phase changes, and takes the phase from a touch point alone', async () => {
    await t.as('analyst').post('/api/v1/journey/phases/agreement/touch-points').send({ key: 'checkout', name: 'Checkout' }).expect(201);
    await t.as('analyst').post('/api/v1/journey/phases/use/touch-points').send({ key: 'my-ads', name: 'My ads' }).expect(201);
    await t.as('analyst').patch('/api/v1/journey/topics/login').send({ touchPoint: 'checkout' }).expect(200);
    assert.deepEqual((await places()).login, ['agreement', 'checkout', null]);
    await t.as('analyst').patch('/api/v1/journey/topics/login').send({ phase: 'agreement' }).expect(200);
    assert.deepEqual((await places()).login, ['agreement', 'checkout', null]);
    await t.as('analyst').patch('/api/v1/journey/topics/login').send({ phase: 'use' }).expect(200);
    assert.deepEqual((await places()).login, ['use', null, null]);
    await t.as('analyst').patch('/api/v1/journey/topics/login').send({ touchPoint: 'my-ads' }).expect(200);
    await t.as('analyst').patch('/api/v1/journey/topics/login').send({ touchPoint: null }).expect(200);
    assert.deepEqual((await places()).login, ['use', null, null]);
  });

  it('refuses places it cannot keep, by name', async () => {
    await t.as('analyst').post('/api/v1/journey/phases/use/touch-points').send({ key: 'my-ads', name: 'My ads' }).expect(201);
    const mismatch = await t.as('analyst').patch('/api/v1/journey/topics/login').send({ phase: 'agreement', touchPoint: 'my-ads' }).expect(422);
    assert.match(mismatch.body.error.message, /touchPoint: "my-ads" belongs to phase "use", not "agreement"/);
    const phase = await t.as('analyst').patch('/api/v1/journey/topics/login').send({ phase: 'checkout' }).expect(422);
    assert.match(phase.body.error.message, /phase: unknown journey phase "checkout"/);
    const touchPoint = await t.as('analyst').patch('/api/v1/journey/topics/login').send({ touchPoint: 'nope' }).expect(422);
    assert.match(touchPoint.body.error.message, /touchPoint: unknown touch point "nope"/);
    const none = await t.as('analyst').patch('/api/v1/journey/topics/login').send({ touchPoint: null }).expect(422);
    assert.match(none.body.error.message, /has no place of its own; give a phase/);
    const both = await t.as('analyst').patch('/api/v1/journey/topics/login').send({ phase: null, touchPoint: 'my-ads' }).expect(422);
    assert.match(both.body.error.message, /touchPoint: cannot be set while phase is null/);
    await t.as('analyst').patch('/api/v1/journey/topics/nope').send({ phase: 'use' }).expect(404);
    await t.as('analyst').patch('/api/v1/journey/topics/login').send({}).expect(400);
    await t.as('admin').post('/api/v1/topics/card-payment/merge').send({ into: 'sms-payment' }).expect(200);
    const merged = await t.as('analyst').patch('/api/v1/journey/topics/card-payment').send({ phase: 'use' }).expect(409);
    assert.match(merged.body.error.message, /merged into "sms-payment"; place that topic instead/);
  });
});

describe('place resolution', () => {
  const own = (entries: Array<[number, number]>) => new Map(entries.map(([topicId, phaseId]) => [topicId, { phaseId, touchPointId: null }]));

  it('walks up parents and follows merges', () => {
    const topics = [
      { id: 1, parentId: null, mergedIntoId: null },
      { id: 2, parentId: 1, mergedIntoId: null },
      { id: 3, parentId: 2, mergedIntoId: null },
      { id: 4, parentId: null, mergedIntoId: 3 },
      { id: 5, parentId: null, mergedIntoId: null },
    ];
    const places = resolvePlaces(topics, own([[1, 10], [4, 99]]));
    assert.deepEqual(places.get(3), { phaseId: 10, touchPointId: null, fromTopicId: 1 });
    assert.deepEqual(places.get(4), { phaseId: 10, touchPointId: null, fromTopicId: 1 }, 'a merged topic sits where its target sits, whatever it had');
    assert.equal(places.has(5), false);
  });

  it('survives a parent cycle in corrupt data without looping', () => {
    const places = resolvePlaces([{ id: 1, parentId: 2, mergedIntoId: null }, { id: 2, parentId: 1, mergedIntoId: null }], own([]));
    assert.equal(places.size, 0);
  });

  it('moves an item to a 1-based position, past the end meaning last', () => {
    assert.deepEqual(moveTo([1, 2, 3, 4], 4, 1), [4, 1, 2, 3]);
    assert.deepEqual(moveTo([1, 2, 3, 4], 1, 9), [2, 3, 4, 1]);
    assert.deepEqual(moveTo([1, 2, 3], 2, 2), [1, 2, 3]);
  });
});
