/**
 * confd's user services and forwards on a real database: the shapes Wazo answers, partial PUTs,
 * 400 with every problem, and the `users_services_*` / `users_forwards_*` events with their ACLs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMigratedTestDatabase, findRootTenant, type TestDatabase } from '../../store/index.ts';
import { callRoute } from '../../test/support/api-request.ts';
import type { ApiRoute } from '../http/api-route.ts';
import type { ConfigEvent } from './confd-deps.ts';
import { confdRoutes } from './confd-service.ts';

describe('confd user services and forwards', () => {
  let db: TestDatabase;
  let routes: ApiRoute[];
  const events: ConfigEvent[] = [];
  let tenant = '';
  let user: { id: number; uuid: string } = { id: 0, uuid: '' };
  const call = (method: 'GET' | 'PUT', path: string, body?: unknown) => callRoute(routes, method, path, { tenantUuid: tenant, ...(body === undefined ? {} : { body }) });
  before(async () => {
    db = await createMigratedTestDatabase('postgres');
    routes = confdRoutes({ db, publish: (event) => events.push(event), nodeUuid: 'node-uuid' });
    tenant = (await findRootTenant(db)).uuid;
    user = (await callRoute(routes, 'POST', '/users', { tenantUuid: tenant, body: { firstname: 'Service' } })).body as { id: number; uuid: string };
  });
  after(() => db.close());

  it('MUST show the services and forwards as Wazo does, all off by default', async () => {
    assert.deepEqual((await call('GET', `/users/${user.uuid}/services`)).body, { dnd: { enabled: false }, incallfilter: { enabled: false } });
    assert.deepEqual((await call('GET', `/users/${user.id}/services/dnd`)).body, { enabled: false });
    const off = { enabled: false, destination: null };
    assert.deepEqual((await call('GET', `/users/${user.uuid}/forwards`)).body, { busy: off, noanswer: off, unconditional: off });
    assert.deepEqual((await call('GET', `/users/${user.uuid}/forwards/noanswer`)).body, off);
  });

  it('MUST switch a service (204) and publish users_services_<name>_updated with events.<routing key>', async () => {
    assert.deepEqual(await call('PUT', `/users/${user.uuid}/services/dnd`, { enabled: true }), { status: 204, body: undefined });
    assert.deepEqual((await call('GET', `/users/${user.uuid}/services/dnd`)).body, { enabled: true });
    assert.deepEqual(events.at(-1), {
      name: 'users_services_dnd_updated', origin_uuid: 'node-uuid', tenant_uuid: tenant,
      required_acl: `events.config.users.${user.uuid}.services.dnd.updated`, data: { user_uuid: user.uuid, enabled: true },
    });
    assert.equal((await call('PUT', `/users/${user.id}/services/incallfilter`, { enabled: true })).status, 204);
    assert.equal(events.at(-1)?.name, 'users_services_incallfilter_updated');
    assert.equal((await call('PUT', `/users/${user.uuid}/services/dnd`, { enabled: 'yes' })).status, 400);
  });

  it('MUST set a forward partially (204) and publish users_forwards_<name>_updated', async () => {
    assert.equal((await call('PUT', `/users/${user.uuid}/forwards/busy`, { enabled: true, destination: '1234' })).status, 204);
    assert.equal((await call('PUT', `/users/${user.uuid}/forwards/busy`, { enabled: false })).status, 204);
    assert.deepEqual((await call('GET', `/users/${user.uuid}/forwards/busy`)).body, { enabled: false, destination: '1234' });
    assert.deepEqual(events.at(-1), {
      name: 'users_forwards_busy_updated', origin_uuid: 'node-uuid', tenant_uuid: tenant,
      required_acl: `events.config.users.${user.uuid}.forwards.busy.updated`, data: { user_uuid: user.uuid, enabled: false, destination: '1234' },
    });
  });

  it('MUST set several forwards at once, and refuse the whole request when any destination is bad', async () => {
    const before = events.length;
    const refused = await call('PUT', `/users/${user.uuid}/forwards`, { noanswer: { enabled: true, destination: 'abc' }, unconditional: { enabled: 'on' } });
    assert.equal(refused.status, 400);
    assert.equal((refused.body as string[]).length, 2);
    assert.equal(events.length, before);
    assert.equal((await call('PUT', `/users/${user.uuid}/forwards`, { noanswer: { enabled: true, destination: '*98' }, unconditional: { destination: '' } })).status, 204);
    const forwards = (await call('GET', `/users/${user.uuid}/forwards`)).body as Record<string, unknown>;
    assert.deepEqual([forwards['noanswer'], forwards['unconditional']], [{ enabled: true, destination: '*98' }, { enabled: false, destination: null }]);
    assert.deepEqual(events.slice(before).map((event) => event.name), ['users_forwards_noanswer_updated', 'users_forwards_unconditional_updated']);
  });

  it('MUST answer 404 for an unknown user', async () => {
    for (const path of ['/users/99999/services', '/users/00000000-0000-4000-8000-000000000000/forwards/busy', '/users/nobody/services/dnd']) {
      assert.equal((await call('GET', path)).status, 404, path);
    }
    assert.equal((await call('PUT', '/users/99999/forwards/busy', { enabled: true })).status, 404);
  });
});
