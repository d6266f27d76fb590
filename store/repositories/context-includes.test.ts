import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import { includeContext } from './context-includes.ts';
import { createContext } from './contexts.ts';

for (const kind of TEST_DATABASE_KINDS) {
  describe(`includeContext, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
      for (const [name, type] of [['default', 'internal'], ['to-extern', 'outcall'], ['extra', 'internal']] as const) {
        expectWritten(await createContext(db, { name, type }));
      }
    });
    after(() => db.close());

    it("MUST let 'default' include 'to-extern' with priority 0 by default", async () => {
      const row = expectWritten(await includeContext(db, { context: 'default', include: 'to-extern' }));
      assert.deepEqual([row.context, row.include, row.priority], ['default', 'to-extern', 0]);
    });

    it('MUST refuse a second include of the same context as a duplicate', async () => {
      expectWritten(await includeContext(db, { context: 'extra', include: 'to-extern' }));
      const result = await includeContext(db, { context: 'extra', include: 'to-extern', priority: 1 });
      assert.deepEqual(result.type === 'error' && [result.code, result.constraint], ['PBX_ERR_STORE_DUPLICATE', 'context_include_pkey']);
    });

    it('MUST refuse a context including itself, naming context_include_self_check', async () => {
      const result = await includeContext(db, { context: 'default', include: 'default' });
      assert.equal(result.type === 'error' && result.constraint, 'context_include_self_check');
    });

    it('MUST refuse to include an unknown context as a broken reference', async () => {
      const result = await includeContext(db, { context: 'default', include: 'nowhere' });
      assert.deepEqual(
        result.type === 'error' && [result.code, result.constraint],
        ['PBX_ERR_STORE_BROKEN_REFERENCE', 'context_include_include_fkey'],
      );
    });

    it('MUST refuse a negative priority', async () => {
      const result = await includeContext(db, { context: 'to-extern', include: 'extra', priority: -1 });
      assert.equal(result.type === 'error' && result.constraint, 'context_include_priority_check');
    });

    it('MUST drop the include when the included context is deleted', async () => {
      expectWritten(await createContext(db, { name: 'doomed' }));
      expectWritten(await includeContext(db, { context: 'extra', include: 'doomed' }));
      await db.query("DELETE FROM context WHERE name = 'doomed'");
      const { rows } = await db.query("SELECT 1 FROM context_include WHERE include = 'doomed'");
      assert.equal(rows.length, 0);
    });
  });
}
