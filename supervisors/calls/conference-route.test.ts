/**
 * Conference rooms on the route port with the real store (seed CF-17): a conference extension or
 * an incall leads to the room with its settings; a room with a PIN asks for it (a challenge of kind
 * `conference`), admits the PIN as a participant and the admin PIN as an admin; call permissions do
 * not apply to conference numbers (seed L5932); a deleted room refuses its calls.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { call, routing } from '../../actors/index.ts';
import {
  associateConferenceExtension, associateIncallExtension, associateUserCallPermission, createCallPermission, createContext, createConference, createExtension,
  createIncall, deleteConference, ensureDemoConfiguration, expectWritten, loadDialplan, loadPreprocessSubroutines, type ConferenceFields, type TenantUuid,
} from '../../store/index.ts';
import { createMigratedTestDatabase, type TestDatabase } from '../../store/test-database.ts';
import { createMemoryLocationStore, createRegistrar } from '../../transport/index.ts';
import { fakeAuthenticator, manualClock } from '../../transport/sip/registrar/registrar-test-kit.ts';
import { conferenceAccess } from './conference-route.ts';
import { createRoutePort, type RoutePort } from './route-port.ts';

let database: TestDatabase;
let tenantUuid: TenantUuid;
let port: RoutePort;
let nextExten = 4000;

before(async () => {
  database = await createMigratedTestDatabase('postgres');
  await ensureDemoConfiguration(database, { password: () => 'secret' });
  const users = (await loadDialplan(database)).users;
  const alice = users.find((user) => user.lines[0]?.username === '1001');
  assert.ok(alice);
  tenantUuid = alice.tenantUuid;
  // Alice may call nothing: a permission that denies every number (conference numbers are not concerned).
  const denyAll = expectWritten(await createCallPermission(database, tenantUuid, { name: 'deny-all', extensions: ['_X.'] }));
  expectWritten(await associateUserCallPermission(database, Number(alice.id), denyAll.id, tenantUuid));
  expectWritten(await createContext(database, { name: 'from-extern', type: 'incall' }));
  const clock = manualClock();
  const registrar = createRegistrar({ store: createMemoryLocationStore({ clock }), authenticator: fakeAuthenticator, clock, minExpiresS: 60, maxExpiresS: 3600, defaultExpiresS: 600, maxContactsPerAor: 5 });
  const caller: routing.Caller = { type: 'user', userId: Number(alice.id) as routing.UserId };
  port = createRoutePort({
    database, registrar, registrationDomains: ['pbx.example.com'], activeCalls: () => 0, callerOf: () => caller,
    logger: { warn: () => undefined, error: () => undefined }, versionFreshMs: 0,
  });
});
after(async () => {
  await database.close();
});

/** A room reached by a new extension of `default`: its id and number. */
async function room(fields: ConferenceFields): Promise<{ readonly id: number; readonly exten: string }> {
  const conference = expectWritten(await createConference(database, tenantUuid, fields));
  const exten = String(nextExten++);
  const extension = expectWritten(await createExtension(database, { exten, context: 'default', tenantUuid }));
  assert.equal(await associateConferenceExtension(database, conference.id, extension.id), 'associated');
  return { id: conference.id, exten };
}

function route(dialed: string, password?: string, context = 'default'): Promise<call.RouteOutcome> {
  return port.route({ callId: 'call-1', dialed, context, ...(password === undefined ? { reason: 'dialed' } : { reason: 'password', password }) });
}

