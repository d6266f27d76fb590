import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasStoreErrorCode } from './errors.ts';
import { migrate } from './migrate.ts';
import { loadMigrations, type Migration } from './migration-files.ts';
import { createTestDatabase, TEST_DATABASE_KINDS } from './test-database.ts';

const EXTRA: Migration = { version: 9000, name: 'from-the-future', sql: 'CREATE TABLE future_table (id integer)' };

async function knownMigrations(): Promise<readonly Migration[]> {
  return loadMigrations();
}

for (const kind of TEST_DATABASE_KINDS) {
  describe(`migrate, on ${kind}`, () => {
    it('MUST apply every migration in version order on a fresh schema', async () => {
      const db = await createTestDatabase(kind);
      try {
        const known = await knownMigrations();
        const report = await migrate(db, known);
        assert.deepEqual(report.applied.map((entry) => entry.version), known.map((migration) => migration.version));
      } finally {
        await db.close();
      }
    });

    it('MUST record each applied migration in schema_migrations with its name and time', async () => {
      const db = await createTestDatabase(kind);
      try {
        await migrate(db);
        const { rows } = await db.query<{ version: number; name: string; stamped: boolean }>(
          'SELECT version, name, applied_at IS NOT NULL AS stamped FROM schema_migrations ORDER BY version',
        );
        assert.deepEqual(rows[0], { version: 1, name: 'foundation', stamped: true });
      } finally {
        await db.close();
      }
    });

    it('MUST create the tables of every migration in the database schema only', async () => {
      const db = await createTestDatabase(kind);
      try {
        await migrate(db);
        const { rows } = await db.query<{ table_name: string }>(
          'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
          [db.schema],
        );
        assert.deepEqual(
          rows.map((row) => row.table_name),
          [
            'agent',
            'agent_skill',
            'auth_policy',
            'auth_refresh_token',
            'auth_token',
            'auth_user',
            'auth_user_policy',
            'blacklist',
            'call_log',
            'call_log_participant',
            'call_permission',
            'caller_id_rule',
            'conference',
            'configuration_version',
            'context',
            'context_include',
            'endpoint_sip',
            'extension',
            'feature_extension',
            'ha_node',
            'hunt_group',
            'hunt_group_call_permission',
            'hunt_group_member',
            'incall',
            'ivr',
            'ivr_choice',
            'line',
            'line_extension',
            'moh',
            'outcall',
            'outcall_call_permission',
            'outcall_extension',
            'outcall_trunk',
            'queue',
            'queue_log',
            'queue_member_agent',
            'queue_member_user',
            'register_sip',
            'registrar',
            'schedule',
            'schema_migrations',
            'skill',
            'skill_rule',
            'stat_agent',
            'stat_call_on_queue',
            'stat_queue',
            'stat_queue_periodic',
            'tenant',
            'trunk',
            'user_call_permission',
            'user_line',
            'user_schedule',
            'user_voicemail',
            'users',
            'voicemail',
            'voicemail_message',
          ],
        );
      } finally {
        await db.close();
      }
    });

    it('MUST create exactly one default tenant', async () => {
      const db = await createTestDatabase(kind);
      try {
        await migrate(db);
        const { rows } = await db.query<{ count: number }>('SELECT count(*)::integer AS count FROM tenant WHERE is_default');
        assert.equal(rows[0]?.count, 1);
      } finally {
        await db.close();
      }
    });

    it('MUST apply nothing when run a second time', async () => {
      const db = await createTestDatabase(kind);
      try {
        const first = await migrate(db);
        const second = await migrate(db);
        assert.deepEqual(second, { applied: [], version: first.version });
      } finally {
        await db.close();
      }
    });

    it('MUST apply each migration once when two runners start together', async () => {
      const db = await createTestDatabase(kind);
      try {
        const reports = await Promise.all([migrate(db), migrate(db)]);
        const known = await knownMigrations();
        assert.equal(reports.flatMap((report) => report.applied).length, known.length);
      } finally {
        await db.close();
      }
    });

    it('MUST refuse a database migrated by newer code with PBX_ERR_STORE_SCHEMA_TOO_NEW', async () => {
      const db = await createTestDatabase(kind);
      try {
        const known = await knownMigrations();
        await migrate(db, [...known, EXTRA]);
        await assert.rejects(migrate(db, known), (error) => hasStoreErrorCode(error, 'PBX_ERR_STORE_SCHEMA_TOO_NEW'));
      } finally {
        await db.close();
      }
    });

    it('MUST name both versions in the refusal of a newer schema', async () => {
      const db = await createTestDatabase(kind);
      try {
        const known = await knownMigrations();
        await migrate(db, [...known, EXTRA]);
        const newest = String(known.at(-1)?.version ?? 0).padStart(4, '0');
        await assert.rejects(migrate(db, known), new RegExp(`version 9000 .* up to ${newest}`));
      } finally {
        await db.close();
      }
    });

    it('MUST refuse a recorded history that differs from the code with PBX_ERR_STORE_MIGRATION_MISMATCH', async () => {
      const db = await createTestDatabase(kind);
      try {
        const known = await knownMigrations();
        await migrate(db, [...known, EXTRA]);
        const renamed = [...known, { ...EXTRA, name: 'another-branch' }];
        await assert.rejects(migrate(db, renamed), (error) => hasStoreErrorCode(error, 'PBX_ERR_STORE_MIGRATION_MISMATCH'));
      } finally {
        await db.close();
      }
    });

    it('MUST roll back a failing migration with PBX_ERR_STORE_MIGRATION_FAILED and keep the previous version', async () => {
      const db = await createTestDatabase(kind);
      try {
        const known = await knownMigrations();
        const broken: Migration = { version: 9000, name: 'broken', sql: 'CREATE TABLE half_done (id integer); SELECT 1/0;' };
        await assert.rejects(migrate(db, [...known, broken]), (error) => hasStoreErrorCode(error, 'PBX_ERR_STORE_MIGRATION_FAILED'));
        const { rows } = await db.query<{ exists: boolean }>("SELECT to_regclass('half_done') IS NOT NULL AS exists");
        assert.equal(rows[0]?.exists, false);
      } finally {
        await db.close();
      }
    });
  });
}
