import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_CONTEXT, ensureDemoConfiguration } from '../demo-configuration.ts';
import { expectWritten } from '../expect-written.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import { includeContext } from './context-includes.ts';
import { createContext } from './contexts.ts';
import { loadDialplan, type Dialplan } from './dialplan.ts';
import { createExtension } from './extensions.ts';
import { setUserForward, setUserService } from './user-services.ts';
import { setUserMusicOnHold } from './user-music-on-hold.ts';
import { createMohClass } from './moh-classes.ts';
import { associateLineExtension } from './associations.ts';

for (const kind of TEST_DATABASE_KINDS) {
  describe(`loadDialplan on the demo configuration, on ${kind}`, () => {
    let db: TestDatabase;
    let dialplan: Dialplan;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
      await ensureDemoConfiguration(db, { password: (username) => `pw-${username}` });
      dialplan = await loadDialplan(db);
    });
    after(() => db.close());

    it("MUST list the internal context 'default' with no includes", () => {
      assert.deepEqual(
        dialplan.contexts.map(({ name, type, includes }) => ({ name, type, includes })),
        [{ name: DEMO_CONTEXT, type: 'internal', includes: [] }],
      );
    });

    it('MUST lead extensions 1001 and 1002 to the users whose lines carry them', () => {
      const routes = dialplan.extensions.map((extension) => ({
        exten: extension.exten,
        userLines: dialplan.users
          .filter((user) => extension.destination.type === 'user' && extension.destination.userId === user.id)
          .map((user) => user.lines.map((line) => line.username)),
      }));
      assert.deepEqual(routes, [
        { exten: '1001', userLines: [['1001']] },
        { exten: '1002', userLines: [['1002']] },
      ]);
    });

    it('MUST give the demo users the defaults: ring 30 s, 5 simultaneous calls, services and forwards off', () => {
      const off = { enabled: false, destination: null };
      const settings = dialplan.users.map((user) => [user.ringSeconds, user.simultaneousCalls, user.services, user.forwards]);
      const expected = [30, 5, { dnd: { enabled: false }, incallfilter: { enabled: false } }, { busy: off, noanswer: off, unconditional: off }];
      assert.deepEqual(settings, [expected, expected]);
    });

    it("MUST give each demo user its caller id and its main line with its extension in 'default'", () => {
      const user = dialplan.users[0];
      assert.deepEqual([user?.callerId, user?.lines[0]?.mainLine, user?.lines[0]?.extensions], [
        '"User 1001" <1001>',
        true,
        [{ exten: '1001', context: DEMO_CONTEXT }],
      ]);
    });

    it('MUST give equal answers for two loads of an unchanged database', async () => {
      assert.deepEqual(await loadDialplan(db), dialplan);
    });
  });

  describe(`loadDialplan after changes, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
      await ensureDemoConfiguration(db, { password: (username) => `pw-${username}` });
    });
    after(() => db.close());

    it('MUST list the includes of a context by priority', async () => {
      for (const name of ['to-extern', 'xivo-extrafeatures']) expectWritten(await createContext(db, { name, type: 'internal' }));
      expectWritten(await includeContext(db, { context: DEMO_CONTEXT, include: 'xivo-extrafeatures', priority: 2 }));
      expectWritten(await includeContext(db, { context: DEMO_CONTEXT, include: 'to-extern', priority: 1 }));
      const context = (await loadDialplan(db)).contexts.find((candidate) => candidate.name === DEMO_CONTEXT);
      assert.deepEqual(context?.includes, ['to-extern', 'xivo-extrafeatures']);
    });

    it('MUST show a service and a forward as soon as they are set', async () => {
      const uuid = (await loadDialplan(db)).users[1]?.uuid;
      assert.ok(uuid !== undefined);
      expectWritten(await setUserService(db, uuid, 'dnd', true));
      expectWritten(await setUserForward(db, uuid, 'noanswer', { enabled: true, destination: '1001' }));
      const user = (await loadDialplan(db)).users.find((candidate) => candidate.uuid === uuid);
      assert.deepEqual([user?.services.dnd, user?.forwards.noanswer], [{ enabled: true }, { enabled: true, destination: '1001' }]);
    });

    it("MUST give each user the tenant's default music on hold, then the class set, and the default again once that class is deleted", async () => {
      const uuid = (await loadDialplan(db)).users[0]?.uuid;
      assert.ok(uuid !== undefined);
      const musicOf = async () => (await loadDialplan(db)).users.find((candidate) => candidate.uuid === uuid)?.musicOnHold;
      assert.deepEqual(await musicOf(), { name: 'default', playOrder: 'sorted' });
      expectWritten(await createMohClass(db, { name: 'jazz', playOrder: 'random' }));
      expectWritten(await setUserMusicOnHold(db, uuid, 'jazz'));
      assert.deepEqual(await musicOf(), { name: 'jazz', playOrder: 'random' });
      const refused = await setUserMusicOnHold(db, uuid, 'no-such-class');
      assert.deepEqual(refused.type === 'error' ? [refused.code, refused.constraint] : refused, ['PBX_ERR_STORE_BROKEN_REFERENCE', 'users_music_on_hold_fkey']);
      await db.query("DELETE FROM moh WHERE name = 'jazz'");
      assert.deepEqual(await musicOf(), { name: 'default', playOrder: 'sorted' });
    });

    it('MUST lead a user extension naming no user of its tenant nowhere', async () => {
      expectWritten(await createExtension(db, { exten: '1099', context: DEMO_CONTEXT, type: 'user', typeval: '0' }));
      const extension = (await loadDialplan(db)).extensions.find((candidate) => candidate.exten === '1099');
      assert.deepEqual(extension?.destination, { type: 'unassigned' });
    });

    it("MUST lead an extension of a line to the line's main user, as confd's line-extension association does", async () => {
      const line = await db.query<{ readonly line_id: number; readonly user_id: number }>('SELECT line_id, user_id FROM user_line WHERE main_user ORDER BY line_id LIMIT 1');
      const owner = line.rows[0];
      assert.ok(owner !== undefined);
      const extension = expectWritten(await createExtension(db, { exten: '1098', context: DEMO_CONTEXT, type: 'user', typeval: '0' }));
      expectWritten(await associateLineExtension(db, { lineId: owner.line_id as never, extensionId: extension.id as never }));
      const loaded = (await loadDialplan(db)).extensions.find((candidate) => candidate.exten === '1098');
      assert.deepEqual(loaded?.destination, { type: 'user', userId: owner.user_id });
    });

    it('MUST keep the typeval of an extension of another type', async () => {
      expectWritten(await createExtension(db, { exten: '3000', context: DEMO_CONTEXT, type: 'queue', typeval: '12' }));
      const extension = (await loadDialplan(db)).extensions.find((candidate) => candidate.exten === '3000');
      assert.deepEqual(extension?.destination, { type: 'queue', typeval: '12' });
    });
  });
}
