import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import { createContext } from './contexts.ts';
import { createSipLine, type SipLineRow } from './lines.ts';
import { findSipCredentials } from './sip-credentials.ts';

for (const kind of TEST_DATABASE_KINDS) {
  describe(`findSipCredentials, on ${kind}`, () => {
    let db: TestDatabase;
    let line: SipLineRow;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
      expectWritten(await createContext(db, { name: 'office' }));
      line = expectWritten(await createSipLine(db, { username: 'alice', secret: 'wonderland', context: 'office' }));
    });
    after(() => db.close());

    it('MUST return the line, secret, context and tenant of a known username', async () => {
      const credentials = await findSipCredentials(db, 'alice');
      assert.deepEqual(credentials, {
        lineId: line.id,
        username: 'alice',
        secret: 'wonderland',
        context: 'office',
        tenantUuid: line.tenantUuid,
      });
    });

    it('MUST return undefined for an unknown username', async () => {
      assert.equal(await findSipCredentials(db, 'bob'), undefined);
    });

    it('MUST compare usernames case-sensitively (RFC 3261 §19.1.4)', async () => {
      assert.equal(await findSipCredentials(db, 'ALICE'), undefined);
    });

    it('MUST return undefined for a username no endpoint can have, such as SQL or 10 000 characters', async () => {
      const answers = await Promise.all([findSipCredentials(db, "alice' OR '1'='1"), findSipCredentials(db, 'a'.repeat(10_000))]);
      assert.deepEqual(answers, [undefined, undefined]);
    });
  });
}
