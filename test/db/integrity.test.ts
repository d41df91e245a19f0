import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('database integrity', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
    await db.pool.query(`INSERT INTO topics (key, name) VALUES ('login', 'Login')`);
    await db.pool.query(`INSERT INTO markets (key, name) VALUES ('torget', 'Torget')`);
  });
  after(() => db.close());

  const insert = (topicId: number, marketId: number) =>
    db.pool.query(
      `INSERT INTO inquiries (received_at, day, topic_id, market_id, channel, source)
       SELECT now(), current_date, t, m, 'phone', 'test' FROM (VALUES (1, 1), ($1::int, $2::int)) AS v(t, m)`,
      [topicId, marketId],
    );

  it('refuses a whole batch that names a topic or market that does not exist', async () => {
    await assert.rejects(insert(99, 1), (error: Error & { code?: string }) => {
      assert.equal(error.code, '23503');
      assert.match(error.message, /topic_id 99 that does not exist/);
      return true;
    });
    await assert.rejects(insert(1, 42), /market_id 42 that does not exist/);
    const moved = db.pool.query(`UPDATE inquiries SET topic_id = 77`);
    await moved; // nothing to move yet: an empty statement is fine
    const count = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM inquiries');
    assert.equal(count.rows[0]!.n, 0, 'nothing of a refused batch is stored');
    const rollup = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM inquiry_daily');
    assert.equal(rollup.rows[0]!.n, 0);
  });

  it('refuses to re-point stored inquiries at a missing topic', async () => {
    await insert(1, 1);
    await assert.rejects(db.pool.query(`UPDATE inquiries SET topic_id = 5`), /topic_id 5 that does not exist/);
  });

  it('never deletes or truncates topics and markets, so no inquiry loses its parent', async () => {
    await assert.rejects(db.pool.query(`DELETE FROM topics WHERE key = 'login'`), /topics are never deleted: archive or merge/);
    await assert.rejects(db.pool.query(`DELETE FROM markets`), /markets are never deleted/);
    await assert.rejects(db.pool.query(`TRUNCATE topics CASCADE`), /never deleted/);
  });
});
