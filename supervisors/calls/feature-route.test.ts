/**
 * Feature codes through the routing port on a real database: the change written as confd writes
 * it (the same events, the configuration version moved), the confirmation outcome, and the
 * callers and numbers that are no feature code.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { call, routing } from '../../actors/index.ts';
import {
  createExtension, ensureDemoConfiguration, findUserCallSettings, loadDialplan, loadFeatureExtensions, readConfigurationVersion,
  setUserForward, setUserService, updateFeatureExtension, type TenantUuid, type UserUuid,
} from '../../store/index.ts';
import { createMigratedTestDatabase, type TestDatabase } from '../../store/test-database.ts';
import { createMemoryLocationStore, createRegistrar } from '../../transport/index.ts';
import { fakeAuthenticator, manualClock } from '../../transport/sip/registrar/registrar-test-kit.ts';
import { createRoutePort, type RoutePort } from './route-port.ts';

let database: TestDatabase;
let alice: { readonly id: number; readonly uuid: UserUuid; readonly tenantUuid: string };
const published: { tenantUuid: string; name: string; routingKey: string; data: unknown }[] = [];
const warnings: string[] = [];

before(async () => {
  database = await createMigratedTestDatabase('postgres');
  await ensureDemoConfiguration(database, { password: () => 'secret' });
  const user = (await loadDialplan(database)).users.find((candidate) => candidate.lines[0]?.username === '1001');
  assert.ok(user);
  alice = { id: Number(user.id), uuid: user.uuid as UserUuid, tenantUuid: String(user.tenantUuid) };
});
after(() => database.close());
afterEach(async () => {
  published.length = 0;
  for (const forward of ['unconditional', 'busy', 'noanswer'] as const) await setUserForward(database, alice.uuid, forward, { enabled: false, destination: null });
  await setUserService(database, alice.uuid, 'dnd', false);
  await setUserService(database, alice.uuid, 'incallfilter', false);
});

function port(caller: routing.Caller = { type: 'user', userId: 0 as routing.UserId }): RoutePort {
  const clock = manualClock();
  const registrar = createRegistrar({ store: createMemoryLocationStore({ clock }), authenticator: fakeAuthenticator, clock, minExpiresS: 60, maxExpiresS: 3600, defaultExpiresS: 600, maxContactsPerAor: 5 });
  return createRoutePort({
    database, registrar, registrationDomains: ['pbx.example.com'], activeCalls: () => 0,
    callerOf: () => (caller.type === 'user' ? { type: 'user', userId: alice.id as routing.UserId } : caller),
    logger: { warn: (_fields: unknown, message?: string) => void warnings.push(String(message)), error: () => undefined },
    versionFreshMs: 0,
    publishConfigChange: (tenantUuid, name, routingKey, data) => void published.push({ tenantUuid, name, routingKey, data }),
  });
}

const dial = (routePort: RoutePort, dialed: string, reason: call.RouteReason = 'dialed') => routePort.route({ callId: 'call-1', dialed, context: 'default', reason });

describe('feature codes in routing', () => {
  it('MUST toggle DND on *25, confirm it activated, and publish users_services_dnd_updated as confd does', async () => {
    const outcome = await dial(port(), '*25');
    assert.deepEqual(outcome, { type: 'feature', feature: 'enablednd', sound: 'activated', tenantUuid: alice.tenantUuid });
    assert.deepEqual([(await findUserCallSettings(database, alice.uuid))?.services.dnd, published], [{ enabled: true }, [{
      tenantUuid: alice.tenantUuid, name: 'users_services_dnd_updated', routingKey: `config.users.${alice.uuid}.services.dnd.updated`, data: { user_uuid: alice.uuid, enabled: true },
    }]]);
  });

  it('MUST turn DND off on *25 again and confirm it de-activated', async () => {
    const routePort = port();
    await dial(routePort, '*25');
    const outcome = await dial(routePort, '*25');
    assert.deepEqual([(outcome as { sound?: string }).sound, (await findUserCallSettings(database, alice.uuid))?.services.dnd.enabled], ['de-activated', false]);
  });

  it('MUST move the configuration version, so every node follows the change', async () => {
    const before = await readConfigurationVersion(database);
    await dial(port(), '*27');
    assert.ok((await readConfigurationVersion(database)) > before);
  });

  it('MUST forward unconditionally to the number after *21, and disable the forward (keeping its number) on *21 alone', async () => {
    const routePort = port();
    await dial(routePort, '*211002');
    const enabled = (await findUserCallSettings(database, alice.uuid))?.forwards.unconditional;
    await dial(routePort, '*21');
    assert.deepEqual([enabled, (await findUserCallSettings(database, alice.uuid))?.forwards.unconditional], [{ enabled: true, destination: '1002' }, { enabled: false, destination: '1002' }]);
  });

  it('MUST publish users_forwards_<name>_updated with the forward as confd does', async () => {
    await dial(port(), '*231003');
    assert.deepEqual(published.map((event) => [event.name, event.data]), [['users_forwards_busy_updated', { user_uuid: alice.uuid, enabled: true, destination: '1003' }]]);
  });

  it('MUST refuse a catalogued feature without an engine with 480 and a log line', async () => {
    const outcome = await dial(port(), '*26');
    assert.deepEqual([outcome.type === 'refuse' ? outcome.cause.sipStatus : undefined, warnings.some((line) => line.includes('feature code refused'))], [480, true]);
  });

  it('MUST NOT give feature codes to a caller from a trunk (404)', async () => {
    const outcome = await dial(port({ type: 'external', number: '0612345678' }), '*25');
    assert.deepEqual([outcome.type === 'refuse' ? outcome.cause.sipStatus : undefined, (await findUserCallSettings(database, alice.uuid))?.services.dnd.enabled], [404, false]);
  });

  it('MUST NOT run a code reached by a forward or a transfer (only a number the user dialed)', async () => {
    const outcome = await dial(port(), '*25', 'noanswer');
    assert.deepEqual([outcome.type, (await findUserCallSettings(database, alice.uuid))?.services.dnd.enabled], ['refuse', false]);
  });

  it('MUST follow an edited code at once: *250 runs DND, *25 no longer does', async () => {
    const dnd = (await loadFeatureExtensions(database)).find((row) => row.feature === 'enablednd');
    assert.ok(dnd);
    await updateFeatureExtension(database, dnd.uuid, { exten: '*250', enabled: true });
    try {
      const routePort = port();
      const old = await dial(routePort, '*25');
      const edited = await dial(routePort, '*250');
      assert.deepEqual([old.type, edited.type], ['refuse', 'feature']);
    } finally {
      await updateFeatureExtension(database, dnd.uuid, { exten: '*25', enabled: true });
    }
  });

  it("MUST let an extension of the caller's context win over a code (the features context is included last)", async () => {
    const created = await createExtension(database, { tenantUuid: alice.tenantUuid as TenantUuid, exten: '*27', context: 'default' });
    assert.equal(created.type, 'ok');
    const outcome = await dial(port(), '*27');
    assert.deepEqual([outcome.type, (await findUserCallSettings(database, alice.uuid))?.services.incallfilter.enabled], ['refuse', false]);
  });
});
