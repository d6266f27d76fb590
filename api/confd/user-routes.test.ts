/**
 * confd's `/users` handlers on a real database (PostgreSQL and PGlite): the seed's conventions
 * (lists, every attribute, 201/204/404, 400 with every problem), id or uuid, tenant isolation and
 * the `user_*` events.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMigratedTestDatabase, createTenant, expectWritten, findRootTenant, TEST_DATABASE_KINDS, type TestDatabase } from '../../store/index.ts';
import { callRoute } from '../../test/support/api-request.ts';
import type { ApiRoute } from '../http/api-route.ts';
import type { ConfigEvent } from './confd-deps.ts';
import { confdRoutes } from './confd-service.ts';

for (const kind of TEST_DATABASE_KINDS) {
  describe(`confd users, on ${kind}`, () => {
    let db: TestDatabase;
    let routes: ApiRoute[];
    const events: ConfigEvent[] = [];
    let root = '';
    let child = '';
    let other = '';
    const as = (tenantUuid: string, visible: readonly string[] = [tenantUuid]) => ({ tenantUuid, visibleTenantUuids: visible });
    before(async () => {
      db = await createMigratedTestDatabase(kind);
      routes = confdRoutes({ db, publish: (event) => events.push(event), nodeUuid: 'node-uuid' });
      root = (await findRootTenant(db)).uuid;
      child = expectWritten(await createTenant(db, { name: 'child', parentUuid: root })).uuid;
      other = expectWritten(await createTenant(db, { name: 'other', parentUuid: root })).uuid;
    });
    after(() => db.close());

    it('MUST create a user (201) with every attribute present, null when unset, and publish user_created', async () => {
      const created = await callRoute(routes, 'POST', '/users', { ...as(child), body: { firstname: 'Ada', lastname: 'Lovelace', timezone: 'ignored' } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const user = created.body as Record<string, unknown>;
      assert.equal(user['tenant_uuid'], child);
      for (const field of ['email', 'caller_id', 'userfield', 'music_on_hold', 'mobile_phone_number', 'timezone']) assert.equal(user[field], null, field);
      assert.deepEqual([user['ring_seconds'], user['simultaneous_calls'], user['enabled'], user['lines']], [30, 5, true, []]);
      const event = events.at(-1);
      assert.deepEqual(event && [event.name, event.required_acl, event.origin_uuid, event.tenant_uuid], ['user_created', 'events.config.user.created', 'node-uuid', child]);
      assert.deepEqual(event?.data, { id: user['id'], uuid: user['uuid'], tenant_uuid: child, subscription_type: 0 });
    });

    it('MUST take a music-on-hold class of the user\'s tenant, and refuse an unknown one with a 400', async () => {
      const created = await callRoute(routes, 'POST', '/users', { ...as(child), body: { firstname: 'Music', music_on_hold: 'default' } });
      assert.equal((created.body as Record<string, unknown>)['music_on_hold'], 'default');
      const unknown = await callRoute(routes, 'POST', '/users', { ...as(child), body: { firstname: 'Silence', music_on_hold: 'no-such-class' } });
      assert.equal(unknown.status, 400);
      const listed = (await callRoute(routes, 'GET', '/users', { ...as(child), query: 'search=Silence' })).body as { total: number; items: unknown[] };
      assert.equal(listed.items.length, 0);
      const uuid = String((created.body as Record<string, unknown>)['uuid']);
      assert.equal((await callRoute(routes, 'PUT', `/users/${uuid}`, { ...as(child), body: { music_on_hold: null } })).status, 204);
      assert.equal(((await callRoute(routes, 'GET', `/users/${uuid}`, as(child))).body as Record<string, unknown>)['music_on_hold'], null);
    });

    it('MUST answer 400 with every validation problem at once', async () => {
      const answer = await callRoute(routes, 'POST', '/users', { ...as(child), body: { firstname: '', ring_seconds: 12, simultaneous_calls: 0, email: 'nope' } });
      assert.equal(answer.status, 400);
      const messages = answer.body as string[];
      for (const field of ['firstname', 'ring_seconds', 'simultaneous_calls', 'email']) assert.ok(messages.some((message) => message.startsWith(`${field}:`)), `${field} in ${messages.join(' | ')}`);
      assert.equal((await callRoute(routes, 'POST', '/users', { ...as(child), body: 'text' })).status, 400);
    });

    it('MUST find a user by id or by uuid, update it partially (204) and publish user_edited', async () => {
      const user = (await callRoute(routes, 'POST', '/users', { ...as(child), body: { firstname: 'Grace', email: 'grace@example.com' } })).body as Record<string, unknown>;
      const byId = await callRoute(routes, 'GET', `/users/${String(user['id'])}`, as(child));
      const byUuid = await callRoute(routes, 'GET', `/users/${String(user['uuid'])}`, as(child));
      assert.deepEqual(byId, byUuid);
      const updated = await callRoute(routes, 'PUT', `/users/${String(user['uuid'])}`, { ...as(child), body: { lastname: 'Hopper', ring_seconds: 25 } });
      assert.deepEqual(updated, { status: 204, body: undefined });
      const read = (await callRoute(routes, 'GET', `/users/${String(user['id'])}`, as(child))).body as Record<string, unknown>;
      assert.deepEqual([read['firstname'], read['lastname'], read['email'], read['ring_seconds']], ['Grace', 'Hopper', 'grace@example.com', 25]);
      // What the Wazo clients send for a profile: an empty e-mail clears it, the mobile number is not kept.
      assert.equal((await callRoute(routes, 'PUT', `/users/${String(user['uuid'])}`, { ...as(child), body: { firstname: 'Grace', lastname: 'Hopper', email: '', mobile_phone_number: '555' } })).status, 204);
      assert.equal(((await callRoute(routes, 'GET', `/users/${String(user['id'])}`, as(child))).body as Record<string, unknown>)['email'], null);
      assert.equal((await callRoute(routes, 'PUT', `/users/${String(user['uuid'])}`, { ...as(child), body: { email: 'grace@example.com' } })).status, 204);
      assert.equal(events.at(-1)?.name, 'user_edited');
      const duplicate = await callRoute(routes, 'POST', '/users', { ...as(child), body: { firstname: 'Copy', email: 'GRACE@example.com' } });
      assert.equal(duplicate.status, 400);
      assert.match((duplicate.body as string[])[0] ?? '', /already exists/);
    });

    it('MUST list with total, search, order, direction, limit and offset, and refuse bad list parameters', async () => {
      for (const name of ['Zed', 'Yan', 'Xia']) await callRoute(routes, 'POST', '/users', { ...as(other), body: { firstname: name, lastname: 'Listed' } });
      const page = (await callRoute(routes, 'GET', '/users', { ...as(other), query: 'order=firstname&direction=desc&limit=2&offset=1' })).body as { total: number; items: { firstname: string }[] };
      assert.equal(page.total, 3);
      assert.deepEqual(page.items.map((user) => user.firstname), ['Yan', 'Xia']);
      const searched = (await callRoute(routes, 'GET', '/users', { ...as(other), query: 'search=ya' })).body as { total: number; filtered: number; items: unknown[] };
      assert.deepEqual([searched.total, searched.filtered, searched.items.length], [3, 1, 1]);
      const bad = await callRoute(routes, 'GET', '/users', { ...as(other), query: 'order=password&direction=up&limit=-1' });
      assert.equal(bad.status, 400);
      assert.equal((bad.body as string[]).length, 3);
    });

    it('MUST keep tenants apart: another tenant\'s user is a 404 and never listed; recurse=true lists the tenants below', async () => {
      const user = (await callRoute(routes, 'POST', '/users', { ...as(child), body: { firstname: 'Hidden' } })).body as Record<string, unknown>;
      const path = `/users/${String(user['uuid'])}`;
      assert.equal((await callRoute(routes, 'GET', path, as(other))).status, 404);
      assert.equal((await callRoute(routes, 'PUT', path, { ...as(other), body: { firstname: 'Taken' } })).status, 404);
      assert.equal((await callRoute(routes, 'DELETE', path, as(other))).status, 404);
      assert.equal((await callRoute(routes, 'PUT', `${path}/services/dnd`, { ...as(other), body: { enabled: true } })).status, 404);
      const otherList = (await callRoute(routes, 'GET', '/users', { ...as(other), query: 'search=Hidden' })).body as { items: unknown[] };
      assert.equal(otherList.items.length, 0);
      const rootOnly = (await callRoute(routes, 'GET', '/users', { ...as(root, [root, child, other]), query: 'search=Hidden' })).body as { items: unknown[] };
      assert.equal(rootOnly.items.length, 0);
      const recursive = (await callRoute(routes, 'GET', '/users', { ...as(root, [root, child, other]), query: 'search=Hidden&recurse=true' })).body as { items: unknown[] };
      assert.equal(recursive.items.length, 1);
      assert.equal((await callRoute(routes, 'GET', '/users', { ...as(root), query: 'recurse=maybe' })).status, 400);
    });

    it('MUST delete a user (204, user_deleted), then answer 404; malformed ids are 404 too', async () => {
      const user = (await callRoute(routes, 'POST', '/users', { ...as(child), body: { firstname: 'Gone' } })).body as Record<string, unknown>;
      assert.equal((await callRoute(routes, 'DELETE', `/users/${String(user['id'])}`, as(child))).status, 204);
      assert.deepEqual(events.at(-1)?.data, { id: user['id'], uuid: user['uuid'], tenant_uuid: child, subscription_type: 0 });
      assert.equal((await callRoute(routes, 'GET', `/users/${String(user['uuid'])}`, as(child))).status, 404);
      for (const id of ['0', '99999999999', 'abc', '1.5', "1'--"]) assert.equal((await callRoute(routes, 'GET', `/users/${id}`, as(child))).status, 404, id);
    });
  });
}
