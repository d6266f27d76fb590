import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import { DEFAULT_REGISTRAR_ID, ensureDefaultRegistrar, findRegistrar, listRegistrarPage, updateRegistrar } from './registrars.ts';

for (const kind of TEST_DATABASE_KINDS) {
  describe(`the registrars, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
    });
    after(() => db.close());

    it('MUST create the default registrar with the main registrar and proxy at the given address, and no backup', async () => {
      const registrar = expectWritten(await ensureDefaultRegistrar(db, { host: '10.0.0.1', port: 5060 }));
      assert.deepEqual(registrar, {
        id: DEFAULT_REGISTRAR_ID, name: 'default', mainHost: '10.0.0.1', mainPort: 5060, backupHost: null, backupPort: null,
        proxyMainHost: '10.0.0.1', proxyMainPort: 5060, proxyBackupHost: null, proxyBackupPort: null, outboundProxyHost: null, outboundProxyPort: null,
      });
    });

    it('MUST leave an existing default registrar as it is when another node starts', async () => {
      const again = expectWritten(await ensureDefaultRegistrar(db, { host: '10.0.0.2', port: 5070 }));
      assert.deepEqual([again.mainHost, again.mainPort], ['10.0.0.1', 5060]);
    });

    it('MUST change only the fields given, and blank a field given as null', async () => {
      expectWritten(await updateRegistrar(db, DEFAULT_REGISTRAR_ID, { backupHost: '10.0.0.2', proxyBackupHost: '10.0.0.2', outboundProxyPort: 5080 }));
      const cleared = expectWritten(await updateRegistrar(db, DEFAULT_REGISTRAR_ID, { backupHost: null }));
      assert.deepEqual([cleared.backupHost, cleared.proxyBackupHost, cleared.outboundProxyPort, cleared.mainHost], [null, '10.0.0.2', 5080, '10.0.0.1']);
    });

    it('MUST answer not found for an unknown registrar, and refuse a port out of range', async () => {
      const unknown = await updateRegistrar(db, 'nope', { name: 'x' });
      const badPort = await updateRegistrar(db, DEFAULT_REGISTRAR_ID, { mainPort: 70000 });
      assert.deepEqual([unknown.type === 'error' && unknown.code, badPort.type === 'error' && badPort.code], ['PBX_ERR_STORE_NOT_FOUND', 'PBX_ERR_STORE_INVALID_VALUE']);
    });

    it('MUST list the registrars in the confd list shape', async () => {
      const page = await listRegistrarPage(db, { order: 'id' });
      assert.deepEqual([page.total, page.items.map((row) => row.id)], [1, ['default']]);
      assert.equal((await findRegistrar(db, 'default'))?.id, 'default');
    });
  });
}
