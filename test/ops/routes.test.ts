import assert from 'node:assert/strict';
import supertest from 'supertest';
import { createTestApp, type TestApp } from '../support/app.ts';

describe('health and readiness', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('answers /healthz without a token', async () => {
    await supertest(t.app).get('/healthz').expect(200, { status: 'ok' });
  });

  it('is ready when the database answers and every migration is applied', async () => {
    const res = await supertest(t.app).get('/readyz').expect(200);
    assert.equal(res.body.pendingMigrations, 0);
    assert.equal(res.body.database, t.db.kind);
  });

  it('is not ready when a migration is missing', async () => {
    const last = await t.db.pool.query('SELECT id, hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id DESC LIMIT 1');
    await t.db.pool.query('DELETE FROM drizzle.__drizzle_migrations WHERE id = $1', [last.rows[0].id]);
    try {
      const res = await supertest(t.app).get('/readyz').expect(503);
      assert.equal(res.body.pendingMigrations, 1);
    } finally {
      await t.db.pool.query('INSERT INTO drizzle.__drizzle_migrations (id, hash, created_at) VALUES ($1, $2, $3)', [
        last.rows[0].id,
        last.rows[0].hash,
        last.rows[0].created_at,
      ]);
    }
  });

  it('echoes a request id and answers unknown routes with 404 JSON', async () => {
    const res = await supertest(t.app).get('/nope').set('X-Request-Id', 'abc-123').expect(404);
    assert.equal(res.headers['x-request-id'], 'abc-123');
    assert.match(res.body.error.message, /No route for GET \/nope/);
  });
});
