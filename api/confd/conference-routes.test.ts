/**
 * confd's `/conferences` on a real database: Wazo's conference shape and defaults, 400 with clear
 * messages, tenants kept apart, extensions (shown by `GET /extensions` as `conference`), the
 * incalls that lead to a room, `conference_*` events, and `conference` destinations that must name
 * a room of the tenant.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDialplan, type TestDatabase } from '../../store/index.ts';
import { confdFixture, type ConfdItem } from './testing/confd-fixture.ts';

describe('confd /conferences', () => {
  const confd = confdFixture('postgres', { hookNames: new Set(['room-check']) });
  const { call, created, events } = confd;
  let db: TestDatabase;
  let tenant = '';
  let other = '';
  before(async () => {
    ({ db, tenant, other } = await confd.open());
    await created('/contexts', { name: 'office', label: 'Office' });
    await created('/contexts', { name: 'from-extern', label: 'DIDs', type: 'incall' });
    await created('/contexts', { name: 'office', label: 'Office' }, other);
  });
  after(() => confd.close());

  it('MUST create a room without a name (201) with Wazo’s defaults and publish conference_created', async () => {
    const room = await created('/conferences', {});
    assert.deepEqual(
      [room.name, room.max_users, room.record, room.pin, room.admin_pin, room.quiet_join, room.announce_join_leave, room.announce_user_count, room.announce_only_user, room.music_on_hold, room.preprocess_subroutine, room.extensions, room.incalls, room.tenant_uuid],
      [null, 50, false, null, null, false, false, false, true, null, null, [], [], tenant],
    );
    assert.deepEqual([events.at(-1)?.name, events.at(-1)?.required_acl, events.at(-1)?.data], ['conference_created', 'events.config.conferences.created', { id: room.id, tenant_uuid: tenant }]);
    assert.deepEqual((await call('GET', `/conferences/${String(room.id)}`)).body, room);
  });

  it('MUST answer 400 naming every bad field: PINs that are not digits or longer than 80, a negative max_users, an unknown hook, an unknown field', async () => {
    const refused = await call('POST', '/conferences', { pin: '12a', admin_pin: '1'.repeat(81), max_users: -1, record: 'yes', color: 'red' });
    assert.equal(refused.status, 400);
    const messages = (refused.body as string[]).join('\n');
    for (const field of ['pin', 'admin_pin', 'max_users', 'record']) assert.match(messages, new RegExp(`^${field}:`, 'm'), field);
    assert.match(messages, /color/);
    const hook = await call('POST', '/conferences', { preprocess_subroutine: 'missing' });
    assert.match((hook.body as string[]).join(), /^preprocess_subroutine: no hook named "missing"/);
  });

  it('MUST update partially (conference_edited), list with search and order, and delete (conference_deleted)', async () => {
    const room = await created('/conferences', { name: 'Weekly', pin: '1234', preprocess_subroutine: 'room-check' });
    assert.equal((await call('PUT', `/conferences/${String(room.id)}`, { max_users: 0, admin_pin: '9999', quiet_join: true })).status, 204);
    const read = (await call('GET', `/conferences/${String(room.id)}`)).body as ConfdItem;
    assert.deepEqual([read.name, read.pin, read.admin_pin, read.max_users, read.quiet_join, events.at(-1)?.name], ['Weekly', '1234', '9999', 0, true, 'conference_edited']);
    const list = (await call('GET', '/conferences?search=week&order=name&direction=desc')).body as { items: ConfdItem[] };
    assert.deepEqual(list.items.map((item) => item.id), [room.id]);
    assert.equal((await call('DELETE', `/conferences/${String(room.id)}`)).status, 204);
    assert.deepEqual([events.at(-1)?.name, (await call('GET', `/conferences/${String(room.id)}`)).status], ['conference_deleted', 404]);
  });

  it('MUST keep tenants apart: another tenant’s room is not found, not listed, not changed', async () => {
    const rival = await created('/conferences', { name: 'Rival' }, other);
    assert.equal((await call('GET', `/conferences/${String(rival.id)}`)).status, 404);
    assert.equal((await call('PUT', `/conferences/${String(rival.id)}`, { name: 'Mine' })).status, 404);
    assert.equal((await call('DELETE', `/conferences/${String(rival.id)}`)).status, 404);
    const list = (await call('GET', '/conferences')).body as { items: ConfdItem[] };
    assert.ok(list.items.every((item) => item.tenant_uuid === tenant));
  });

  it('MUST make an internal extension lead to the room (shown as type conference), refuse one in use or of another kind of context, and free it', async () => {
    const room = await created('/conferences', { name: 'Reached' });
    const extension = await created('/extensions', { exten: '4000', context: 'office' });
    const path = `/conferences/${String(room.id)}/extensions/${String(extension.id)}`;
    assert.equal((await call('PUT', path)).status, 204);
    assert.deepEqual([events.at(-1)?.name, events.at(-1)?.data], ['conference_extension_associated', { conference_id: room.id, extension_id: extension.id }]);
    const destinationOf = async () => (await loadDialplan(db)).extensions.find((row) => Number(row.id) === extension.id)?.destination;
    assert.deepEqual(await destinationOf(), { type: 'conference', typeval: String(room.id) });
    assert.equal(((await call('GET', `/extensions/${String(extension.id)}`)).body as ConfdItem).type, 'conference');
    assert.deepEqual(((await call('GET', `/conferences/${String(room.id)}`)).body as ConfdItem).extensions, [{ id: extension.id, exten: '4000', context: 'office' }]);
    const another = await created('/conferences', { name: 'Another' });
    assert.match(((await call('PUT', `/conferences/${String(another.id)}/extensions/${String(extension.id)}`)).body as string[]).join(), /already in use \(conference\)/);
    const did = await created('/extensions', { exten: '5554000', context: 'from-extern' });
    assert.match(((await call('PUT', `/conferences/${String(room.id)}/extensions/${String(did.id)}`)).body as string[]).join(), /not an internal context/);
    assert.equal((await call('DELETE', path)).status, 204);
    assert.deepEqual([await destinationOf(), events.at(-1)?.name], [{ type: 'unassigned' }, 'conference_extension_dissociated']);
  });

  it('MUST refuse an extension of another tenant with 404 and a line’s extension with 400', async () => {
    const room = await created('/conferences', { name: 'Strict' });
    const rivalExtension = await created('/extensions', { exten: '4001', context: 'office' }, other);
    assert.equal((await call('PUT', `/conferences/${String(room.id)}/extensions/${String(rivalExtension.id)}`)).status, 404);
  });

  it('MUST free the room’s extension when the room is deleted', async () => {
    const room = await created('/conferences', { name: 'Gone' });
    const extension = await created('/extensions', { exten: '4002', context: 'office' });
    assert.equal((await call('PUT', `/conferences/${String(room.id)}/extensions/${String(extension.id)}`)).status, 204);
    assert.equal((await call('DELETE', `/conferences/${String(room.id)}`)).status, 204);
    assert.equal(((await call('GET', `/extensions/${String(extension.id)}`)).body as ConfdItem).type, 'user');
  });

  it('MUST list the incalls that lead to the room with their DIDs', async () => {
    const room = await created('/conferences', { name: 'Dialed in' });
    const incall = await created('/incalls', { destination: { type: 'conference', conference_id: room.id } });
    const did = await created('/extensions', { exten: '5554001', context: 'from-extern' });
    assert.equal((await call('PUT', `/incalls/${String(incall.id)}/extensions/${String(did.id)}`)).status, 204);
    const read = (await call('GET', `/conferences/${String(room.id)}`)).body as ConfdItem;
    assert.deepEqual(read.incalls, [{ id: incall.id, extensions: [{ id: did.id, exten: '5554001', context: 'from-extern' }] }]);
  });

  it('MUST refuse a conference destination naming no room of the tenant in incalls, IVRs, schedules and group fallbacks (400)', async () => {
    const rival = await created('/conferences', { name: 'Theirs' }, other);
    const missing = { type: 'conference', conference_id: Number(rival.id) };
    const incall = await call('POST', '/incalls', { destination: missing });
    assert.deepEqual([incall.status, incall.body], [400, [`destination.conference_id: no conference ${String(rival.id)} in this tenant`]]);
    const ivr = await call('POST', '/ivr', { name: 'menu', menu_sound: 'menu', choices: [{ exten: '1', destination: missing }] });
    assert.deepEqual([ivr.status, ivr.body], [400, [`choices.0.destination.conference_id: no conference ${String(rival.id)} in this tenant`]]);
    const schedule = await call('POST', '/schedules', { name: 'hours', closed_destination: missing });
    assert.deepEqual([schedule.status, schedule.body], [400, [`closed_destination.conference_id: no conference ${String(rival.id)} in this tenant`]]);
    const group = await created('/groups', { name: 'fallback', label: 'Fallback' });
    const fallback = await call('PUT', `/groups/${String(group.id)}/fallbacks`, { noanswer_destination: missing });
    assert.deepEqual([fallback.status, fallback.body], [400, [`noanswer_destination.conference_id: no conference ${String(rival.id)} in this tenant`]]);
  });

  it('MUST accept a conference destination naming a room of the tenant, also on update', async () => {
    const room = await created('/conferences', { name: 'Ours' });
    const incall = await created('/incalls', { destination: { type: 'none' } });
    assert.equal((await call('PUT', `/incalls/${String(incall.id)}`, { destination: { type: 'conference', conference_id: room.id } })).status, 204);
    assert.equal((await call('PUT', `/incalls/${String(incall.id)}`, { destination: { type: 'conference', conference_id: 999_999 } })).status, 400);
    const schedule = await created('/schedules', { name: 'open', closed_destination: { type: 'none' } });
    const period = { hours_start: '00:00', hours_end: '01:00', destination: { type: 'conference', conference_id: 999_999 } };
    const refused = await call('PUT', `/schedules/${String(schedule.id)}`, { exceptional_periods: [period] });
    assert.deepEqual(refused.body, ['exceptional_periods.0.destination.conference_id: no conference 999999 in this tenant']);
  });
});
