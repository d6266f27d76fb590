import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import type { ExtensionId, LineId, TenantUuid } from '../ids.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import { associateLineExtension, associateUserLine } from './associations.ts';
import { createContext } from './contexts.ts';
import { createExtension } from './extensions.ts';
import { createSipLine } from './lines.ts';
import { createUser } from './users.ts';

let counter = 0;

async function newLine(db: TestDatabase): Promise<LineId> {
  counter += 1;
  return expectWritten(await createSipLine(db, { username: `line${counter}`, secret: 's3cret', context: 'default' })).id;
}

async function newExtension(db: TestDatabase): Promise<ExtensionId> {
  counter += 1;
  return expectWritten(await createExtension(db, { exten: String(3000 + counter), context: 'default' })).id;
}

for (const kind of TEST_DATABASE_KINDS) {
  describe(`associateUserLine, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
      expectWritten(await createContext(db, { name: 'default' }));
    });
    after(() => db.close());

    it("MUST make the first association the line's main user and the user's main line", async () => {
      const user = expectWritten(await createUser(db, { firstname: 'First' }));
      const association = expectWritten(await associateUserLine(db, { userId: user.id, lineId: await newLine(db) }));
      assert.deepEqual([association.mainUser, association.mainLine], [true, true]);
    });

    it("MUST NOT make a user's second line its main line", async () => {
      const user = expectWritten(await createUser(db, { firstname: 'Second' }));
      expectWritten(await associateUserLine(db, { userId: user.id, lineId: await newLine(db) }));
      const second = expectWritten(await associateUserLine(db, { userId: user.id, lineId: await newLine(db) }));
      assert.deepEqual([second.mainUser, second.mainLine], [true, false]);
    });

    it('MUST refuse the same association twice, naming user_line_pkey', async () => {
      const user = expectWritten(await createUser(db, { firstname: 'Twice' }));
      const lineId = await newLine(db);
      expectWritten(await associateUserLine(db, { userId: user.id, lineId }));
      const result = await associateUserLine(db, { userId: user.id, lineId });
      assert.deepEqual(result.type === 'error' && [result.code, result.constraint], ['PBX_ERR_STORE_DUPLICATE', 'user_line_pkey']);
    });

    it('MUST refuse a line that does not exist as a broken reference', async () => {
      const user = expectWritten(await createUser(db, { firstname: 'Lineless' }));
      const result = await associateUserLine(db, { userId: user.id, lineId: 999_999 as LineId });
      assert.deepEqual(result.type === 'error' && [result.code, result.constraint], ['PBX_ERR_STORE_BROKEN_REFERENCE', 'user_line_line_fkey']);
    });

    it("MUST refuse a user of another tenant than the line's, naming user_line_user_fkey", async () => {
      const { rows } = await db.query<{ uuid: TenantUuid }>("INSERT INTO tenant (name) VALUES ('other') RETURNING uuid");
      const stranger = expectWritten(await createUser(db, { firstname: 'Stranger', tenantUuid: rows[0]?.uuid as TenantUuid }));
      const result = await associateUserLine(db, { userId: stranger.id, lineId: await newLine(db) });
      assert.equal(result.type === 'error' && result.constraint, 'user_line_user_fkey');
    });
  });

  describe(`associateLineExtension, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
      expectWritten(await createContext(db, { name: 'default' }));
    });
    after(() => db.close());

    it("MUST make a line's first extension its main extension and not the second", async () => {
      const lineId = await newLine(db);
      const first = expectWritten(await associateLineExtension(db, { lineId, extensionId: await newExtension(db) }));
      const second = expectWritten(await associateLineExtension(db, { lineId, extensionId: await newExtension(db) }));
      assert.deepEqual([first.mainExtension, second.mainExtension], [true, false]);
    });

    it('MUST refuse the same association twice, naming line_extension_pkey', async () => {
      const lineId = await newLine(db);
      const extensionId = await newExtension(db);
      expectWritten(await associateLineExtension(db, { lineId, extensionId }));
      const result = await associateLineExtension(db, { lineId, extensionId });
      assert.equal(result.type === 'error' && result.constraint, 'line_extension_pkey');
    });

    it('MUST refuse an extension that does not exist as a broken reference', async () => {
      const result = await associateLineExtension(db, { lineId: await newLine(db), extensionId: 999_999 as ExtensionId });
      assert.equal(result.type === 'error' && result.code, 'PBX_ERR_STORE_BROKEN_REFERENCE');
    });
  });
}
