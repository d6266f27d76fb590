import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import { createContext } from './contexts.ts';
import { createExtension } from './extensions.ts';

for (const kind of TEST_DATABASE_KINDS) {
  describe(`createExtension, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
      expectWritten(await createContext(db, { name: 'default' }));
      expectWritten(await createContext(db, { name: 'other' }));
    });
    after(() => db.close());

    it("MUST create an enabled 'user' extension with typeval '0' by default", async () => {
      const extension = expectWritten(await createExtension(db, { exten: '2000', context: 'default' }));
      assert.deepEqual([extension.type, extension.typeval, extension.enabled], ['user', '0', true]);
    });

    it('MUST refuse a second extension with the same number in the same context, naming extension_exten_context_key', async () => {
      expectWritten(await createExtension(db, { exten: '2001', context: 'default' }));
      const result = await createExtension(db, { exten: '2001', context: 'default' });
      assert.deepEqual(result.type === 'error' && [result.code, result.constraint], ['PBX_ERR_STORE_DUPLICATE', 'extension_exten_context_key']);
    });

    it('MUST accept the same number in another context', async () => {
      expectWritten(await createExtension(db, { exten: '2002', context: 'default' }));
      const result = await createExtension(db, { exten: '2002', context: 'other' });
      assert.equal(result.type, 'ok');
    });

    it('MUST refuse an extension in a context that does not exist, naming extension_context_fkey', async () => {
      const result = await createExtension(db, { exten: '2003', context: 'missing' });
      assert.deepEqual(result.type === 'error' && [result.code, result.constraint], ['PBX_ERR_STORE_BROKEN_REFERENCE', 'extension_context_fkey']);
    });

    it('MUST accept an Asterisk-style pattern starting with _', async () => {
      const result = await createExtension(db, { exten: '_0[1-9]XXXXXXXX', context: 'default', type: 'outcall' });
      assert.equal(result.type, 'ok');
    });

    it('MUST accept an E.164 number with a leading +', async () => {
      const result = await createExtension(db, { exten: '+33123456789', context: 'default', type: 'incall' });
      assert.equal(result.type, 'ok');
    });

    it('MUST refuse a number with letters that is not a pattern', async () => {
      const result = await createExtension(db, { exten: '12ab', context: 'default' });
      assert.equal(result.type === 'error' && result.constraint, 'extension_exten_check');
    });

    it('MUST refuse an unknown extension type', async () => {
      const result = await createExtension(db, { exten: '2004', context: 'default', type: 'trunk' as 'user' });
      assert.equal(result.type === 'error' && result.constraint, 'extension_type_check');
    });
  });
}
