/**
 * confd's lines, SIP endpoints, extensions, contexts and their associations on a real database
 * (PostgreSQL and PGlite): the way a client builds a phone (context, line, endpoint, extension,
 * user, then the associations), what each object shows of the others, the conflicts Wazo refuses
 * with a 400, and dissociation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findSipCredentials, TEST_DATABASE_KINDS, type TestDatabase } from '../../store/index.ts';
import { confdFixture, type ConfdItem } from './testing/confd-fixture.ts';

type Item = ConfdItem;

for (const kind of TEST_DATABASE_KINDS) {
  describe(`confd lines, endpoints, extensions, contexts and associations, on ${kind}`, () => {
    const confd = confdFixture(kind);
    const { call, created, events } = confd;
    let db: TestDatabase;
    let tenant = '';
    let other = '';
    before(async () => {
      ({ db, tenant, other } = await confd.open());
    });
    after(() => confd.close());

    it('MUST build a phone from its parts, each object showing the others, and the endpoint registering with its credentials', async () => {
      const context = await created('/contexts', { name: 'office', label: 'Office' });
      assert.deepEqual([context['name'], context['type'], context['enabled'], context['description']], ['office', 'internal', true, null]);
      const line = await created('/lines', { context: 'office' });
      assert.equal(line['endpoint_sip'], null);
      assert.match(String(line['provisioning_code']), /^[1-9]\d{5}$/);
      const endpoint = await created('/endpoints/sip', { auth_section_options: [['username', 'office-101'], ['password', 's3cret']] });
      const extension = await created('/extensions', { exten: '101', context: 'office' });
      const user = await created('/users', { firstname: 'Office', lastname: 'Worker' });
      assert.equal((await call('PUT', `/lines/${String(line['id'])}/endpoints/sip/${String(endpoint['uuid'])}`)).status, 204);
      assert.equal((await call('PUT', `/lines/${String(line['id'])}/extensions/${String(extension['id'])}`)).status, 204);
      assert.equal((await call('PUT', `/users/${String(user['uuid'])}/lines/${String(line['id'])}`)).status, 204);
      const readLine = (await call('GET', `/lines/${String(line['id'])}`)).body as Item;
      assert.equal(readLine['name'], 'office-101');
      assert.deepEqual(readLine['endpoint_sip'], { uuid: endpoint['uuid'], name: 'office-101', label: 'office-101' });
      assert.deepEqual(readLine['extensions'], [{ id: extension['id'], exten: '101', context: 'office' }]);
      assert.deepEqual((readLine['users'] as Item[]).map((item) => item['uuid']), [user['uuid']]);
      const readUser = (await call('GET', `/users/${String(user['id'])}`)).body as Item;
      assert.deepEqual(readUser['lines'], [{
        id: line['id'], name: 'office-101', endpoint_sip: { uuid: endpoint['uuid'], name: 'office-101' }, endpoint_sccp: null, endpoint_custom: null,
        extensions: [{ id: extension['id'], exten: '101', context: 'office' }],
      }]);
      assert.deepEqual([readUser['services'], (readUser['forwards'] as Item)['busy']], [{ dnd: { enabled: false }, incallfilter: { enabled: false } }, { enabled: false, destination: null }]);
      assert.deepEqual(((await call('GET', `/extensions/${String(extension['id'])}`)).body as Item)['lines'], [{ id: line['id'] }]);
      assert.deepEqual(((await call('GET', `/endpoints/sip/${String(endpoint['uuid'])}`)).body as Item)['line'], { id: line['id'] });
      const sip = await call('GET', `/users/${String(user['uuid'])}/lines/${String(line['id'])}/associated/endpoints/sip`);
      assert.equal(sip.status, 200);
      assert.deepEqual((sip.body as Item)['auth_section_options'], [['username', 'office-101'], ['password', 's3cret']]);
      assert.deepEqual((sip.body as Item)['endpoint_section_options'], []);
      assert.deepEqual((await call('GET', `/users/${String(user['id'])}/lines`)).body, { total: 1, items: [{ user_id: user['id'], line_id: line['id'], main_line: true }] });
      const stranger = await created('/users', { firstname: 'Stranger' });
      assert.equal((await call('GET', `/users/${String(stranger['uuid'])}/lines/${String(line['id'])}/associated/endpoints/sip`)).status, 404);
      const credentials = await findSipCredentials(db, 'office-101');
      assert.deepEqual(credentials && [credentials.lineId, credentials.secret, credentials.context], [line['id'], 's3cret', 'office']);
      const names = events.map((event) => event.name);
      for (const name of ['context_created', 'line_created', 'sip_endpoint_created', 'extension_created', 'line_endpoint_sip_associated', 'line_extension_associated', 'user_line_associated']) assert.ok(names.includes(name), name);
      assert.ok(events.every((event) => event.required_acl.startsWith('events.config.') && event.tenant_uuid === tenant));
    });

    it('MUST refuse the conflicts Wazo refuses with a 400 naming them', async () => {
      const line = await created('/lines', { context: 'office' });
      const first = await created('/endpoints/sip', { name: 'conflict-1', auth_section_options: [['password', 'pw']] });
      const second = await created('/endpoints/sip', { name: 'conflict-2', auth_section_options: [['password', 'pw']] });
      assert.equal((await call('PUT', `/lines/${String(line['id'])}/endpoints/sip/${String(first['uuid'])}`)).status, 204);
      const another = await call('PUT', `/lines/${String(line['id'])}/endpoints/sip/${String(second['uuid'])}`);
      assert.equal(another.status, 400);
      assert.match((another.body as string[])[0] ?? '', /already associated/);
      const taken = await call('POST', '/endpoints/sip', { name: 'conflict-1', auth_section_options: [['password', 'pw']] });
      assert.equal(taken.status, 400);
      const extension = await created('/extensions', { exten: '102', context: 'office' });
      assert.equal((await call('PUT', `/lines/${String(line['id'])}/extensions/${String(extension['id'])}`)).status, 204);
      const inUse = await call('DELETE', `/extensions/${String(extension['id'])}`);
      assert.equal(inUse.status, 400);
      assert.match((inUse.body as string[])[0] ?? '', /associated with a line/);
      const duplicate = await call('POST', '/extensions', { exten: '102', context: 'office' });
      assert.equal(duplicate.status, 400);
      assert.match((duplicate.body as string[])[0] ?? '', /already exists/);
      const context = ((await call('GET', '/contexts')).body as { items: Item[] }).items.find((item) => item['name'] === 'office');
      const usedContext = await call('DELETE', `/contexts/${String(context?.['id'])}`);
      assert.equal(usedContext.status, 400);
      assert.match((usedContext.body as string[])[0] ?? '', /used by lines or extensions/);
      assert.equal((await call('POST', '/lines', { context: 'nowhere' })).status, 400);
      const invalid = await call('POST', '/extensions', { exten: 'abc', context: 'bad context!' });
      assert.equal(invalid.status, 400);
      assert.equal((invalid.body as string[]).length, 2);
    });

    it('MUST dissociate (204), promote the next main extension, and change nothing when there was no association', async () => {
      const line = await created('/lines', { context: 'office' });
      const main = await created('/extensions', { exten: '103', context: 'office' });
      const next = await created('/extensions', { exten: '104', context: 'office' });
      for (const extension of [main, next]) assert.equal((await call('PUT', `/lines/${String(line['id'])}/extensions/${String(extension['id'])}`)).status, 204);
      assert.equal((await call('DELETE', `/lines/${String(line['id'])}/extensions/${String(main['id'])}`)).status, 204);
      assert.equal((await call('DELETE', `/lines/${String(line['id'])}/extensions/${String(main['id'])}`)).status, 204);
      const { rows } = await db.query<{ main_extension: boolean }>('SELECT main_extension FROM line_extension WHERE line_id = $1', [line['id']]);
      assert.deepEqual(rows, [{ main_extension: true }]);
      assert.equal((await call('DELETE', `/extensions/${String(main['id'])}`)).status, 204);
      assert.equal((await call('GET', `/extensions/${String(main['id'])}`)).status, 404);
    });

    it('MUST update partially and delete lines, endpoints, extensions and contexts', async () => {
      const context = await created('/contexts', { name: 'annex' });
      assert.equal((await call('PUT', `/contexts/${String(context['id'])}`, { label: 'Annex', type: 'others' })).status, 204);
      assert.deepEqual(((await call('GET', `/contexts/${String(context['id'])}`)).body as Item)['label'], 'Annex');
      const line = await created('/lines', { context: 'annex', position: 2 });
      assert.equal((await call('PUT', `/lines/${String(line['id'])}`, { position: 3 })).status, 204);
      const read = (await call('GET', `/lines/${String(line['id'])}`)).body as Item;
      assert.deepEqual([read['position'], read['context']], [3, 'annex']);
      const endpoint = await created('/endpoints/sip', { name: 'annex-1', auth_section_options: [['password', 'old']] });
      assert.equal((await call('PUT', `/endpoints/sip/${String(endpoint['uuid'])}`, { auth_section_options: [['password', 'new']] })).status, 204);
      assert.deepEqual(((await call('GET', `/endpoints/sip/${String(endpoint['uuid'])}`)).body as Item)['auth_section_options'], [['username', 'annex-1'], ['password', 'new']]);
      assert.equal((await call('DELETE', `/endpoints/sip/${String(endpoint['uuid'])}`)).status, 204);
      assert.equal((await call('DELETE', `/lines/${String(line['id'])}`)).status, 204);
      assert.equal((await call('GET', `/lines/${String(line['id'])}`)).status, 404);
      assert.equal((await call('DELETE', `/contexts/${String(context['id'])}`)).status, 204);
      assert.deepEqual(events.at(-1) && [events.at(-1)?.name, events.at(-1)?.required_acl], ['context_deleted', 'events.config.contexts.deleted']);
    });

    it('MUST keep tenants apart: another tenant\'s line, endpoint, extension and context are 404s, and associations across tenants are refused', async () => {
      const line = await created('/lines', { context: 'office' });
      const endpoint = await created('/endpoints/sip', { name: 'private-1', auth_section_options: [['password', 'pw']] });
      const extension = await created('/extensions', { exten: '105', context: 'office' });
      const context = ((await call('GET', '/contexts?search=office')).body as { items: Item[] }).items[0];
      for (const path of [`/lines/${String(line['id'])}`, `/endpoints/sip/${String(endpoint['uuid'])}`, `/extensions/${String(extension['id'])}`, `/contexts/${String(context?.['id'])}`]) {
        assert.equal((await call('GET', path, undefined, other)).status, 404, path);
        assert.equal((await call('DELETE', path, undefined, other)).status, 404, path);
      }
      for (const path of ['/lines', '/endpoints/sip', '/extensions', '/contexts']) {
        assert.equal(((await call('GET', path, undefined, other)).body as { total: number }).total, 0, path);
      }
      const rivalUser = (await call('POST', '/users', { firstname: 'Rival' }, other)).body as Item;
      assert.equal((await call('PUT', `/users/${String(rivalUser['uuid'])}/lines/${String(line['id'])}`, undefined, other)).status, 404);
    });
  });
}
