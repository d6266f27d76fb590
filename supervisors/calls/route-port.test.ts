import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { call, routing } from '../../actors/index.ts';
import { ensureDemoConfiguration, loadDialplan, setUserForward, setUserService, type Queryable, type UserUuid } from '../../store/index.ts';
import { createMigratedTestDatabase, type TestDatabase } from '../../store/test-database.ts';
import { createMemoryLocationStore, createRegistrar, type Binding, type LocationStore, type Registrar } from '../../transport/index.ts';
import { fakeAuthenticator, manualClock } from '../../transport/sip/registrar/registrar-test-kit.ts';
import { createRoutePort, type RoutePort, type RoutePortOptions } from './route-port.ts';

const DOMAIN = 'pbx.example.com';
const CALLER: routing.Caller = { type: 'external', number: '0612345678' };

let database: TestDatabase;
let userUuids: ReadonlyMap<string, UserUuid>;
let userIds: ReadonlyMap<string, number>;
before(async () => {
  database = await createMigratedTestDatabase('postgres');
  await ensureDemoConfiguration(database, { password: () => 'secret' });
  const users = (await loadDialplan(database)).users;
  const numberOf = (user: (typeof users)[number]): string => user.lines[0]?.username ?? '';
  userUuids = new Map(users.map((user) => [numberOf(user), user.uuid]));
  userIds = new Map(users.map((user) => [numberOf(user), Number(user.id)]));
});
after(async () => {
  await database.close();
});
afterEach(async () => {
  for (const uuid of userUuids.values()) {
    for (const forward of ['unconditional', 'busy', 'noanswer'] as const) await setUserForward(database, uuid, forward, { enabled: false, destination: null });
    await setUserService(database, uuid, 'dnd', false);
  }
});

interface Harness {
  readonly port: RoutePort;
  readonly store: LocationStore;
  readonly activeCalls: Map<number, number>;
}

function harness(overrides: Partial<RoutePortOptions> = {}): Harness {
  const clock = manualClock();
  const store = createMemoryLocationStore({ clock });
  const registrar = createRegistrar({ store, authenticator: fakeAuthenticator, clock, minExpiresS: 60, maxExpiresS: 3600, defaultExpiresS: 600, maxContactsPerAor: 5 });
  const activeCalls = new Map<number, number>();
  const port = createRoutePort({
    database,
    registrar,
    registrationDomains: [DOMAIN],
    activeCalls: (userId) => activeCalls.get(userId) ?? 0,
    callerOf: () => CALLER,
    logger: { warn: () => undefined, error: () => undefined },
    versionFreshMs: 0,
    ...overrides,
  });
  return { port, store, activeCalls };
}

function binding(aor: string, contact: string, address: string): Binding {
  return { aor, contact, expiresAtMs: Number.MAX_SAFE_INTEGER, callId: `reg-${contact}`, cseq: 1, path: [], received: { transport: 'udp', address, port: 5060 }, updatedAtMs: 0 };
}

async function register(test: Harness, username: string, contact: string, address: string): Promise<void> {
  const aor = `sip:${username}@${DOMAIN}`;
  await test.store.apply(aor, [{ type: 'upsert', binding: binding(aor, contact, address) }]);
}

function route(test: Harness, dialed: string, reason: call.RouteReason = 'dialed'): Promise<call.RouteOutcome> {
  return test.port.route({ callId: 'call-1', dialed, context: 'default', reason });
}

function uuidOf(number: string): UserUuid {
  const uuid = userUuids.get(number);
  assert.ok(uuid);
  return uuid;
}

/** The test database, counting the statements whose text contains `marker`. */
function countingQueries(marker: string): { readonly database: Queryable; count(): number } {
  let count = 0;
  return {
    database: {
      query: (sql, params) => {
        if (sql.includes(marker)) count += 1;
        return database.query(sql, params);
      },
      executeScript: (sql) => database.executeScript(sql),
    },
    count: () => count,
  };
}

function statusOf(outcome: call.RouteOutcome): number {
  return outcome.type === 'refuse' ? outcome.cause.sipStatus : 0;
}

