/**
 * confd's blacklist and incoming caller-ID rules, and the `preprocess_subroutine` of users, incalls
 * and outcalls checked against the registered hooks, on a real database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadRoutingObjects, readConfigurationVersion, TEST_DATABASE_KINDS, type TestDatabase } from '../../store/index.ts';
import { confdFixture, type ConfdItem } from './testing/confd-fixture.ts';

for (const kind of TEST_DATABASE_KINDS) {
  describe(`confd blacklist, caller-ID rules and preprocess subroutines, on ${kind}`, () => {
    const confd = confdFixture(kind, { hookNames: new Set(['vip-check', 'night-route']) });
    const { call, created, events } = confd;
    let db: TestDatabase;
    let other = '';
    before(async () => {
      ({ db, other } = await confd.open());
    });
    after(() => confd.close());

    it('MUST list, add and delete blacklist entries of the tenant, moving the configuration version', async () => {
      const before = await readConfigurationVersion(db);
      const entry = await created('/blacklist', { number: '+33123456789', reason: 'spam' });
      assert.deepEqual([entry['number'], entry['reason']], ['+33123456789', 'spam']);
      assert.ok((await readConfigurationVersion(db)) > before);
      assert.equal(((await call('GET', '/blacklist')).body as ConfdItem)['total'], 1);
      assert.equal(((await call('GET', '/blacklist', undefined, other)).body as ConfdItem)['total'], 0);
      assert.equal((await call('DELETE', `/blacklist/${encodeURIComponent('+33123456789')}`)).status, 204);
      assert.equal((await call('DELETE', '/blacklist/0999')).status, 404);
      assert.ok(events.some((event) => event.name === 'blacklist_entry_created') && events.some((event) => event.name === 'blacklist_entry_deleted'));
    });

    it('MUST keep a blacklist entry where routing reads it', async () => {
      await created('/blacklist', { number: '0611', reason: 'prank' });
      const objects = await loadRoutingObjects(db);
      assert.ok(objects.blacklist.some((row) => row.key === '0611' && row.reason === 'prank'));
    });

    it('MUST refuse a blacklist entry without a number with 400', async () => {
      assert.equal((await call('POST', '/blacklist', { reason: 'x' })).status, 400);
    });

    it('MUST create, list and delete caller-ID rules', async () => {
      const rule = await created('/incoming_callerid_rules', { name: 'national1', callerid: '^0[1-9]\\d{8}$', strip: 1, add: '+33' });
      assert.deepEqual([rule['callerid'], rule['strip'], rule['add']], ['^0[1-9]\\d{8}$', 1, '+33']);
      assert.equal(((await call('GET', '/incoming_callerid_rules')).body as ConfdItem)['total'], 1);
      assert.equal((await call('DELETE', `/incoming_callerid_rules/${String(rule['id'])}`)).status, 204);
    });

    it('MUST refuse a caller-ID rule whose expression does not compile with 400', async () => {
      const answer = await call('POST', '/incoming_callerid_rules', { name: 'broken', callerid: '^(0[1-9' });
      assert.equal(answer.status, 400);
      assert.match((answer.body as string[]).join(' '), /regular expression/);
    });

    it('MUST store a registered hook as an incall\'s, an outcall\'s and a user\'s preprocess_subroutine', async () => {
      const incall = await created('/incalls', { destination: { type: 'none' }, preprocess_subroutine: 'vip-check' });
      const outcall = await created('/outcalls', { name: 'out', preprocess_subroutine: 'night-route' });
      const user = await created('/users', { firstname: 'Ann', preprocess_subroutine: 'vip-check' });
      assert.deepEqual([incall['preprocess_subroutine'], outcall['preprocess_subroutine'], user['preprocess_subroutine']], ['vip-check', 'night-route', 'vip-check']);
      assert.equal((await call('PUT', `/users/${String(user['id'])}`, { preprocess_subroutine: null })).status, 204);
      assert.equal(((await call('GET', `/users/${String(user['id'])}`)).body as ConfdItem)['preprocess_subroutine'], null);
    });

    it('MUST refuse a preprocess_subroutine no hook is registered under with 400', async () => {
      const answers = await Promise.all([
        call('POST', '/incalls', { destination: { type: 'none' }, preprocess_subroutine: 'typo' }),
        call('POST', '/outcalls', { name: 'out2', preprocess_subroutine: 'typo' }),
        call('POST', '/users', { firstname: 'Bea', preprocess_subroutine: 'typo' }),
      ]);
      assert.deepEqual(answers.map((answer) => answer.status), [400, 400, 400]);
    });
  });
}
