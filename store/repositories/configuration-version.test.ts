import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureDemoConfiguration } from '../demo-configuration.ts';
import { expectWritten } from '../expect-written.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import { readConfigurationVersion } from './configuration-version.ts';
import { createMohClass } from './moh-classes.ts';

for (const kind of TEST_DATABASE_KINDS) {
  describe(`the configuration version, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
      await ensureDemoConfiguration(db, { password: (username) => `pw-${username}` });
    });
    after(() => db.close());

    it('MUST move on with every change to what routing reads, and stay put otherwise', async () => {
      const start = await readConfigurationVersion(db);
      assert.equal(await readConfigurationVersion(db), start, 'reading moves nothing');
      await db.query('UPDATE users SET ring_seconds = 10');
      const afterUsers = await readConfigurationVersion(db);
      assert.ok(afterUsers > start, `${afterUsers} after ${start}`);
      expectWritten(await createMohClass(db, { name: 'jazz' }));
      assert.ok((await readConfigurationVersion(db)) > afterUsers);
    });
  });
}
