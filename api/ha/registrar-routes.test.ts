/**
 * confd's `/registrars` on a real database: the list and item models, a partial edit (204, event,
 * 400 and 404), and the backups HA keeps, which cannot be changed while HA is enabled on a node.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ensureDefaultRegistrar, expectWritten, saveHaNode, TEST_DATABASE_KINDS, updateRegistrar, type TestDatabase } from '../../store/index.ts';
import { confdFixture, type ConfdItem } from '../confd/testing/confd-fixture.ts';

for (const kind of TEST_DATABASE_KINDS) {
  describe(`confd registrars, on ${kind}`, () => {
    const confd = confdFixture(kind);
    const { call, events } = confd;
    let db: TestDatabase;
    before(async () => {
      ({ db } = await confd.open());
      expectWritten(await ensureDefaultRegistrar(db, { host: '192.0.2.10', port: 5060 }));
    });
    after(() => confd.close());
    beforeEach(async () => {
      expectWritten(await saveHaNode(db, 'alpha', { nodeType: 'disabled', remoteAddress: '' }));
      expectWritten(await updateRegistrar(db, 'default', { backupHost: null, proxyBackupHost: null }));
    });

    it('MUST list the default registrar in the confd model, with blank backups', async () => {
      const list = (await call('GET', '/registrars')).body as { total: number; items: ConfdItem[] };
      assert.deepEqual([list.total, list.items[0]], [1, {
        id: 'default', name: 'default', main_host: '192.0.2.10', main_port: 5060, backup_host: null, backup_port: null,
        proxy_main_host: '192.0.2.10', proxy_main_port: 5060, proxy_backup_host: null, proxy_backup_port: null, outbound_proxy_host: null, outbound_proxy_port: null,
      }]);
    });

    it('MUST change only the fields given (204), tell registrar_edited, and show the change', async () => {
      const answer = await call('PUT', '/registrars/default', { outbound_proxy_host: 'sbc.example.com', outbound_proxy_port: 5080 });
      const shown = (await call('GET', '/registrars/default')).body as ConfdItem;
      assert.deepEqual([answer.status, shown['outbound_proxy_host'], shown['outbound_proxy_port'], shown['main_host']], [204, 'sbc.example.com', 5080, '192.0.2.10']);
      assert.ok(events.some((event) => event.name === 'registrar_edited' && event.required_acl === 'events.config.registrar.edited'));
    });

    it('MUST answer 404 for an unknown registrar and 400 naming the field for a bad port or host', async () => {
      const [unknown, port, host] = [
        await call('GET', '/registrars/nope'), await call('PUT', '/registrars/default', { main_port: 70000 }), await call('PUT', '/registrars/default', { main_host: 'a b' }),
      ];
      assert.deepEqual([unknown.status, port.status, (port.body as string[])[0]?.startsWith('main_port: '), host.status], [404, 400, true, 400]);
    });

    it('MUST let the backups be set while HA is disabled', async () => {
      const answer = await call('PUT', '/registrars/default', { backup_host: '192.0.2.30', proxy_backup_host: '192.0.2.30' });
      const shown = (await call('GET', '/registrars/default')).body as ConfdItem;
      assert.deepEqual([answer.status, shown['backup_host'], shown['proxy_backup_host']], [204, '192.0.2.30', '192.0.2.30']);
    });

    it('MUST answer 400 naming backup_host and proxy_backup_host for a change of them while HA is enabled, and change nothing', async () => {
      expectWritten(await updateRegistrar(db, 'default', { backupHost: '192.0.2.20', proxyBackupHost: '192.0.2.20' }));
      expectWritten(await saveHaNode(db, 'alpha', { nodeType: 'master', remoteAddress: '192.0.2.20' }));
      const answer = await call('PUT', '/registrars/default', { name: 'renamed', backup_host: '192.0.2.30', proxy_backup_host: null });
      const shown = (await call('GET', '/registrars/default')).body as ConfdItem;
      assert.deepEqual([answer.status, (answer.body as string[]).map((message) => message.split(':')[0]), shown['name'], shown['backup_host']], [400, ['backup_host', 'proxy_backup_host'], 'default', '192.0.2.20']);
    });

    it('MUST accept, while HA is enabled, a body that sends the backups back unchanged with other edits', async () => {
      expectWritten(await updateRegistrar(db, 'default', { backupHost: '192.0.2.20', proxyBackupHost: '192.0.2.20' }));
      expectWritten(await saveHaNode(db, 'alpha', { nodeType: 'slave', remoteAddress: '192.0.2.10' }));
      const answer = await call('PUT', '/registrars/default', { backup_host: '192.0.2.20', proxy_backup_host: '192.0.2.20', backup_port: 5060 });
      assert.equal(answer.status, 204);
    });
  });
}
