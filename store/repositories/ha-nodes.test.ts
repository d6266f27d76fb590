import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import { findHaNode, haEnabledOnAnyNode, listHaNodes, recordHaNodeAddress, saveHaNode } from './ha-nodes.ts';

for (const kind of TEST_DATABASE_KINDS) {
  describe(`the HA configuration of the nodes, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
    });
    after(() => db.close());

    it('MUST know no node before one records itself, then show it disabled with its address', async () => {
      assert.equal(await findHaNode(db, 'alpha'), undefined);
      expectWritten(await recordHaNodeAddress(db, 'alpha', '10.0.0.1'));
      const row = await findHaNode(db, 'alpha');
      assert.deepEqual([row?.nodeType, row?.remoteAddress, row?.sipAddress], ['disabled', '', '10.0.0.1']);
    });

    it("MUST keep each node's configuration in its own row, and its recorded address across a configuration", async () => {
      expectWritten(await saveHaNode(db, 'alpha', { nodeType: 'master', remoteAddress: '10.0.0.2' }));
      expectWritten(await saveHaNode(db, 'beta', { nodeType: 'slave', remoteAddress: '10.0.0.1' }));
      const [alpha, beta] = [await findHaNode(db, 'alpha'), await findHaNode(db, 'beta')];
      assert.deepEqual([alpha?.nodeType, alpha?.remoteAddress, alpha?.sipAddress, beta?.nodeType, beta?.remoteAddress], ['master', '10.0.0.2', '10.0.0.1', 'slave', '10.0.0.1']);
    });

    it('MUST list the most recently configured node first', async () => {
      expectWritten(await saveHaNode(db, 'alpha', { nodeType: 'master', remoteAddress: '10.0.0.3' }));
      assert.deepEqual((await listHaNodes(db)).map((row) => row.nodeName), ['alpha', 'beta']);
    });

    it('MUST refuse a master without a remote address, and a disabled node with one, naming the constraint', async () => {
      const master = await saveHaNode(db, 'gamma', { nodeType: 'master', remoteAddress: '' });
      const disabled = await saveHaNode(db, 'gamma', { nodeType: 'disabled', remoteAddress: '10.0.0.9' });
      assert.deepEqual([master.type === 'error' && master.constraint, disabled.type === 'error' && disabled.constraint], ['ha_node_remote_address', 'ha_node_remote_address']);
    });

    it('MUST tell HA enabled while any node is master or slave, and disabled once every node is', async () => {
      const enabled = await haEnabledOnAnyNode(db);
      expectWritten(await saveHaNode(db, 'alpha', { nodeType: 'disabled', remoteAddress: '' }));
      const withSlaveLeft = await haEnabledOnAnyNode(db);
      expectWritten(await saveHaNode(db, 'beta', { nodeType: 'disabled', remoteAddress: '' }));
      assert.deepEqual([enabled, withSlaveLeft, await haEnabledOnAnyNode(db)], [true, true, false]);
    });
  });
}
