/**
 * confd's `/ivr` on a real database: Wazo's IVR shape, the seed's reference IVR created through
 * the API, partial PUTs, tenants, 400 with every problem (sound names outside the sound folder,
 * duplicate choices, bad destinations), and the `ivr_*` events.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMigratedTestDatabase, createTenant, findRootTenant, type TestDatabase } from '../../store/index.ts';
import { callRoute } from '../../test/support/api-request.ts';
import type { ApiRoute } from '../http/api-route.ts';
import type { ConfigEvent } from './confd-deps.ts';
import { confdRoutes } from './confd-service.ts';

const destination = (exten: string) => ({ type: 'extension', exten, context: 'my-ivr-destination-context' });

/** The seed's reference IVR (`dp-ivr-example`) as a confd body; its digit 4 (replay) has no confd destination. */
const REFERENCE_IVR = {
  name: 'dp-ivr-example',
  greeting_sound: 'ivr-sounds/ivr-example-welcome-sound',
  menu_sound: 'ivr-sounds/ivr-example-choices',
  invalid_sound: 'ivr-sounds/ivr-example-invalid-choice',
  abort_sound: 'ivr-sounds/ivr-example-error',
  timeout: 5,
  max_tries: 3,
  choices: [
    { exten: '1', destination: destination('8000') },
    { exten: '2', destination: destination('8833') },
    { exten: '3', destination: destination('8547') },
  ],
};