describe('route port', () => {
  it('MUST dial each registered contact of the user at the address its REGISTER came from', async () => {
    const test = harness();
    await register(test, '1002', 'sip:1002@10.0.0.7:5060', '198.51.100.7');
    const outcome = await route(test, '1002');
    assert.deepEqual(outcome.type === 'dial' ? outcome.contacts : [], [
      { requestUri: 'sip:1002@10.0.0.7:5060', destination: { transport: 'udp', address: '198.51.100.7', port: 5060 }, toUri: `sip:1002@${DOMAIN}` },
    ]);
  });

  it('MUST name the called user with its caller id and ring time', async () => {
    const outcome = await route(harness(), '1002');
    assert.ok(outcome.type === 'dial');
    assert.deepEqual([outcome.user.userId, outcome.user.userUuid, outcome.user.number, outcome.ringSeconds, outcome.busy], [userIds.get('1002'), userUuids.get('1002'), '1002', 30, false]);
  });

  it('MUST dial with no contacts when no phone of the user is registered', async () => {
    const outcome = await route(harness(), '1001');
    assert.deepEqual(outcome.type === 'dial' ? outcome.contacts : undefined, []);
  });

  it('MUST look the line up on every registration domain, each contact once', async () => {
    const test = harness({ registrationDomains: [DOMAIN, '192.0.2.1'] });
    await register(test, '1002', 'sip:1002@10.0.0.7', '198.51.100.7');
    await test.store.apply('sip:1002@192.0.2.1', [{ type: 'upsert', binding: binding('sip:1002@192.0.2.1', 'sip:1002@10.0.0.8', '198.51.100.8') }]);
    const outcome = await route(test, '1002');
    assert.deepEqual(outcome.type === 'dial' ? outcome.contacts.map((contact) => contact.toUri) : [], [`sip:1002@${DOMAIN}`, 'sip:1002@192.0.2.1']);
  });

  it('MUST refuse an unknown extension with 404 (Q.850 1)', async () => {
    const outcome = await route(harness(), '1999');
    assert.deepEqual([statusOf(outcome), outcome.type === 'refuse' ? outcome.cause.q850 : 0], [404, 1]);
  });

  it('MUST refuse with 486 a user whose simultaneous calls are all taken', async () => {
    const test = harness();
    test.activeCalls.set(userIds.get('1002') ?? -1, 5);
    assert.equal(statusOf(await route(test, '1002')), 486);
  });

  it('MUST hand the busy forward to the call when the user is over its simultaneous calls', async () => {
    await setUserForward(database, uuidOf('1002'), 'busy', { enabled: true, destination: '1001' });
    const test = harness();
    test.activeCalls.set(userIds.get('1002') ?? -1, 5);
    const outcome = await route(test, '1002');
    assert.deepEqual(outcome.type === 'dial' ? [outcome.busy, outcome.busyForward, outcome.contacts] : [], [true, '1001', []]);
  });

  it('MUST give the no-answer forward to the call for it to follow after ringSeconds', async () => {
    await setUserForward(database, uuidOf('1002'), 'noanswer', { enabled: true, destination: '1001' });
    const outcome = await route(harness(), '1002');
    assert.equal(outcome.type === 'dial' ? outcome.noAnswerForward : undefined, '1001');
  });

  it('MUST dial the final target of an unconditional forward', async () => {
    await setUserForward(database, uuidOf('1002'), 'unconditional', { enabled: true, destination: '1001' });
    const test = harness();
    await register(test, '1001', 'sip:1001@10.0.0.5', '198.51.100.5');
    const outcome = await route(test, '1002');
    assert.deepEqual(outcome.type === 'dial' ? [outcome.user.userId, outcome.contacts[0]?.toUri] : [], [userIds.get('1001'), `sip:1001@${DOMAIN}`]);
  });

  it('MUST refuse with 482 forwards that come back to a user already in the chain', async () => {
    await setUserForward(database, uuidOf('1002'), 'unconditional', { enabled: true, destination: '1001' });
    await setUserForward(database, uuidOf('1001'), 'unconditional', { enabled: true, destination: '1002' });
    assert.equal(statusOf(await route(harness(), '1002')), 482);
  });

  it('MUST refuse with 486 a user in do not disturb', async () => {
    await setUserService(database, uuidOf('1002'), 'dnd', true);
    assert.equal(statusOf(await route(harness(), '1002')), 486);
  });

  it('MUST route with a change as soon as it is made (the configuration version moved on), and not reload the dialplan otherwise', async () => {
    const loads = countingQueries('AS contexts');
    const test = harness({ database: loads.database });
    assert.equal((await route(test, '1002')).type, 'dial');
    assert.equal((await route(test, '1002')).type, 'dial');
    assert.equal(loads.count(), 1, 'an unchanged configuration is loaded once');
    await setUserService(database, uuidOf('1002'), 'dnd', true);
    assert.equal(statusOf(await route(test, '1002')), 486);
    assert.equal(loads.count(), 2);
  });

  it('MUST read the configuration version at most once per freshness window, so a change reaches routing within it', async () => {
    const versionReads = countingQueries('configuration_version');
    const test = harness({ database: versionReads.database, versionFreshMs: 60_000 });
    await Promise.all([route(test, '1002'), route(test, '1002'), test.port.callerLine('1001')]);
    await route(test, '1002');
    // One read for the first load (taken before the dialplan), one shared by every use within the window.
    assert.equal(versionReads.count(), 2);
  });

  it("MUST name a line's caller from the current configuration, and nobody for an unknown username", async () => {
    const test = harness();
    const line = await test.port.callerLine('1001');
    assert.deepEqual([line?.number, line?.context, line?.userUuid, line?.musicOnHold], ['1001', 'default', uuidOf('1001'), { mohClass: 'default', order: 'sequential' }]);
    assert.equal(await test.port.callerLine('no-such-line'), undefined);
  });

  it('MUST make a reload asked during another load see the changes made since that load began', async () => {
    const test = harness();
    const first = test.port.reload();
    await setUserService(database, uuidOf('1002'), 'dnd', true);
    await Promise.all([first, test.port.reload()]);
    assert.equal(statusOf(await route(test, '1002')), 486);
  });

  it('MUST keep the previous table when a reload fails', async () => {
    let storeDown = false;
    const flaky: Queryable = {
      query: (sql, params) => (storeDown ? Promise.reject(new Error('connection refused')) : database.query(sql, params)),
      executeScript: (sql) => database.executeScript(sql),
    };
    const test = harness({ database: flaky });
    assert.equal((await test.port.reload()).type, 'ok');
    storeDown = true;
    assert.deepEqual(await test.port.reload(), { type: 'error', reason: 'connection refused' });
    assert.equal((await route(test, '1002')).type, 'dial');
  });

  it('MUST refuse with 503 while no dialplan could be loaded', async () => {
    const down: Queryable = { query: () => Promise.reject(new Error('down')), executeScript: () => Promise.reject(new Error('down')) };
    assert.equal(statusOf(await route(harness({ database: down }), '1002')), 503);
  });

  it('MUST refuse with 503 when the location service fails', async () => {
    const registrar: Pick<Registrar, 'lookup'> = { lookup: () => Promise.reject(new Error('redis down')) };
    assert.equal(statusOf(await route(harness({ registrar }), '1002')), 503);
  });
});
