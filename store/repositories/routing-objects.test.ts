/**
 * The routing objects' repositories on PostgreSQL and PGlite: incalls and their DIDs, outcalls with
 * ordered trunks and patterns, call permissions on users and outcalls, schedules, the caller-ID
 * rules and the blacklist, and the constraints that refuse bad values.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import type { TenantUuid } from '../ids.ts';
import { readConfigurationVersion } from './configuration-version.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import { associateUserCallPermission, createCallPermission, deleteCallPermission, dissociateUserCallPermission, findCallPermission, listCallPermissionPage, listUserCallPermissions } from './call-permissions.ts';
import { createCallerIdRule, deleteBlacklistEntry, listBlacklist, listCallerIdRules, putBlacklistEntry } from './caller-id-rules.ts';
import { createContext } from './contexts.ts';
import { loadDialplan } from './dialplan.ts';
import { createExtension } from './extensions.ts';
import { associateIncallExtension, createIncall, deleteIncall, dissociateIncallExtension, findIncall, listIncallPage, setIncallSchedule } from './incalls.ts';
import {
  associateOutcallCallPermission, associateOutcallExtension, createOutcall, deleteOutcall, dissociateOutcallExtension, findOutcall, setOutcallTrunks, updateOutcall,
} from './outcalls.ts';
import { createSchedule, findSchedule, setUserSchedule, updateSchedule } from './schedules.ts';
import { createUser } from './users.ts';

for (const kind of TEST_DATABASE_KINDS) {
  describe(`routing objects, on ${kind}`, () => {
    let db: TestDatabase;
    let tenant: TenantUuid;
    const extension = async (exten: string, context: string) => expectWritten(await createExtension(db, { tenantUuid: tenant, exten, context })).id;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
      const { rows } = await db.query<{ uuid: TenantUuid }>('SELECT uuid FROM tenant WHERE is_default');
      tenant = rows[0]!.uuid;
      expectWritten(await createContext(db, { tenantUuid: tenant, name: 'from-extern', type: 'incall' }));
      expectWritten(await createContext(db, { tenantUuid: tenant, name: 'to-extern', type: 'outcall' }));
    });
    after(() => db.close());

    it('MUST keep an incall with its destination and DIDs, show them to the dialplan, and free them on delete', async () => {
      const incall = expectWritten(await createIncall(db, tenant, { destination: { type: 'user', user_id: 7, ring_time: 20 }, callerIdMode: 'prepend', callerIdName: 'Sales', ringSeconds: 25 }));
      const did = await extension('0123456789', 'from-extern');
      await associateIncallExtension(db, incall.id, did);
      const read = await findIncall(db, String(incall.id), [tenant]);
      assert.deepEqual([read?.destination, read?.callerIdMode, read?.ringSeconds, read?.extensions], [{ type: 'user', user_id: 7, ring_time: 20 }, 'prepend', 25, [{ id: did, exten: '0123456789', context: 'from-extern' }]]);
      const dialplan = await loadDialplan(db);
      assert.deepEqual(dialplan.extensions.find((item) => item.id === did)?.destination, { type: 'incall', typeval: String(incall.id) });
      assert.equal((await listIncallPage(db, [tenant], { order: 'exten', search: '0123' })).filtered, 1);
      assert.equal(await dissociateIncallExtension(db, incall.id, did), true);
      await associateIncallExtension(db, incall.id, did);
      assert.ok(await db.transaction((tx) => deleteIncall(tx, String(incall.id), [tenant])));
      const { rows } = await db.query<{ type: string; typeval: string }>('SELECT type, typeval FROM extension WHERE id = $1', [did]);
      assert.deepEqual(rows[0], { type: 'user', typeval: '0' });
    });

    it('MUST refuse an unknown caller_id_mode and a destination that is not an object with a type', async () => {
      const mode = await createIncall(db, tenant, { destination: { type: 'none' }, callerIdMode: 'shout' as 'prepend' });
      assert.equal(mode.type === 'error' && mode.constraint, 'incall_caller_id_mode_check');
      const destination = await createIncall(db, tenant, { destination: { kind: 'user' } as unknown as { type: string } });
      assert.equal(destination.type === 'error' && destination.constraint, 'incall_destination_check');
    });

    it('MUST keep an outcall\'s trunks in order and its patterns with strip digits, prefix and caller ID', async () => {
      const outcall = expectWritten(await createOutcall(db, tenant, { name: 'provider', internalCallerId: true }));
      const pattern = await extension('_**99.', 'to-extern');
      expectWritten(await db.transaction((tx) => setOutcallTrunks(tx, outcall.id, [12, 4, 9])));
      expectWritten(await db.transaction((tx) => associateOutcallExtension(tx, outcall, pattern, { stripDigits: 4, prefix: '', callerId: '"XIVO" <555>' })));
      expectWritten(await db.transaction((tx) => associateOutcallExtension(tx, outcall, pattern, { stripDigits: 4, prefix: '0', callerId: '"XIVO" <555>' })));
      const read = await findOutcall(db, String(outcall.id), [tenant]);
      assert.deepEqual(read?.trunkIds, [12, 4, 9]);
      assert.deepEqual(read?.extensions, [{ id: pattern, exten: '_**99.', context: 'to-extern', stripDigits: 4, prefix: '0', callerId: '"XIVO" <555>' }]);
      expectWritten(await db.transaction((tx) => setOutcallTrunks(tx, outcall.id, [4])));
      assert.deepEqual((await findOutcall(db, String(outcall.id), [tenant]))?.trunkIds, [4]);
      const negative = await associateOutcallExtension(db, outcall, pattern, { stripDigits: -1, prefix: '', callerId: null });
      assert.equal(negative.type === 'error' && negative.constraint, 'outcall_extension_strip_digits_check');
      assert.equal(await db.transaction((tx) => dissociateOutcallExtension(tx, outcall.id, pattern)), true);
      assert.equal((await updateOutcall(db, String(outcall.id), [tenant], { enabled: false })).type, 'ok');
      assert.ok(await db.transaction((tx) => deleteOutcall(tx, String(outcall.id), [tenant])));
    });

    it('MUST refuse two outcalls of one name', async () => {
      expectWritten(await createOutcall(db, tenant, { name: 'twice' }));
      const second = await createOutcall(db, tenant, { name: 'twice' });
      assert.equal(second.type === 'error' && second.constraint, 'outcall_tenant_name_key');
    });

    it('MUST attach call permissions to users and outcalls, and list a user\'s', async () => {
      const permission = expectWritten(await createCallPermission(db, tenant, { name: 'no-mobiles', mode: 'deny', password: '1234', extensions: ['_06XXXXXXXX', '_07XXXXXXXX'] }));
      const user = expectWritten(await createUser(db, { tenantUuid: tenant, firstname: 'Alice' }));
      const outcall = expectWritten(await createOutcall(db, tenant, { name: 'mobiles' }));
      expectWritten(await associateUserCallPermission(db, user.id, permission.id, tenant));
      expectWritten(await associateUserCallPermission(db, user.id, permission.id, tenant));
      expectWritten(await associateOutcallCallPermission(db, outcall, permission.id));
      const read = await findCallPermission(db, String(permission.id), [tenant]);
      assert.deepEqual([read?.extensions, read?.users.map((item) => item.uuid), read?.outcalls.map((item) => item.name)], [['_06XXXXXXXX', '_07XXXXXXXX'], [user.uuid], ['mobiles']]);
      assert.deepEqual((await listUserCallPermissions(db, user.uuid)).map((item) => item.name), ['no-mobiles']);
      assert.equal((await findOutcall(db, String(outcall.id), [tenant]))?.callPermissions[0]?.name, 'no-mobiles');
      assert.equal((await listCallPermissionPage(db, [tenant], { order: 'name' })).total, 1);
      assert.equal(await dissociateUserCallPermission(db, user.id, permission.id), true);
      const badPassword = await createCallPermission(db, tenant, { name: 'bad', password: 'letters' });
      assert.equal(badPassword.type === 'error' && badPassword.constraint, 'call_permission_password_check');
      assert.ok(await deleteCallPermission(db, String(permission.id), [tenant]));
    });

    it('MUST keep a schedule\'s periods and destinations, attach it to incalls and users, and bump the configuration version', async () => {
      const before = await readConfigurationVersion(db);
      const schedule = expectWritten(await createSchedule(db, tenant, {
        name: 'office', timezone: 'Europe/Paris', closedDestination: { type: 'hangup', cause: 'busy' },
        openPeriods: [{ hours_start: '08:00', hours_end: '17:00', week_days: [1, 2, 3, 4, 5] }],
        exceptionalPeriods: [{ month_days: [25], months: [12], destination: { type: 'none' } }],
      }));
      assert.deepEqual([schedule.openPeriods, schedule.closedDestination], [[{ hours_start: '08:00', hours_end: '17:00', week_days: [1, 2, 3, 4, 5] }], { type: 'hangup', cause: 'busy' }]);
      const incall = expectWritten(await createIncall(db, tenant, { destination: { type: 'none' } }));
      expectWritten(await setIncallSchedule(db, incall.id, schedule.id));
      const user = expectWritten(await createUser(db, { tenantUuid: tenant, firstname: 'Bob' }));
      expectWritten(await setUserSchedule(db, { id: user.id, tenantUuid: tenant }, schedule.id));
      const read = await findSchedule(db, String(schedule.id), [tenant]);
      assert.deepEqual([read?.incalls, read?.users.map((item) => item.uuid)], [[{ id: incall.id }], [user.uuid]]);
      assert.equal((await updateSchedule(db, String(schedule.id), [tenant], { timezone: 'America/New_York' })).type, 'ok');
      assert.ok((await readConfigurationVersion(db)) > before);
      const badZone = await createSchedule(db, tenant, { name: 'odd', timezone: 'not a zone' });
      assert.equal(badZone.type === 'error' && badZone.constraint, 'schedule_timezone_check');
    });

    it('MUST keep the caller-ID rules in order and the blacklist as keys with reasons', async () => {
      expectWritten(await createCallerIdRule(db, { tenantUuid: tenant, name: 'national1', callerId: '^0[1-9]\\d{8}$', strip: 1, add: '+33' }));
      expectWritten(await createCallerIdRule(db, { tenantUuid: tenant, name: 'international', callerId: '^00', strip: 2, add: '+' }));
      assert.deepEqual((await listCallerIdRules(db, [tenant])).map((rule) => [rule.name, rule.strip, rule.add]), [['national1', 1, '+33'], ['international', 2, '+']]);
      expectWritten(await putBlacklistEntry(db, tenant, { key: '+33123456789', reason: 'spam' }));
      expectWritten(await putBlacklistEntry(db, tenant, { key: '+33123456789', reason: 'robocall' }));
      assert.deepEqual(await listBlacklist(db, tenant), [{ key: '+33123456789', reason: 'robocall' }]);
      assert.equal(await deleteBlacklistEntry(db, tenant, '+33123456789'), true);
      assert.equal(await deleteBlacklistEntry(db, tenant, '+33123456789'), false);
    });
  });
}