describe('confd /ivr', () => {
  let db: TestDatabase;
  let routes: ApiRoute[];
  const events: ConfigEvent[] = [];
  let tenant = '';
  let otherTenant = '';
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, tenantUuid = tenant) =>
    callRoute(routes, method, path, { tenantUuid, ...(body === undefined ? {} : { body }) });
  before(async () => {
    db = await createMigratedTestDatabase('postgres');
    routes = confdRoutes({ db, publish: (event) => events.push(event), nodeUuid: 'node-uuid' });
    tenant = (await findRootTenant(db)).uuid;
    const other = await createTenant(db, { name: 'other', parentUuid: tenant });
    otherTenant = other.type === 'ok' ? other.value.uuid : '';
  });
  after(() => db.close());

  it('MUST create the seed’s reference IVR (201) with Wazo’s shape and publish ivr_created', async () => {
    const created = await call('POST', '/ivr', REFERENCE_IVR);
    assert.equal(created.status, 201);
    const body = created.body as { id: number };
    assert.deepEqual(body, {
      id: body.id, tenant_uuid: tenant, description: null, invalid_destination: null, timeout_destination: null, abort_destination: null, incalls: [], ...REFERENCE_IVR,
    });
    assert.deepEqual((await call('GET', `/ivr/${body.id}`)).body, body);
    assert.deepEqual(events.at(-1), { name: 'ivr_created', origin_uuid: 'node-uuid', tenant_uuid: tenant, required_acl: 'events.config.ivr.created', data: { id: body.id, tenant_uuid: tenant } });
  });

  it('MUST default the timeout to 5 s and the tries to 3', async () => {
    const body = (await call('POST', '/ivr', { name: 'minimal', menu_sound: 'menu' })).body as { timeout: number; max_tries: number; choices: unknown[] };
    assert.deepEqual([body.timeout, body.max_tries, body.choices], [5, 3, []]);
  });

  it('MUST answer 400 with every problem of an invalid body, and create nothing', async () => {
    const before = events.length;
    const refused = await call('POST', '/ivr', {
      name: '', menu_sound: '../../etc/passwd', greeting_sound: '/var/lib/wazo/sounds/x', timeout: -1, max_tries: 0,
      abort_destination: { type: 'teleport' },
      choices: [{ exten: '1', destination: { type: 'user' } }, { exten: '1', destination: { type: 'none' } }, { exten: '1a', destination: { type: 'none' } }],
    });
    assert.equal(refused.status, 400);
    const messages = (refused.body as string[]).join('\n');
    for (const field of ['name', 'menu_sound', 'greeting_sound', 'timeout', 'max_tries', 'abort_destination', 'choices.0.destination', 'choices.2.exten']) {
      assert.match(messages, new RegExp(`^${field.replace(/\./g, '\\.')}`, 'm'), field);
    }
    const twice = await call('POST', '/ivr', { name: 'twice', menu_sound: 'menu', choices: [{ exten: '1', destination: { type: 'none' } }, { exten: '1', destination: { type: 'none' } }] });
    assert.deepEqual(twice, { status: 400, body: ['choices.1.exten: 1 is already used by another choice'] });
    assert.equal((await call('POST', '/ivr', { name: 'no menu' })).status, 400);
    assert.equal((await call('POST', '/ivr', 'not an object')).status, 400);
    assert.equal(events.length, before);
  });

  it('MUST refuse an ivr destination naming no IVR of the tenant, and accept one that does', async () => {
    const elsewhere = (await call('POST', '/ivr', { name: 'elsewhere', menu_sound: 'menu' }, otherTenant)).body as { id: number };
    const refused = await call('POST', '/ivr', { name: 'to elsewhere', menu_sound: 'menu', choices: [{ exten: '9', destination: { type: 'ivr', ivr_id: elsewhere.id } }] });
    assert.deepEqual(refused, { status: 400, body: [`choices.0.destination.ivr_id: no IVR ${elsewhere.id} in this tenant`] });
    const sub = (await call('POST', '/ivr', { name: 'submenu', menu_sound: 'submenu' })).body as { id: number };
    const accepted = await call('POST', '/ivr', { name: 'with submenu', menu_sound: 'menu', choices: [{ exten: '3', destination: { type: 'ivr', ivr_id: sub.id } }] });
    assert.equal(accepted.status, 201);
  });

  it('MUST update partly (204), replace the choices, clear with null, and publish ivr_edited', async () => {
    const ivr = (await call('POST', '/ivr', { ...REFERENCE_IVR, name: 'to edit' })).body as { id: number };
    assert.deepEqual(await call('PUT', `/ivr/${ivr.id}`, { timeout: 8, greeting_sound: null, abort_destination: { type: 'hangup', cause: 'normal' } }), { status: 204, body: undefined });
    const edited = (await call('GET', `/ivr/${ivr.id}`)).body as Record<string, unknown>;
    assert.deepEqual([edited['timeout'], edited['greeting_sound'], edited['abort_destination'], (edited['choices'] as unknown[]).length], [8, null, { type: 'hangup', cause: 'normal' }, 3]);
    assert.equal((await call('PUT', `/ivr/${ivr.id}`, { choices: [{ exten: '0', destination: { type: 'user', user_id: 4, ring_time: 20 } }] })).status, 204);
    assert.deepEqual(((await call('GET', `/ivr/${ivr.id}`)).body as { choices: unknown }).choices, [{ exten: '0', destination: { type: 'user', user_id: 4, ring_time: 20 } }]);
    assert.equal(events.at(-1)?.name, 'ivr_edited');
    assert.equal((await call('PUT', `/ivr/${ivr.id}`, { max_tries: 'three' })).status, 400);
    assert.equal((await call('PUT', '/ivr/999999', { timeout: 3 })).status, 404);
  });

  it('MUST keep another tenant’s IVRs out of sight (404) and list its own with total and search', async () => {
    const theirs = (await call('POST', '/ivr', { name: 'theirs', menu_sound: 'menu' }, otherTenant)).body as { id: number };
    assert.equal((await call('GET', `/ivr/${theirs.id}`)).status, 404);
    assert.equal((await call('PUT', `/ivr/${theirs.id}`, { name: 'mine' })).status, 404);
    assert.equal((await call('DELETE', `/ivr/${theirs.id}`)).status, 404);
    const list = (await call('GET', '/ivr?search=example')).body as { total: number; filtered: number; items: { name: string }[] };
    assert.deepEqual([list.filtered, list.items.map((item) => item.name)], [1, ['dp-ivr-example']]);
    assert.ok(list.total >= 4);
  });

  it('MUST delete an IVR (204) and publish ivr_deleted', async () => {
    const ivr = (await call('POST', '/ivr', { name: 'to delete', menu_sound: 'menu', choices: [{ exten: '1', destination: { type: 'none' } }] })).body as { id: number };
    assert.deepEqual(await call('DELETE', `/ivr/${ivr.id}`), { status: 204, body: undefined });
    assert.deepEqual([events.at(-1)?.name, events.at(-1)?.data], ['ivr_deleted', { id: ivr.id, tenant_uuid: tenant }]);
    assert.equal((await call('GET', `/ivr/${ivr.id}`)).status, 404);
  });
});
