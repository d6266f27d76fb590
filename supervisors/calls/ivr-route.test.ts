/**
 * The routing port's IVR side on a real database: an extension that leads to an IVR routes to its
 * menu read in the extension's tenant, an IVR's user destination rings that user directly, and
 * destinations calls cannot follow yet are kept and logged.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { call, routing } from '../../actors/index.ts';
import { createExtension, createIvr, createTenant, ensureDemoConfiguration, findRootTenant, loadDialplan, type TenantUuid } from '../../store/index.ts';
import { expectWritten } from '../../store/expect-written.ts';
import { createMigratedTestDatabase, type TestDatabase } from '../../store/test-database.ts';
import { createMemoryLocationStore, createRegistrar } from '../../transport/index.ts';
import { fakeAuthenticator, manualClock } from '../../transport/sip/registrar/registrar-test-kit.ts';
import { ivrDestinationOf } from './ivr-route.ts';
import { createRoutePort, type RoutePort } from './route-port.ts';

const CALLER: routing.Caller = { type: 'external', number: '0612345678' };

let database: TestDatabase;
let port: RoutePort;
let tenant: TenantUuid;
let otherIvrId = 0;
let ivrId = 0;
let bobId = 0;
const warnings: unknown[] = [];

before(async () => {
  database = await createMigratedTestDatabase('postgres');
  await ensureDemoConfiguration(database, { password: () => 'secret' });
  const users = (await loadDialplan(database)).users;
  const bob = users.find((user) => user.lines[0]?.username === '1002');
  assert.ok(bob);
  bobId = Number(bob.id);
  tenant = bob.tenantUuid;
  const ivr = expectWritten(await createIvr(database, {
    tenantUuid: tenant, name: 'reference', greetingSound: 'welcome', menuSound: 'choices', timeout: 5, maxTries: 3,
    choices: [
      { exten: '1', destination: { type: 'user', user_id: bobId } }, { exten: '2', destination: { type: 'queue', queue_id: 3 } },
      { exten: '3', destination: { type: 'sound', filename: 'closed' } },
    ],
    abortDestination: { type: 'hangup', cause: 'busy' },
  }));
  ivrId = ivr.id;
  expectWritten(await createExtension(database, { exten: '8899', context: 'default', type: 'ivr', typeval: String(ivr.id), tenantUuid: tenant }));
  const root = (await findRootTenant(database)).uuid;
  const other = expectWritten(await createTenant(database, { name: 'rival', parentUuid: root })).uuid;
  otherIvrId = expectWritten(await createIvr(database, { tenantUuid: other as TenantUuid, name: 'theirs', menuSound: 'choices' })).id;
  const clock = manualClock();
  const registrar = createRegistrar({ store: createMemoryLocationStore({ clock }), authenticator: fakeAuthenticator, clock, minExpiresS: 60, maxExpiresS: 3600, defaultExpiresS: 600, maxContactsPerAor: 5 });
  port = createRoutePort({
    database, registrar, registrationDomains: ['pbx.example.com'], activeCalls: () => 0, callerOf: () => CALLER,
    logger: { warn: (fields: unknown) => void warnings.push(fields), error: () => undefined }, versionFreshMs: 0,
  });
});
after(async () => {
  await database.close();
});

const route = (request: Partial<Parameters<RoutePort['route']>[0]>): Promise<call.RouteOutcome> =>
  port.route({ callId: 'call-1', dialed: '8899', context: 'default', reason: 'dialed', ...request });

describe('routing to an IVR', () => {
  it("MUST route an extension that leads to an IVR to that IVR's menu, in the extension's tenant", async () => {
    const outcome = await route({});
    assert.equal(outcome.type, 'ivr');
    if (outcome.type !== 'ivr') return;
    assert.deepEqual([outcome.ivrId, outcome.tenantUuid, outcome.menu.greetingSound, outcome.menu.menuSound], [ivrId, tenant, 'welcome', 'choices']);
    assert.deepEqual(outcome.menu.choices.map((choice) => choice.action), [
      { type: 'destination', destination: { type: 'user', userId: bobId } },
      { type: 'destination', destination: { type: 'queue', queueId: 3 } },
      { type: 'destination', destination: { type: 'unsupported', kind: 'sound' } },
    ]);
    assert.deepEqual(outcome.menu.abortDestination, { type: 'hangup', cause: 'busy' });
    assert.ok(warnings.some((fields) => JSON.stringify(fields).includes('sound')), 'the destinations calls cannot follow are logged');
  });

  it("MUST ring an IVR's user destination directly, with the destination's ring time", async () => {
    const outcome = await route({ reason: 'ivr', target: { type: 'user', userId: bobId, ringSeconds: 15 } });
    assert.deepEqual(outcome.type === 'dial' ? [outcome.user.userId, outcome.ringSeconds] : outcome, [bobId, 15]);
  });

  it("MUST enter another IVR of the tenant, and refuse one of another tenant with 404", async () => {
    assert.equal((await route({ reason: 'ivr', target: { type: 'ivr', ivrId, tenantUuid: tenant } })).type, 'ivr');
    const foreign = await route({ reason: 'ivr', target: { type: 'ivr', ivrId: otherIvrId, tenantUuid: tenant } });
    assert.deepEqual(foreign.type === 'refuse' ? foreign.cause.sipStatus : foreign, 404);
  });

  it('MUST read every destination form the call can follow, and keep the others as unsupported', () => {
    assert.deepEqual(
      [
        ivrDestinationOf({ type: 'extension', exten: '8833', context: 'default' }),
        ivrDestinationOf({ type: 'hangup', cause: 'congestion' }),
        ivrDestinationOf({ type: 'ivr', ivrId: 4 }),
        ivrDestinationOf({ type: 'voicemail', voicemailId: 2 }),
        ivrDestinationOf({ type: 'conference', conferenceId: 6 }),
        ivrDestinationOf({ type: 'none' }),
      ],
      [
        { type: 'extension', exten: '8833', context: 'default' },
        { type: 'hangup', cause: 'congestion' },
        { type: 'ivr', ivrId: 4 },
        { type: 'voicemail', voicemailId: 2 },
        { type: 'conference', conferenceId: 6 },
        { type: 'unsupported', kind: 'none' },
      ],
    );
  });
});
