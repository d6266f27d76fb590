/**
 * confd's trunks, their SIP endpoints and outbound registrations on a real database (PostgreSQL
 * and PGlite), as the seed builds a provider trunk: `POST /trunks`, `POST /endpoints/sip` in the
 * seed's form, `PUT /trunks/{id}/endpoints/sip/{uuid}`, `POST /registers/sip`,
 * `PUT /trunks/{id}/registers/sip/{id}`; the events of each change, tenants kept apart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DATABASE_KINDS } from '../../store/index.ts';
import { confdFixture, type ConfdItem } from './testing/confd-fixture.ts';

type Item = ConfdItem;

for (const kind of TEST_DATABASE_KINDS) {
  describe(`confd trunks, trunk endpoints and SIP registrations, on ${kind}`, () => {
    const confd = confdFixture(kind);
    const { call, created, events } = confd;
    let tenant = '';
    let other = '';
    before(async () => {
      ({ tenant, other } = await confd.open());
      await created('/contexts', { name: 'from-extern', type: 'incall' });
    });
    after(() => confd.close());

    it('builds the seed\'s provider trunk: trunk, endpoint in the seed\'s form, registration, associations', async () => {
      const trunk = await created('/trunks', { context: 'from-extern' });
      assert.deepEqual([trunk['context'], trunk['endpoint_sip'], trunk['register_sip'], trunk['outgoing_caller_id_format']], ['from-extern', null, null, '+E164']);
      const endpoint = await created('/endpoints/sip', {
        username: 'GV18005551212', secret: 'password', type: 'friend', host: 'gvgw.simonics.com', options: [['qualify', 'yes'], ['callerid', '18005551212']],
      });
      assert.deepEqual([endpoint['name'], endpoint['type'], endpoint['host'], endpoint['options']], ['GV18005551212', 'friend', 'gvgw.simonics.com', [['qualify', 'yes'], ['callerid', '18005551212']]]);
      assert.deepEqual(endpoint['auth_section_options'], [['username', 'GV18005551212'], ['password', 'password']]);
      const register = await created('/registers/sip', {
        auth_username: 'GV18005551212', auth_password: 'password', transport: 'udp', remote_host: 'gvgw.simonics.com', callback_extension: '18005551212',
      });
      assert.deepEqual([register['expiration'], register['enabled'], register['remote_port'], register['trunk']], [120, true, null, null]);
      events.length = 0;
      assert.equal((await call('PUT', `/trunks/${String(trunk['id'])}/endpoints/sip/${String(endpoint['uuid'])}`)).status, 204);
      assert.equal((await call('PUT', `/trunks/${String(trunk['id'])}/registers/sip/${String(register['id'])}`)).status, 204);
      assert.deepEqual(events.map((event) => [event.name, event.tenant_uuid]), [['trunk_endpoint_sip_associated', tenant], ['trunk_register_sip_associated', tenant]]);
      const read = (await call('GET', `/trunks/${String(trunk['id'])}`)).body as Item;
      assert.equal(read['name'], 'GV18005551212');
      assert.deepEqual(read['endpoint_sip'], { id: (read['endpoint_sip'] as Item)['id'], uuid: endpoint['uuid'], name: 'GV18005551212', label: 'GV18005551212' });
      assert.deepEqual(read['register_sip'], { id: register['id'] });
      assert.deepEqual(((await call('GET', `/endpoints/sip/${String(endpoint['uuid'])}`)).body as Item)['trunk'], { id: trunk['id'] });
      assert.deepEqual(((await call('GET', `/registers/sip/${String(register['id'])}`)).body as Item)['trunk'], { id: trunk['id'] });
      const listed = (await call('GET', '/trunks?search=GV1800')).body as { total: number; filtered: number; items: Item[] };
      assert.deepEqual(listed.items.map((item) => item['id']), [trunk['id']]);
    });

    it('publishes trunk_created, trunk_edited and trunk_deleted with the tenant, and register_sip_* likewise', async () => {
      events.length = 0;
      const trunk = await created('/trunks', { description: 'peer' });
      assert.equal((await call('PUT', `/trunks/${String(trunk['id'])}`, { context: 'from-extern', outgoing_caller_id_format: 'national' })).status, 204);
      assert.equal(((await call('GET', `/trunks/${String(trunk['id'])}`)).body as Item)['outgoing_caller_id_format'], 'national');
      assert.equal((await call('DELETE', `/trunks/${String(trunk['id'])}`)).status, 204);
      const register = await created('/registers/sip', { remote_host: 'provider.example', expiration: 60 });
      assert.equal((await call('PUT', `/registers/sip/${String(register['id'])}`, { expiration: 90, remote_port: 5070 })).status, 204);
      assert.equal((await call('DELETE', `/registers/sip/${String(register['id'])}`)).status, 204);
      assert.deepEqual(events.map((event) => [event.name, event.required_acl, event.tenant_uuid]), [
        ['trunk_created', 'events.config.trunk.created', tenant],
        ['trunk_edited', 'events.config.trunk.edited', tenant],
        ['trunk_deleted', 'events.config.trunk.deleted', tenant],
        ['register_sip_created', 'events.config.register.sip.created', tenant],
        ['register_sip_edited', 'events.config.register.sip.edited', tenant],
        ['register_sip_deleted', 'events.config.register.sip.deleted', tenant],
      ]);
    });

    it('refuses invalid bodies with 400 naming the field', async () => {
      const trunk = await call('POST', '/trunks', { outgoing_caller_id_format: 'international' });
      assert.equal(trunk.status, 400);
      assert.match(JSON.stringify(trunk.body), /outgoing_caller_id_format/);
      const endpoint = await call('POST', '/endpoints/sip', { username: 'x1', secret: 'y', host: 'bad host', type: 'peer' });
      assert.equal(endpoint.status, 400);
      assert.match(JSON.stringify(endpoint.body), /host/);
      const register = await call('POST', '/registers/sip', { remote_host: 'provider.example', expiration: 5 });
      assert.equal(register.status, 400);
      assert.match(JSON.stringify(register.body), /expiration/);
      assert.equal((await call('POST', '/registers/sip', { auth_username: 'no-host' })).status, 400);
      assert.equal((await call('POST', '/trunks', { context: 'nowhere' })).status, 400);
    });

    it('refuses a second endpoint on a trunk, and a line\'s endpoint, with 400', async () => {
      const trunk = await created('/trunks', {});
      const first = await created('/endpoints/sip', { username: 'first-trunk-endpoint', secret: 'pass', type: 'peer', host: '192.0.2.1' });
      const second = await created('/endpoints/sip', { username: 'second-trunk-endpoint', secret: 'pass' });
      assert.equal((await call('PUT', `/trunks/${String(trunk['id'])}/endpoints/sip/${String(first['uuid'])}`)).status, 204);
      assert.equal((await call('PUT', `/trunks/${String(trunk['id'])}/endpoints/sip/${String(first['uuid'])}`)).status, 204, 'associating again changes nothing');
      assert.equal((await call('PUT', `/trunks/${String(trunk['id'])}/endpoints/sip/${String(second['uuid'])}`)).status, 400);
      const line = await created('/lines', { context: 'from-extern' });
      assert.equal((await call('PUT', `/lines/${String(line['id'])}/endpoints/sip/${String(first['uuid'])}`)).status, 400);
      assert.equal((await call('DELETE', `/trunks/${String(trunk['id'])}/endpoints/sip/${String(first['uuid'])}`)).status, 204);
      assert.equal(((await call('GET', `/trunks/${String(trunk['id'])}`)).body as Item)['endpoint_sip'], null);
    });

    it('keeps tenants apart: another tenant\'s trunk is 404, and its registration cannot be associated', async () => {
      const mine = await created('/trunks', {});
      const theirs = await created('/trunks', {}, other);
      const theirRegister = await created('/registers/sip', { remote_host: 'rival.example' }, other);
      assert.equal((await call('GET', `/trunks/${String(theirs['id'])}`)).status, 404);
      assert.equal((await call('PUT', `/trunks/${String(mine['id'])}/registers/sip/${String(theirRegister['id'])}`)).status, 404);
      const listed = (await call('GET', '/registers/sip')).body as { items: Item[] };
      assert.ok(!listed.items.some((item) => item['id'] === theirRegister['id']));
    });
  });
}
