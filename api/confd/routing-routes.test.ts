/**
 * confd's routing resources on a real database (PostgreSQL and PGlite): an incall with its DID and
 * schedule, an outcall with ordered trunks and a `_**99.` pattern stripping 4 digits, call
 * permissions on a user and an outcall, schedules; the 400s for invalid patterns, periods, time
 * zones and destinations; tenants; events.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDialplan, TEST_DATABASE_KINDS, type TestDatabase } from '../../store/index.ts';
import { confdFixture, type ConfdItem } from './testing/confd-fixture.ts';

type Item = ConfdItem;

for (const kind of TEST_DATABASE_KINDS) {
  describe(`confd incalls, outcalls, call permissions and schedules, on ${kind}`, () => {
    const confd = confdFixture(kind);
    const { call, created, events } = confd;
    let db: TestDatabase;
    let tenant = '';
    let other = '';
    const status = async (method: 'PUT' | 'DELETE', path: string, body?: unknown) => (await call(method, path, body)).status;
    const errors = async (method: 'POST' | 'PUT', path: string, body: unknown) => {
      const answer = await call(method, path, body);
      assert.equal(answer.status, 400, `${path}: ${JSON.stringify(answer.body)}`);
      return (answer.body as string[]).join(' | ');
    };
    before(async () => {
      ({ db, tenant, other } = await confd.open());
      await created('/contexts', { name: 'default' });
      await created('/contexts', { name: 'from-extern', type: 'incall' });
      await created('/contexts', { name: 'to-extern', type: 'outcall' });
    });
    after(() => confd.close());

    it('MUST route a DID to an incall\'s destination, with its caller-ID mode and schedule', async () => {
      const user = await created('/users', { firstname: 'Bob' });
      const incall = await created('/incalls', { destination: { type: 'user', user_id: user['id'], ring_time: 20 }, caller_id_mode: 'prepend', caller_id_name: 'Sales' });
      const did = await created('/extensions', { exten: '1000', context: 'from-extern' });
      assert.equal(await status('PUT', `/incalls/${String(incall['id'])}/extensions/${String(did['id'])}`), 204);
      const schedule = await created('/schedules', { name: 'office', timezone: 'Europe/Paris', open_periods: [{ hours_start: '08:00', hours_end: '18:00', week_days: [1, 2, 3, 4, 5] }], closed_destination: { type: 'hangup', cause: 'busy' } });
      assert.equal(await status('PUT', `/incalls/${String(incall['id'])}/schedules/${String(schedule['id'])}`), 204);
      const read = (await call('GET', `/incalls/${String(incall['id'])}`)).body as Item;
      assert.deepEqual([read['destination'], read['caller_id_mode'], read['extensions'], read['schedules']], [
        { type: 'user', user_id: user['id'], ring_time: 20 }, 'prepend', [{ id: did['id'], exten: '1000', context: 'from-extern' }], [{ id: schedule['id'] }],
      ]);
      const dialplan = await loadDialplan(db);
      assert.deepEqual(dialplan.extensions.find((item) => item.id === did['id'])?.destination, { type: 'incall', typeval: String(incall['id']) });
      assert.deepEqual(((await call('GET', `/schedules/${String(schedule['id'])}`)).body as Item)['incalls'], [{ id: incall['id'] }]);
      const list = (await call('GET', '/incalls?search=1000')).body as Item;
      assert.deepEqual([list['total'], list['filtered']], [1, 1]);
      assert.equal(await status('DELETE', `/incalls/${String(incall['id'])}/extensions/${String(did['id'])}`), 204);
      assert.equal(await status('DELETE', `/incalls/${String(incall['id'])}`), 204);
      const names = events.map((event) => event.name);
      for (const name of ['incall_created', 'incall_extension_associated', 'incall_schedule_associated', 'schedule_created', 'incall_extension_dissociated', 'incall_deleted']) assert.ok(names.includes(name), name);
    });

    it('MUST refuse a DID outside an incall context, a used extension, and a malformed destination', async () => {
      const incall = await created('/incalls', { destination: { type: 'none' } });
      const internal = await created('/extensions', { exten: '2000', context: 'default' });
      assert.match(await errors('PUT', `/incalls/${String(incall['id'])}/extensions/${String(internal['id'])}`, undefined), /not an incall context/);
      const outcall = await created('/outcalls', { name: 'taken' });
      const pattern = await created('/extensions', { exten: '_9.', context: 'to-extern' });
      assert.equal(await status('PUT', `/outcalls/${String(outcall['id'])}/extensions/${String(pattern['id'])}`, {}), 204);
      assert.match(await errors('PUT', `/incalls/${String(incall['id'])}/extensions/${String(pattern['id'])}`, undefined), /already in use/);
      assert.match(await errors('POST', '/incalls', { destination: { type: 'user' } }), /destination\.user_id/);
      assert.match(await errors('POST', '/incalls', { destination: { type: 'teleport' } }), /destination/);
      assert.match(await errors('POST', '/incalls', { destination: { type: 'none' }, caller_id_mode: 'shout' }), /caller_id_mode/);
    });

    it('MUST keep an outcall\'s trunks in order and its _**99. pattern stripping 4 digits', async () => {
      const outcall = await created('/outcalls', { name: 'provider', internal_caller_id: true });
      const pattern = await created('/extensions', { exten: '_**99.', context: 'to-extern' });
      assert.equal(await status('PUT', `/outcalls/${String(outcall['id'])}/trunks`, { trunks: [{ id: 3 }, { id: 1 }, { id: 2 }] }), 204);
      assert.equal(await status('PUT', `/outcalls/${String(outcall['id'])}/extensions/${String(pattern['id'])}`, { strip_digits: 4, caller_id: '"XIVO" <555>' }), 204);
      const read = (await call('GET', `/outcalls/${String(outcall['id'])}`)).body as Item;
      assert.deepEqual(read['trunks'], [{ id: 3 }, { id: 1 }, { id: 2 }]);
      assert.deepEqual(read['extensions'], [{ id: pattern['id'], exten: '_**99.', context: 'to-extern', strip_digits: 4, prefix: null, external_prefix: null, caller_id: '"XIVO" <555>' }]);
      assert.equal(read['internal_caller_id'], true);
      assert.match(await errors('PUT', `/outcalls/${String(outcall['id'])}/trunks`, { trunks: [{ id: 1 }, { id: 1 }] }), /twice/);
      assert.match(await errors('PUT', `/outcalls/${String(outcall['id'])}/extensions/${String(pattern['id'])}`, { strip_digits: -1 }), /strip_digits/);
      assert.equal(await status('DELETE', `/outcalls/${String(outcall['id'])}`), 204);
      const { rows } = await db.query<{ type: string }>('SELECT type FROM extension WHERE id = $1', [pattern['id']]);
      assert.equal(rows[0]?.type, 'user');
    });

    it('MUST refuse an outcall pattern that is not a valid pattern, or not in an outcall context', async () => {
      const outcall = await created('/outcalls', { name: 'strict' });
      const literalDot = await created('/extensions', { exten: '_X.9', context: 'to-extern' });
      assert.match(await errors('PUT', `/outcalls/${String(outcall['id'])}/extensions/${String(literalDot['id'])}`, {}), /nothing may follow the wildcard/);
      const unclosed = await created('/extensions', { exten: '_[12', context: 'to-extern' });
      assert.match(await errors('PUT', `/outcalls/${String(outcall['id'])}/extensions/${String(unclosed['id'])}`, {}), /no closing/);
      const internal = await created('/extensions', { exten: '_0.', context: 'default' });
      assert.match(await errors('PUT', `/outcalls/${String(outcall['id'])}/extensions/${String(internal['id'])}`, {}), /not an outcall context/);
    });

    it('MUST attach call permissions to a user and to an outcall, and refuse invalid patterns', async () => {
      const permission = await created('/callpermissions', { name: 'deny-all', mode: 'deny', extensions: ['_X.'], password: '1234' });
      const allow = await created('/callpermissions', { name: 'allow-some', mode: 'allow', extensions: ['1001', '_0800XXXXXX'] });
      const user = await created('/users', { firstname: 'Carol' });
      const outcall = await created('/outcalls', { name: 'guarded' });
      assert.equal(await status('PUT', `/users/${String(user['uuid'])}/callpermissions/${String(permission['id'])}`), 204);
      assert.equal(await status('PUT', `/users/${String(user['uuid'])}/callpermissions/${String(allow['id'])}`), 204);
      assert.equal(await status('PUT', `/outcalls/${String(outcall['id'])}/callpermissions/${String(permission['id'])}`), 204);
      const read = (await call('GET', `/callpermissions/${String(permission['id'])}`)).body as Item;
      assert.deepEqual([(read['users'] as Item[]).map((item) => item['uuid']), (read['outcalls'] as Item[]).map((item) => item['name']), read['password'], read['mode']], [[user['uuid']], ['guarded'], '1234', 'deny']);
      assert.equal(((await call('GET', `/users/${String(user['id'])}/callpermissions`)).body as Item)['total'], 2);
      assert.equal(await status('PUT', `/users/${String(user['uuid'])}`, { call_permission_password: '9999' }), 204);
      assert.equal(((await call('GET', `/users/${String(user['uuid'])}`)).body as Item)['call_permission_password'], '9999');
      assert.match(await errors('PUT', `/users/${String(user['uuid'])}`, { call_permission_password: 'secret' }), /call_permission_password/);
      const withPassword = await created('/users', { firstname: 'Dan', call_permission_password: '4321' });
      assert.equal(withPassword['call_permission_password'], '4321');
      assert.deepEqual(((await call('GET', `/outcalls/${String(outcall['id'])}`)).body as Item)['call_permissions'], [{ id: permission['id'], name: 'deny-all' }]);
      assert.match(await errors('POST', '/callpermissions', { name: 'bad', extensions: ['418.'] }), /without its leading '_'/);
      assert.match(await errors('POST', '/callpermissions', { name: 'bad', extensions: ['_[5-1]'] }), /runs backwards/);
      assert.match(await errors('POST', '/callpermissions', { name: 'bad', mode: 'maybe' }), /mode/);
      assert.match(await errors('POST', '/callpermissions', { name: 'bad', password: 'abc' }), /password/);
      assert.equal(await status('DELETE', `/users/${String(user['uuid'])}/callpermissions/${String(permission['id'])}`), 204);
      assert.equal(await status('DELETE', `/callpermissions/${String(permission['id'])}`), 204);
      assert.ok(events.some((event) => event.name === 'call_permission_created' && event.required_acl === 'events.config.callpermission.created'));
    });

    it('MUST refuse an unknown time zone and malformed periods', async () => {
      assert.match(await errors('POST', '/schedules', { name: 'mars', timezone: 'Mars/Olympus' }), /timezone: must be an IANA time zone/);
      assert.match(await errors('POST', '/schedules', { name: 'late', open_periods: [{ hours_start: '18:00', hours_end: '08:00' }] }), /hours_end: must not be before/);
      assert.match(await errors('POST', '/schedules', { name: 'half', open_periods: [{ hours_start: '08:00' }] }), /go together/);
      assert.match(await errors('POST', '/schedules', { name: 'days', open_periods: [{ week_days: [0] }] }), /week_days/);
      assert.match(await errors('POST', '/schedules', { name: 'odd', exceptional_periods: [{ months: [12] }] }), /destination/);
    });

    it('MUST keep each tenant\'s objects to itself', async () => {
      const theirs = await created('/outcalls', { name: 'theirs' }, other);
      const mine = await created('/callpermissions', { name: 'mine' });
      assert.equal((await call('GET', `/outcalls/${String(theirs['id'])}`)).status, 404);
      assert.equal(await status('PUT', `/outcalls/${String(theirs['id'])}/callpermissions/${String(mine['id'])}`), 404);
      assert.equal(((await call('GET', '/outcalls', undefined, other)).body as Item)['total'], 1);
    });
  });
}
