import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import { createContext, findContext } from './contexts.ts';

for (const kind of TEST_DATABASE_KINDS) {
  describe(`contexts, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
    });
    after(() => db.close());

    it('MUST create an enabled internal context with an empty label by default', async () => {
      const context = expectWritten(await createContext(db, { name: 'office' }));
      assert.deepEqual([context.type, context.enabled, context.label], ['internal', true, '']);
    });

    it('MUST find a context by name in the default tenant', async () => {
      const created = expectWritten(await createContext(db, { name: 'found', type: 'incall', label: 'Incoming' }));
      assert.deepEqual(await findContext(db, 'found'), created);
    });

    it('MUST answer undefined for an unknown context', async () => {
      assert.equal(await findContext(db, 'nowhere'), undefined);
    });

    it('MUST refuse a second context of the same name in a tenant, naming context_tenant_name_key', async () => {
      expectWritten(await createContext(db, { name: 'twice' }));
      const result = await createContext(db, { name: 'twice' });
      assert.deepEqual(result.type === 'error' && [result.code, result.constraint], ['PBX_ERR_STORE_DUPLICATE', 'context_tenant_name_key']);
    });

    it('MUST refuse the names Wazo reserves, whatever their case', async () => {
      const result = await createContext(db, { name: 'Globals' });
      assert.equal(result.type === 'error' && result.constraint, 'context_name_check');
    });

    it('MUST refuse a name with a space', async () => {
      const result = await createContext(db, { name: 'my context' });
      assert.equal(result.type === 'error' && result.constraint, 'context_name_check');
    });

    it('MUST refuse a type outside internal, incall, outcall, services and others', async () => {
      const result = await createContext(db, { name: 'typed', type: 'weird' as 'internal' });
      assert.equal(result.type === 'error' && result.constraint, 'context_type_check');
    });
  });
}
