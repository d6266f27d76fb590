import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import { createAuthToken, deleteAuthToken, deleteExpiredAuthTokens, findAuthToken } from './auth-tokens.ts';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

for (const kind of TEST_DATABASE_KINDS) {
  describe(`authentication tokens, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
    });
    after(() => db.close());

    it('MUST issue a token valid for its expiration, with its ACLs, and no longer', async () => {
      const token = expectWritten(await createAuthToken(db, { authId: 'alice', acl: ['confd.users.me.read', 'websocketd'], expirationS: 3600, nowMs: NOW }));
      assert.deepEqual([token.issuedAtMs, token.expiresAtMs - token.issuedAtMs, token.acl, token.pbxUserUuid], [NOW, 3_600_000, ['confd.users.me.read', 'websocketd'], null]);
      assert.equal((await findAuthToken(db, token.token, NOW + 3_599_999))?.authId, 'alice');
      assert.equal(await findAuthToken(db, token.token, NOW + 3_600_000), undefined);
    });

    it('MUST revoke a token on delete, and answer nothing for unknown or malformed tokens', async () => {
      const token = expectWritten(await createAuthToken(db, { authId: 'bob', acl: [], expirationS: 60, nowMs: NOW }));
      assert.deepEqual([await deleteAuthToken(db, token.token), await deleteAuthToken(db, token.token)], [true, false]);
      assert.deepEqual([await findAuthToken(db, token.token, NOW), await findAuthToken(db, "x' OR 1=1 --", NOW), await deleteAuthToken(db, 'not-a-uuid')], [undefined, undefined, false]);
    });

    it('MUST refuse a lifetime that is not positive and an empty auth id, naming the constraint', async () => {
      const refused = await Promise.all([createAuthToken(db, { authId: 'x', acl: [], expirationS: 0, nowMs: NOW }), createAuthToken(db, { authId: '', acl: [], expirationS: 60, nowMs: NOW })]);
      assert.deepEqual(refused.map((result) => (result.type === 'error' ? result.constraint : result.type)), ['auth_token_lifetime_check', 'auth_token_auth_id_check']);
    });

    it('MUST sweep the lapsed tokens only', async () => {
      const short = expectWritten(await createAuthToken(db, { authId: 'short', acl: [], expirationS: 10, nowMs: NOW }));
      const long = expectWritten(await createAuthToken(db, { authId: 'long', acl: [], expirationS: 100_000, nowMs: NOW }));
      assert.ok((await deleteExpiredAuthTokens(db, NOW + 60_000)) >= 1);
      assert.deepEqual([await findAuthToken(db, short.token, NOW), (await findAuthToken(db, long.token, NOW))?.authId], [undefined, 'long']);
    });
  });
}
