/**
 * The routing objects as live routing will read them: configured through confd on a real database,
 * loaded with the dialplan, indexed, and resolved: a DID with and without `+` to its incall, the
 * caller ID normalised and the blacklist checked, `**99101` out through `_**99.` as `101` on the
 * trunks in order with the right caller ID, a user's and an outcall's call permissions, and an
 * incall's schedule.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { routing } from '../../actors/index.ts';
import { confdRoutes } from '../../api/index.ts';
import { createMigratedTestDatabase, createCallerIdRule, findRootTenant, includeContext, loadDialplan, loadRoutingObjects, putBlacklistEntry, type TenantUuid, type TestDatabase, expectWritten } from '../../store/index.ts';
import { callRoute } from '../../test/support/api-request.ts';
import { dialplanFromStore } from './dialplan-from-store.ts';
import { routingObjectsFromStore } from './routing-objects-from-store.ts';

type Item = Record<string, unknown>;

describe('routing objects from the store', () => {
  let db: TestDatabase;
  let tenant: TenantUuid;
  let table: routing.RoutingTable;
  let objects: routing.RoutingObjects;
  let alice: Item;
  before(async () => {
    db = await createMigratedTestDatabase('postgres');
    tenant = (await findRootTenant(db)).uuid as TenantUuid;
    const routes = confdRoutes({ db, publish: () => undefined, nodeUuid: 'node' });
    const post = async (path: string, body: unknown): Promise<Item> => {
      const answer = await callRoute(routes, 'POST', path, { tenantUuid: tenant, body });
      assert.equal(answer.status, 201, `${path}: ${JSON.stringify(answer.body)}`);
      return answer.body as Item;
    };
    const put = async (path: string, body?: unknown) => assert.equal((await callRoute(routes, 'PUT', path, { tenantUuid: tenant, ...(body === undefined ? {} : { body }) })).status, 204, path);
    await post('/contexts', { name: 'default' });
    await post('/contexts', { name: 'to-extern', type: 'outcall' });
    await post('/contexts', { name: 'from-extern', type: 'incall' });
    expectWritten(await includeContext(db, { tenantUuid: tenant, context: 'default', include: 'to-extern' }));
    alice = await post('/users', { firstname: 'Alice', caller_id: '"Alice" <1001>' });
    const incall = await post('/incalls', { destination: { type: 'user', user_id: alice['id'], ring_time: 20 }, caller_id_mode: 'prepend', caller_id_name: 'Sales' });
    await put(`/incalls/${String(incall['id'])}/extensions/${String((await post('/extensions', { exten: '1000', context: 'from-extern' }))['id'])}`);
    const schedule = await post('/schedules', { name: 'office', timezone: 'Europe/Paris', open_periods: [{ hours_start: '08:00', hours_end: '18:00', week_days: [1, 2, 3, 4, 5] }], closed_destination: { type: 'voicemail', voicemail_id: 4 } });
    await put(`/incalls/${String(incall['id'])}/schedules/${String(schedule['id'])}`);
    const outcall = await post('/outcalls', { name: 'provider' });
    await put(`/outcalls/${String(outcall['id'])}/trunks`, { trunks: [{ id: 7 }, { id: 3 }] });
    await put(`/outcalls/${String(outcall['id'])}/extensions/${String((await post('/extensions', { exten: '_**99.', context: 'to-extern' }))['id'])}`, { strip_digits: 4, caller_id: '"XIVO" <555>' });
    await put(`/outcalls/${String(outcall['id'])}/extensions/${String((await post('/extensions', { exten: '_00.', context: 'to-extern' }))['id'])}`, {});
    const international = await post('/callpermissions', { name: 'no-international', extensions: ['_00.'] });
    await put(`/outcalls/${String(outcall['id'])}/callpermissions/${String(international['id'])}`);
    const premium = await post('/callpermissions', { name: 'premium', extensions: ['_**9989XX'], password: '1234' });
    await put(`/users/${String(alice['uuid'])}/callpermissions/${String(premium['id'])}`);
    expectWritten(await createCallerIdRule(db, { tenantUuid: tenant, name: 'national1', callerId: '^0[1-9]\\d{8}$', strip: 1, add: '+33' }));
    expectWritten(await putBlacklistEntry(db, tenant, { key: '+33999999999', reason: 'spam' }));
    const indexed = routing.indexDialplan(dialplanFromStore(await loadDialplan(db)));
    assert.deepEqual(indexed.problems, []);
    table = indexed.table;
    objects = routingObjectsFromStore(await loadRoutingObjects(db));
  });
  after(() => db.close());

  it('MUST bring a call to the DID 1000 or +1000 to the incall\'s user, with its ring time and schedule', () => {
    for (const did of ['1000', '+1000']) {
      const result = routing.resolveIncall(table, objects.incalls, { context: 'from-extern', did });
      assert.equal(result.type, 'incall', did);
      assert.deepEqual(result.type === 'incall' && [result.destination, result.ringSeconds], [{ type: 'user', userId: alice['id'], ringSeconds: 20 }, 20]);
    }
    const incall = [...objects.incalls.values()][0];
    const schedule = incall?.scheduleId === null || incall === undefined ? undefined : objects.schedules.get(incall.scheduleId);
    assert.ok(schedule);
    assert.deepEqual(routing.scheduleState(schedule, Date.parse('2026-03-29T10:00:00Z')), { type: 'closed', reason: 'closed', destination: { type: 'voicemail', voicemailId: 4 } });
    assert.deepEqual(routing.scheduleState(schedule, Date.parse('2026-03-30T10:00:00Z')), { type: 'open' });
  });

  it('MUST normalise the caller\'s number with the tenant\'s rules and refuse a blacklisted one', () => {
    const { rules } = routing.compileCallerIdRules(objects.callerIdRules.get(tenant) ?? []);
    const incoming = routing.incomingCallerId({ name: '', number: '0123456789' }, { trunkCallerId: null, rules });
    assert.deepEqual(incoming.reverseLookup, { type: 'lookup', number: '+33123456789' });
    assert.deepEqual(routing.applyCallerIdMode({ name: 'Bob', number: '+33123456789' }, 'prepend', 'Sales').name, 'Sales Bob');
    const blacklist = objects.blacklists.get(tenant) ?? new Map<string, string>();
    assert.equal(routing.checkBlacklist(blacklist, routing.incomingCallerId({ name: '', number: '0999999999' }, { trunkCallerId: null, rules }).callerId).type, 'blacklisted');
  });

  it('MUST send **99101 out as 101 on trunks 7 then 3, with the association\'s caller ID', () => {
    const result = routing.resolveOutcall(table, objects.outcalls, { context: 'default', dialed: '**99101' });
    assert.equal(result.type, 'outcall', JSON.stringify(result));
    if (result.type !== 'outcall') return;
    assert.deepEqual([result.digits, result.trunkIds], ['101', [7, 3]]);
    const user = objects.users.get(alice['id'] as routing.UserId);
    const callerId = routing.outgoingCallerId(
      { type: 'user', internalCallerId: { name: 'Alice', number: '1001' }, outgoingCallerId: routing.readOutgoingCallerId(user?.outgoingCallerId ?? null) },
      { internalCallerId: result.outcall.internalCallerId, associationCallerId: result.pattern.callerId },
    );
    assert.deepEqual(callerId, { type: 'caller-id', callerId: { name: 'XIVO', number: '555' }, source: 'outcall' });
  });

  it('MUST apply the user\'s and the outcall\'s call permissions', () => {
    const user = objects.users.get(alice['id'] as routing.UserId);
    const permissions = (ids: readonly routing.CallPermissionId[]) => ids.flatMap((id) => objects.callPermissions.get(id) ?? []);
    const check = (dialed: string) => {
      const route = routing.resolveOutcall(table, objects.outcalls, { context: 'default', dialed });
      return routing.checkCallPermissions({
        dialed, user: permissions(user?.callPermissionIds ?? []), groups: [],
        outcall: route.type === 'outcall' ? permissions(route.outcall.callPermissionIds) : [], userPassword: user?.callPermissionPassword ?? null,
      }).type;
    };
    assert.deepEqual([check('0044123456'), check('**998912'), check('**99101')], ['denied', 'password', 'allowed']);
  });
});
