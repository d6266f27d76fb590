import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { migrate } from './migrate.ts';
import { loadMigrations } from './migration-files.ts';
import { findMohClass } from './repositories/moh-classes.ts';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './test-database.ts';

for (const kind of TEST_DATABASE_KINDS) {
  describe(`migration 0002-calls on a database at 0001 with users, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(kind);
      const migrations = await loadMigrations();
      await migrate(db, migrations.filter((migration) => migration.version === 1));
      await db.query("INSERT INTO users (tenant_uuid, firstname) SELECT uuid, 'Existing' FROM tenant WHERE is_default");
      await migrate(db, migrations);
    });
    after(() => db.close());

    it('MUST give existing users every service and forward off and the default outgoing caller id', async () => {
      const { rows } = await db.query(
        `SELECT outgoing_caller_id, dnd_enabled, incallfilter_enabled, busy_forward_enabled, noanswer_forward_enabled,
                unconditional_forward_enabled, unconditional_forward_destination FROM users`,
      );
      assert.deepEqual(rows, [
        {
          outgoing_caller_id: 'default',
          dnd_enabled: false,
          incallfilter_enabled: false,
          busy_forward_enabled: false,
          noanswer_forward_enabled: false,
          unconditional_forward_enabled: false,
          unconditional_forward_destination: null,
        },
      ]);
    });

    it("MUST give the existing tenant its 'default' music-on-hold class", async () => {
      assert.equal((await findMohClass(db, 'default'))?.mode, 'files');
    });
  });
}
