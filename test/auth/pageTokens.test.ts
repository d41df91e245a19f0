import assert from 'node:assert/strict';
import { countActiveTokens, createToken, listApiTokens, revokeApiToken } from '../../src/auth/tokenService.ts';
import { ensurePageToken, getAccount } from '../../src/users/accounts.ts';
import { createUser } from '../../src/users/service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('API tokens and the tokens behind web sign-ins', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(() => db.close());

  it('counts, lists and revokes only real API tokens: a signed-in person is not one', async () => {
    const user = await createUser(db.pool, { email: 'kari@example.com', name: 'Kari', role: 'agent' });
    const pageTokenId = await ensurePageToken(db.pool, (await getAccount(db.pool, user.id))!);
    // With only a web sign-in, the server still warns that no API token exists.
    assert.equal(await countActiveTokens(db.pool), 0);
    assert.deepEqual(await listApiTokens(db.pool), []);
    await assert.rejects(revokeApiToken(db.pool, pageTokenId, new Date()), /No active API token with id/);

    const { row } = await createToken(db.pool, { name: 'zendesk bridge', role: 'ingest' });
    assert.equal(await countActiveTokens(db.pool), 1);
    assert.deepEqual((await listApiTokens(db.pool)).map((t) => t.name), ['zendesk bridge']);
    await revokeApiToken(db.pool, row.id, new Date());
    assert.equal(await countActiveTokens(db.pool), 0);
  });
});
