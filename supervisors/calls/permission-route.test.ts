/**
 * Call permissions on the route port (seed CF-10): a user's call to another user's extension is
 * refused (403) or challenged, and the digits a challenged call sends back are checked against the
 * permission's password, or the user's own, in the store.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { call, routing } from '../../actors/index.ts';
import {
  associateUserCallPermission, createCallPermission, deleteCallPermission, ensureDemoConfiguration, loadDialplan, updateUserDetail, type TenantUuid,
} from '../../store/index.ts';
import { createMigratedTestDatabase, type TestDatabase } from '../../store/test-database.ts';
import { createMemoryLocationStore, createRegistrar } from '../../transport/index.ts';
import { fakeAuthenticator, manualClock } from '../../transport/sip/registrar/registrar-test-kit.ts';
import { createRoutePort, type RoutePort } from './route-port.ts';
import { passwordMatches } from './permission-route.ts';

let database: TestDatabase;
let tenantUuid: TenantUuid;
let alice: { readonly id: number; readonly uuid: string };
let port: RoutePort;
const created: number[] = [];

before(async () => {
  database = await createMigratedTestDatabase('postgres');
  await ensureDemoConfiguration(database, { password: () => 'secret' });
  const users = (await loadDialplan(database)).users;
  const first = users.find((user) => user.lines[0]?.username === '1001');
  assert.ok(first);
  tenantUuid = first.tenantUuid;
  alice = { id: Number(first.id), uuid: first.uuid };
  const clock = manualClock();
  const registrar = createRegistrar({ store: createMemoryLocationStore({ clock }), authenticator: fakeAuthenticator, clock, minExpiresS: 60, maxExpiresS: 3600, defaultExpiresS: 600, maxContactsPerAor: 5 });
  const caller: routing.Caller = { type: 'user', userId: alice.id as routing.UserId };
  port = createRoutePort({
    database, registrar, registrationDomains: ['pbx.example.com'], activeCalls: () => 0, callerOf: () => caller,
    logger: { warn: () => undefined, error: () => undefined }, versionFreshMs: 0,
  });
});
after(async () => {
  await database.close();
});
beforeEach(async () => {
  for (const id of created.splice(0)) await deleteCallPermission(database, String(id), [tenantUuid]);
  await updateUserDetail(database, alice.uuid, [tenantUuid], { callPermissionPassword: null });
});

/** Creates a permission and attaches it to Alice (1001). */
async function attach(fields: { readonly mode?: 'deny' | 'allow'; readonly extensions: readonly string[]; readonly password?: string }): Promise<void> {
  const permission = await createCallPermission(database, tenantUuid, { name: `p${String(created.length)}`, ...fields });
  assert.equal(permission.type, 'ok');
  if (permission.type !== 'ok') return;
  created.push(permission.value.id);
  assert.equal((await associateUserCallPermission(database, alice.id, permission.value.id, tenantUuid)).type, 'ok');
}

function route(dialed: string, password?: string): Promise<call.RouteOutcome> {
  return port.route({ callId: 'call-1', dialed, context: 'default', ...(password === undefined ? { reason: 'dialed' } : { reason: 'password', password }) });
}

describe('route port: call permissions on calls to a user', () => {
  it("MUST refuse with 403 a user's call to an extension a permission of theirs denies", async () => {
    await attach({ extensions: ['1002'] });
    const outcome = await route('1002');
    assert.equal(outcome.type === 'refuse' ? outcome.cause.sipStatus : 0, 403);
  });

  it('MUST dial an extension no permission covers', async () => {
    await attach({ extensions: ['1003'] });
    assert.equal((await route('1002')).type, 'dial');
  });

  it("MUST let a 'deny all' plus 'allow some' through for the allowed extension", async () => {
    await attach({ extensions: ['_1XXX'] });
    await attach({ mode: 'allow', extensions: ['1002'] });
    assert.equal((await route('1002')).type, 'dial');
  });

  it("MUST challenge for a permission with a password, with the request to route again and the caller's tenant", async () => {
    await attach({ extensions: ['1002'], password: '1234' });
    assert.deepEqual(await route('1002'), { type: 'challenge', tenantUuid, request: { dialed: '1002', context: 'default' } });
  });

  it('MUST dial once the right password comes back, and challenge again on a wrong one', async () => {
    await attach({ extensions: ['1002'], password: '1234' });
    assert.deepEqual([(await route('1002', '1234')).type, (await route('1002', '12345')).type], ['dial', 'challenge']);
  });

  it("MUST check the user's call_permission_password instead of the permission's", async () => {
    await attach({ extensions: ['1002'], password: '1234' });
    await updateUserDetail(database, alice.uuid, [tenantUuid], { callPermissionPassword: '9876' });
    assert.deepEqual([(await route('1002', '1234')).type, (await route('1002', '9876')).type], ['challenge', 'dial']);
  });

  it('MUST refuse a denied call even when digits come back with it', async () => {
    await attach({ extensions: ['1002'] });
    const outcome = await route('1002', '1234');
    assert.equal(outcome.type === 'refuse' ? outcome.cause.sipStatus : 0, 403);
  });

  it('MUST not check permissions on an IVR\'s direct choice of a user', async () => {
    await attach({ extensions: ['1002'] });
    const users = (await loadDialplan(database)).users;
    const bob = users.find((user) => user.lines[0]?.username === '1002');
    const outcome = await port.route({ callId: 'call-1', dialed: '8000', context: 'default', reason: 'ivr', target: { type: 'user', userId: Number(bob?.id) } });
    assert.equal(outcome.type, 'dial');
  });
});

describe('password comparison', () => {
  it('MUST match the same digits only', () => {
    assert.deepEqual([passwordMatches('1234', '1234'), passwordMatches('123', '1234'), passwordMatches('12345', '1234'), passwordMatches('', '1234')], [true, false, false, false]);
  });

  it('MUST match nothing against an empty password', () => {
    assert.equal(passwordMatches('', ''), false);
  });
});
