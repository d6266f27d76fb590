/**
 * confd's `/groups` on a real database: Wazo's group shape and defaults, 400 with clear messages
 * (`general`, strategies outside the list, strategies that need queue statistics), tenants kept
 * apart, members with their priority, extensions, the no-answer fallback, schedule and call
 * permission associations, and the `group_*` events.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDialplan, loadRoutingObjects, type TestDatabase } from '../../store/index.ts';
import { confdFixture, type ConfdItem } from './testing/confd-fixture.ts';

describe('confd /groups', () => {
  const confd = confdFixture('postgres');
  const { call, created, events } = confd;
  let db: TestDatabase;
  let tenant = '';
  let other = '';
  before(async () => {
    ({ db, tenant, other } = await confd.open());
    await created('/contexts', { name: 'office', label: 'Office' });
  });
  after(() => confd.close());

  it('MUST create a group (201) with Wazo’s defaults and publish group_created', async () => {
    const group = await created('/groups', { name: 'sales', label: 'Sales' });
    assert.deepEqual(
      [group.ring_strategy, group.timeout, group.user_timeout, group.retry_delay, group.ring_in_use, group.ignore_forward, group.enabled, group.tenant_uuid],
      ['all', null, 15, 5, true, true, true, tenant],
    );
    assert.deepEqual([events.at(-1)?.name, events.at(-1)?.required_acl], ['group_created', 'events.config.groups.created']);
    assert.deepEqual((await call('GET', `/groups/${String(group.id)}`)).body, group);
  });

  it('MUST refuse the name general, an unknown strategy and the statistics strategies with a clear 400', async () => {
    const general = await call('POST', '/groups', { name: 'general', label: 'General' });
    assert.deepEqual([general.status, (general.body as string[]).join()], [400, "name: 'general' is reserved"]);
    const unknown = await call('POST', '/groups', { name: 'x', label: 'X', ring_strategy: 'ringall' });
    assert.match((unknown.body as string[]).join(), /^ring_strategy: must be one of all, linear, random, fewest_calls/);
    const statistics = await call('POST', '/groups', { name: 'y', label: 'Y', ring_strategy: 'fewest_calls' });
    assert.match((statistics.body as string[]).join(), /^ring_strategy: 'fewest_calls' needs queue statistics/);
  });

  it('MUST answer 400 with every problem of an invalid body, and a duplicate name of the tenant', async () => {
    const refused = await call('POST', '/groups', { label: '', timeout: 0, user_timeout: -1, retry_delay: 'x', ring_in_use: 'yes' });
    assert.equal(refused.status, 400);
    const messages = (refused.body as string[]).join('\n');
    for (const field of ['label', 'timeout', 'user_timeout', 'retry_delay', 'ring_in_use']) assert.match(messages, new RegExp(`^${field}`, 'm'), field);
    await created('/groups', { name: 'dup', label: 'Dup' });
    assert.equal((await call('POST', '/groups', { name: 'dup', label: 'Dup' })).status, 400);
    assert.equal((await call('POST', '/groups', { name: 'dup', label: 'Dup' }, other)).status, 201);
  });

  it('MUST name a group without a name, update partially (group_edited) and delete (group_deleted)', async () => {
    const group = await created('/groups', { label: 'Support' });
    assert.match(String(group.name), /^grp-/);
    assert.equal((await call('PUT', `/groups/${String(group.id)}`, { ring_strategy: 'linear', timeout: 60 })).status, 204);
    const read = (await call('GET', `/groups/${String(group.id)}`)).body as ConfdItem;
    assert.deepEqual([read.ring_strategy, read.timeout, read.label, events.at(-1)?.name], ['linear', 60, 'Support', 'group_edited']);
    assert.equal((await call('DELETE', `/groups/${String(group.id)}`)).status, 204);
    assert.deepEqual([events.at(-1)?.name, (await call('GET', `/groups/${String(group.id)}`)).status], ['group_deleted', 404]);
  });

  it('MUST keep tenants apart: another tenant’s group is not found and not listed', async () => {
    const rival = await created('/groups', { name: 'rival', label: 'Rival' }, other);
    assert.equal((await call('GET', `/groups/${String(rival.id)}`)).status, 404);
    const list = (await call('GET', '/groups')).body as { items: ConfdItem[] };
    assert.ok(list.items.every((item) => item.tenant_uuid === tenant));
  });

  it('MUST set the members with their priority (group_member_users_associated) and refuse a user of another tenant', async () => {
    const group = await created('/groups', { name: 'members', label: 'Members', ring_strategy: 'linear' });
    const alice = await created('/users', { firstname: 'Alice' });
    const bob = await created('/users', { firstname: 'Bob' });
    const rival = await created('/users', { firstname: 'Rival' }, other);
    const path = `/groups/${String(group.id)}/members/users`;
    assert.equal((await call('PUT', path, { users: [{ uuid: bob.uuid, priority: 2 }, { uuid: alice.uuid, priority: 1 }] })).status, 204);
    const members = ((await call('GET', `/groups/${String(group.id)}`)).body as { members: { users: ConfdItem[] } }).members.users;
    assert.deepEqual(members.map((member) => [member.uuid, member.priority]), [[alice.uuid, 1], [bob.uuid, 2]]);
    assert.equal(events.at(-1)?.name, 'group_member_users_associated');
    const refused = await call('PUT', path, { users: [{ uuid: rival.uuid }] });
    assert.match((refused.body as string[]).join(), /^users\[0\]: no user .* in the group's tenant/);
    assert.equal((await call('PUT', path, { users: [{ uuid: alice.uuid }, { uuid: alice.uuid }] })).status, 400);
  });

  it('MUST make an internal extension lead to the group, refuse one in use, and free it on DELETE', async () => {
    const group = await created('/groups', { name: 'reached', label: 'Reached' });
    const extension = await created('/extensions', { exten: '2000', context: 'office' });
    const path = `/groups/${String(group.id)}/extensions/${String(extension.id)}`;
    assert.equal((await call('PUT', path)).status, 204);
    assert.equal(events.at(-1)?.name, 'group_extension_associated');
    const destinationOf = async () => (await loadDialplan(db)).extensions.find((row) => Number(row.id) === extension.id)?.destination;
    assert.deepEqual(await destinationOf(), { type: 'group', typeval: String(group.id) });
    const another = await created('/groups', { name: 'another', label: 'Another' });
    assert.equal((await call('PUT', `/groups/${String(another.id)}/extensions/${String(extension.id)}`)).status, 400);
    assert.equal((await call('DELETE', path)).status, 204);
    assert.deepEqual(await destinationOf(), { type: 'unassigned' });
  });

  it('MUST set and read the no-answer fallback, and refuse an invalid destination', async () => {
    const group = await created('/groups', { name: 'fallback', label: 'Fallback' });
    const path = `/groups/${String(group.id)}/fallbacks`;
    assert.deepEqual((await call('GET', path)).body, { noanswer_destination: null });
    assert.equal((await call('PUT', path, { noanswer_destination: { type: 'extension', exten: '1001', context: 'office' } })).status, 204);
    assert.deepEqual((await call('GET', path)).body, { noanswer_destination: { type: 'extension', exten: '1001', context: 'office' } });
    assert.equal(events.at(-1)?.name, 'group_fallback_edited');
    assert.equal((await call('PUT', path, { noanswer_destination: { type: 'teleport' } })).status, 400);
  });

  it('MUST attach a schedule and a call permission of the tenant, refuse another tenant’s, and show them to routing', async () => {
    const group = await created('/groups', { name: 'attached', label: 'Attached' });
    const schedule = await created('/schedules', { name: 'office-hours', timezone: 'UTC', open_periods: [], closed_destination: { type: 'none' } });
    const permission = await created('/callpermissions', { name: 'deny-all', mode: 'deny', extensions: ['_X.'] });
    const rivalPermission = await created('/callpermissions', { name: 'rival', mode: 'deny', extensions: ['_X.'] }, other);
    const base = `/groups/${String(group.id)}`;
    assert.equal((await call('PUT', `${base}/schedules/${String(schedule.id)}`)).status, 204);
    assert.equal((await call('PUT', `${base}/callpermissions/${String(permission.id)}`)).status, 204);
    assert.equal((await call('PUT', `${base}/callpermissions/${String(rivalPermission.id)}`)).status, 404);
    const read = (await call('GET', base)).body as ConfdItem;
    assert.deepEqual([read.schedules, read.call_permissions], [[{ id: schedule.id }], [{ id: permission.id }]]);
    const routed = (await loadRoutingObjects(db)).groups?.find((row) => row.id === group.id);
    assert.deepEqual([routed?.scheduleId, routed?.callPermissionIds], [schedule.id, [permission.id]]);
    assert.equal((await call('DELETE', `${base}/callpermissions/${String(permission.id)}`)).status, 204);
    assert.equal((await call('DELETE', `${base}/schedules/${String(schedule.id)}`)).status, 204);
    assert.deepEqual(((await call('GET', base)).body as ConfdItem).schedules, []);
  });
});
