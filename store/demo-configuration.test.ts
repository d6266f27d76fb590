import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_NUMBERS, ensureDemoConfiguration } from './demo-configuration.ts';
import { hasStoreErrorCode } from './errors.ts';
import { expectWritten } from './expect-written.ts';
import { createContext } from './repositories/contexts.ts';
import { createExtension } from './repositories/extensions.ts';
import { findSipCredentials } from './repositories/sip-credentials.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './test-database.ts';

const password = (username: string): string => `pw-${username}`;

for (const kind of TEST_DATABASE_KINDS) {
  describe(`ensureDemoConfiguration on an empty database, on ${kind}`, () => {
    let db: TestDatabase;
    let first: Awaited<ReturnType<typeof ensureDemoConfiguration>>;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
      first = await ensureDemoConfiguration(db, { password });
    });
    after(() => db.close());

    it('MUST report the creation and the credentials of 1001 and 1002 with the given passwords', () => {
      assert.deepEqual(first, {
        created: true,
        credentials: DEMO_NUMBERS.map((username) => ({ username, password: password(username) })),
      });
    });

    it("MUST let 1001 authenticate with its password in context 'default'", async () => {
      const credentials = await findSipCredentials(db, '1001');
      assert.deepEqual([credentials?.secret, credentials?.context], ['pw-1001', 'default']);
    });

    it('MUST create users named "User 1001" and "User 1002"', async () => {
      const { rows } = await db.query<{ name: string }>("SELECT firstname || ' ' || lastname AS name FROM users ORDER BY id");
      assert.deepEqual(rows.map((row) => row.name), ['User 1001', 'User 1002']);
    });

    it("MUST reach each user's line from its extension in context 'default'", async () => {
      const { rows } = await db.query<{ exten: string; username: string; lastname: string }>(
        `SELECT extension.exten, endpoint_sip.username, users.lastname
         FROM extension
         JOIN line_extension ON line_extension.extension_id = extension.id
         JOIN line ON line.id = line_extension.line_id
         JOIN endpoint_sip ON endpoint_sip.id = line.endpoint_sip_id
         JOIN user_line ON user_line.line_id = line.id AND user_line.main_user
         JOIN users ON users.id = user_line.user_id
         WHERE extension.context = 'default'
         ORDER BY extension.exten`,
      );
      assert.deepEqual(rows, DEMO_NUMBERS.map((number) => ({ exten: number, username: number, lastname: number })));
    });

    it('MUST create nothing the second time', async () => {
      const second = await ensureDemoConfiguration(db, { password });
      assert.deepEqual(second, { created: false, credentials: [] });
    });

    it('MUST keep exactly two users after several runs', async () => {
      await ensureDemoConfiguration(db, { password });
      const { rows } = await db.query<{ count: number }>('SELECT count(*)::integer AS count FROM users');
      assert.equal(rows[0]?.count, 2);
    });
  });

  describe(`ensureDemoConfiguration in unusual states, on ${kind}`, () => {
    it('MUST create the demo once when two nodes run it together', async () => {
      const db = await createMigratedTestDatabase(kind);
      try {
        const results = await Promise.all([ensureDemoConfiguration(db, { password }), ensureDemoConfiguration(db, { password })]);
        assert.deepEqual(results.map((result) => result.created).sort(), [false, true]);
      } finally {
        await db.close();
      }
    });

    it("MUST reuse an existing context 'default'", async () => {
      const db = await createMigratedTestDatabase(kind);
      try {
        expectWritten(await createContext(db, { name: 'default', label: 'Mine' }));
        const result = await ensureDemoConfiguration(db, { password });
        assert.equal(result.created, true);
      } finally {
        await db.close();
      }
    });

    it('MUST fail with PBX_ERR_STORE_DEMO_CONFLICT and write nothing when extension 1001 already exists', async () => {
      const db = await createMigratedTestDatabase(kind);
      try {
        expectWritten(await createContext(db, { name: 'default' }));
        expectWritten(await createExtension(db, { exten: '1001', context: 'default' }));
        await assert.rejects(ensureDemoConfiguration(db, { password }), (error) => hasStoreErrorCode(error, 'PBX_ERR_STORE_DEMO_CONFLICT'));
        assert.equal(await findSipCredentials(db, '1001'), undefined);
      } finally {
        await db.close();
      }
    });
  });
}
