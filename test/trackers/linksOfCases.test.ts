import assert from 'node:assert/strict';
import * as linkRepo from '../../src/trackers/linkRepo.ts';
import { listLinks, listLinksOfCases } from '../../src/trackers/links.ts';
import { createSyncWorld, readyCase, type SyncWorld } from './syncSupport.ts';

describe('tracker links of many cases at once', function () {
  this.timeout(60_000);
  let world: SyncWorld;
  let first: number;
  let second: number;
  let unlinked: number;

  before(async () => {
    world = await createSyncWorld();
    first = (await readyCase(world, 'First')).caseId;
    second = (await readyCase(world, 'Second')).caseId;
    unlinked = (await readyCase(world, 'Never handed over')).caseId;
    const analyst = world.t.as('analyst');
    await analyst.post(`/api/v1/cases/${second}/tracker-links`).send({ connection: 'plat' }).expect(201);
    await analyst.post(`/api/v1/cases/${first}/tracker-links`).send({ connection: 'plat' }).expect(201);
    await analyst.post(`/api/v1/cases/${first}/tracker-links`).send({ connection: 'ads' }).expect(201);
  });
  after(() => world.close());

  it('gives each case the links listLinks gives it, in the same order', async () => {
    const byCase = await listLinksOfCases(world.t.ctx.pool, [first, second, unlinked]);
    assert.deepEqual([...byCase.keys()], [first, second, unlinked]);
    assert.deepEqual(byCase.get(first), await listLinks(world.t.ctx.pool, first));
    assert.deepEqual(byCase.get(second), await listLinks(world.t.ctx.pool, second));
    assert.deepEqual(byCase.get(unlinked), []);
    assert.deepEqual(byCase.get(first)!.map((l) => l.connection.name), ['plat', 'ads']);
  });

  it('answers an empty list of cases, or unknown ones, with no links and no error', async () => {
    assert.deepEqual(await linkRepo.listLinksOfCases(world.t.ctx.pool, []), []);
    assert.equal((await listLinksOfCases(world.t.ctx.pool, [])).size, 0);
    assert.deepEqual(await listLinksOfCases(world.t.ctx.pool, [999_999]), new Map([[999_999, []]]));
  });

  it('asks the database once, however many cases', async () => {
    const pool = world.t.ctx.pool;
    const query = pool.query.bind(pool);
    let queries = 0;
    // Counting calls on the real pool (not replacing it): the board's promise is one round trip.
    (pool as { query: unknown }).query = (...args: Parameters<typeof pool.query>) => {
      queries++;
      return (query as (...a: unknown[]) => unknown)(...args);
    };
    try {
      await listLinksOfCases(pool, [first, second, unlinked]);
    } finally {
      (pool as { query: unknown }).query = query;
    }
    assert.equal(queries, 1);
  });
});
