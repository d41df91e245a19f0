import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rollupMismatches } from '../../src/inquiries/service.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';

describe('concurrent logging over HTTP', () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  before(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it('stores every acknowledged inquiry exactly once under 1,000 concurrent POSTs', async function () {
    this.timeout(120_000);
    const topics = ['sms-payment', 'login', 'image-upload', 'card-payment'];
    // 900 distinct inquiries plus 100 re-sends of the first 100, all racing each other.
    const bodies = Array.from({ length: 1000 }, (_, i) => {
      const n = i < 900 ? i : i - 900;
      return {
        receivedAt: `2026-11-${String(1 + (n % 20)).padStart(2, '0')}T${String(8 + (n % 10)).padStart(2, '0')}:00:00Z`,
        topic: topics[n % topics.length],
        market: n % 3 ? 'torget' : 'bil',
        channel: 'chat',
        externalId: `load-${n}`,
      };
    });
    const responses = await Promise.all(
      bodies.map(async (body) => {
        const res = await fetch(`${base}/api/v1/inquiries`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${t.tokens.ingest}` },
          body: JSON.stringify(body),
        });
        return { status: res.status, body: (await res.json()) as { created: number; duplicates: number } };
      }),
    );
    const failures = responses.filter((r) => r.status !== 201 && r.status !== 200);
    assert.deepEqual(failures, []);
    const created = responses.reduce((sum, r) => sum + r.body.created, 0);
    const duplicates = responses.reduce((sum, r) => sum + r.body.duplicates, 0);
    assert.equal(created, 900);
    assert.equal(duplicates, 100);

    const stored = await t.db.pool.query<{ n: number; distinct: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT external_id)::int AS distinct FROM inquiries`,
    );
    assert.deepEqual(stored.rows[0], { n: 900, distinct: 900 });
    assert.deepEqual(await rollupMismatches(t.db.pool), []);
    const rollupTotal = await t.db.pool.query<{ n: number }>('SELECT sum(count)::int AS n FROM inquiry_daily');
    assert.equal(rollupTotal.rows[0]!.n, 900);
  });
});