describe('route port: conference rooms', () => {
  it('MUST lead a conference extension to its room, with the room’s settings, as a participant', async () => {
    const { id, exten } = await room({ name: 'Weekly', maxUsers: 10, record: true, quietJoin: true, musicOnHold: 'default' });
    assert.deepEqual(await route(exten), {
      type: 'conference', admin: false,
      room: { conferenceId: id, tenantUuid, name: 'Weekly', maxUsers: 10, record: true, quietJoin: true, announceOnlyUser: true, announceUserCount: false, announceJoinLeave: false, musicOnHold: 'default' },
    });
  });

  it('MUST let a caller whose call permissions deny every number reach a conference number (seed L5932)', async () => {
    const { exten } = await room({ name: 'Open' });
    assert.deepEqual([(await route(exten)).type, (await route('1002')).type], ['conference', 'refuse']);
  });

  it('MUST ask for the PIN of a room that has one, with the conference prompts, the request to route again and the room’s tenant', async () => {
    const { exten } = await room({ name: 'Locked', pin: '1234', adminPin: '9999' });
    assert.deepEqual(await route(exten), { type: 'challenge', kind: 'conference', tenantUuid, request: { dialed: exten, context: 'default' } });
  });

  it('MUST ask again after a wrong PIN, admit the PIN as a participant and the admin PIN as an admin', async () => {
    const { exten } = await room({ name: 'Board', pin: '1234', adminPin: '9999' });
    const outcomes = await Promise.all(['0000', '', '1234', '9999'].map((entered) => route(exten, entered)));
    assert.deepEqual(outcomes.map((outcome) => (outcome.type === 'conference' ? `admin:${String(outcome.admin)}` : outcome.type)), ['challenge', 'challenge', 'admin:false', 'admin:true']);
  });

  it('MUST admit every caller of a room with only an admin PIN as a participant, without asking', async () => {
    const { exten } = await room({ name: 'Admin only', adminPin: '9999' });
    const outcome = await route(exten);
    assert.deepEqual(outcome.type === 'conference' ? outcome.admin : outcome.type, false);
  });

  it('MUST never put a PIN in what the call receives', async () => {
    const { exten } = await room({ name: 'Secret', pin: '246810', adminPin: '135790' });
    const seen = JSON.stringify([await route(exten), await route(exten, '246810'), await route(exten, '135790')]);
    assert.ok(!seen.includes('246810') && !seen.includes('135790'));
  });

  it('MUST lead an incall whose destination is a room to it, and a routing target naming a room to it', async () => {
    const { id } = await room({ name: 'Dialed in' });
    const incall = expectWritten(await createIncall(database, tenantUuid, { destination: { type: 'conference', conference_id: id } }));
    const did = expectWritten(await createExtension(database, { exten: '5554000', context: 'from-extern', tenantUuid }));
    await associateIncallExtension(database, incall.id, did.id);
    const viaIncall = await route('5554000', undefined, 'from-extern');
    const viaTarget = await port.route({ callId: 'call-1', dialed: 's', context: 'default', reason: 'ivr', target: { type: 'conference', conferenceId: id } });
    assert.deepEqual([viaIncall, viaTarget].map((outcome) => (outcome.type === 'conference' ? outcome.room.conferenceId : outcome.type)), [id, id]);
  });

  it('MUST keep the target in the challenge of a room reached without a number, so the PIN is checked against the same room', async () => {
    const { id } = await room({ name: 'Menu room', pin: '42' });
    const target = { type: 'conference', conferenceId: id } as const;
    const asked = await port.route({ callId: 'call-1', dialed: 's', context: 'default', reason: 'ivr', target });
    assert.deepEqual(asked.type === 'challenge' ? asked.request : asked, { dialed: 's', context: 'default', target });
  });

  it('MUST give the hooks the preprocess subroutine of each room that has one', async () => {
    const { id } = await room({ name: 'Hooked', preprocessSubroutine: 'room-check' });
    assert.equal((await loadPreprocessSubroutines(database)).conferences.get(id), 'room-check');
  });

  it('MUST refuse the calls of a deleted room: its extension leads nowhere (404), a destination naming it finds no room (404)', async () => {
    const { id, exten } = await room({ name: 'Gone' });
    await database.transaction((tx) => deleteConference(tx, String(id), [tenantUuid]));
    const statuses = [await route(exten), await port.route({ callId: 'call-1', dialed: 's', context: 'default', reason: 'ivr', target: { type: 'conference', conferenceId: id } })]
      .map((outcome) => (outcome.type === 'refuse' ? outcome.cause.sipStatus : outcome.type));
    assert.deepEqual(statuses, [404, 404]);
  });
});

describe('conferenceAccess', () => {
  it('MUST admit without asking when the room has no PIN, and ask when it has one and nothing was entered', () => {
    assert.deepEqual([conferenceAccess({ pin: null, adminPin: null }, undefined), conferenceAccess({ pin: '1', adminPin: null }, undefined)], ['participant', 'ask']);
  });

  it('MUST admit as a participant when the two PINs are the same (the PIN is checked first)', () => {
    assert.equal(conferenceAccess({ pin: '7', adminPin: '7' }, '7'), 'participant');
  });

  it('MUST ask again for an entry that is neither PIN, and never admit an empty entry', () => {
    assert.deepEqual([conferenceAccess({ pin: '1', adminPin: '2' }, '3'), conferenceAccess({ pin: '1', adminPin: null }, '')], ['ask', 'ask']);
  });
});
