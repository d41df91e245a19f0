import assert from 'node:assert/strict';
import supertest from 'supertest';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';

describe('API access', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
  });
  after(() => t.close());

  it('answers 401 without a bearer token, naming the header', async () => {
    const res = await supertest(t.app).get('/api/v1/topics').expect(401);
    assert.match(res.body.error.message, /Authorization: Bearer/);
  });

  it('answers 401 for an unknown token', async () => {
    await supertest(t.app).get('/api/v1/topics').set('Authorization', 'Bearer pp_not-a-real-token').expect(401);
  });

  it('answers 403 when the role lacks the permission, naming the allowed roles', async () => {
    const res = await t.as('agent').post('/api/v1/topics').send({ key: 'x', name: 'X' }).expect(403);
    assert.match(res.body.error.message, /analyst, admin/);
  });

  it('lets an ingest token post inquiries and nothing else', async () => {
    await t
      .as('ingest')
      .post('/api/v1/inquiries')
      .send({ receivedAt: '2026-11-23T10:00:00Z', topic: 'login', market: 'torget' })
      .expect(201);
    await t.as('ingest').get('/api/v1/stats/volume').expect(403);
    await t.as('ingest').get('/api/v1/topics').expect(403);
    await t.as('ingest').get('/api/v1/inquiries').expect(403);
  });

  it('lets a leader read statistics but not log inquiries', async () => {
    await t.as('leader').get('/api/v1/stats/volume').expect(200);
    await t.as('leader').post('/api/v1/inquiries').send({}).expect(403);
  });

  it('stores tokens only as hashes', async () => {
    const rows = await t.db.pool.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens');
    for (const token of Object.values(t.tokens)) {
      assert.ok(!rows.rows.some((r) => r.token_hash.includes(token)));
    }
    assert.equal(rows.rows[0]!.token_hash.length, 64);
  });

  it('refuses a revoked token', async () => {
    const { createToken, revokeToken } = await import('../../src/auth/tokenService.ts');
    const { token, row } = await createToken(t.db.pool, { name: 'short-lived', role: 'agent' });
    await supertest(t.app).get('/api/v1/topics').set('Authorization', `Bearer ${token}`).expect(200);
    await revokeToken(t.db.pool, row.id, new Date());
    await supertest(t.app).get('/api/v1/topics').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('rejects a token with a bad name or role, naming the field', async () => {
    const { createToken } = await import('../../src/auth/tokenService.ts');
    await assert.rejects(createToken(t.db.pool, { name: 'x', role: 'boss' }), (error: Error & { details?: string[] }) => {
      assert.match(String(error.details), /role: must be one of agent/);
      return true;
    });
  });
});
