/**
 * Schedules applied by the routing port on a real database (seed CF-20, CF-07, CF-08, CF-19): an
 * incall, an outcall and a user whose schedule is closed at the port's clock send the call to the
 * closed destination (or the exception's), an open one lets it through, and closed destinations
 * that come back to a closed schedule are refused as a loop.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { call, routing } from '../../actors/index.ts';
import {
  associateIncallExtension, associateOutcallExtension, createContext, createExtension, createIncall, createIvr, createOutcall, createSchedule,
  ensureDemoConfiguration, loadDialplan, setIncallSchedule, setOutcallSchedule, setOutcallTrunks, setUserSchedule, type TenantUuid,
} from '../../store/index.ts';
import { expectWritten } from '../../store/expect-written.ts';
import { createMigratedTestDatabase, type TestDatabase } from '../../store/test-database.ts';
import { createMemoryLocationStore, createRegistrar } from '../../transport/index.ts';
import { fakeAuthenticator, manualClock } from '../../transport/sip/registrar/registrar-test-kit.ts';
import { createRoutePort, type RoutePort } from './route-port.ts';
import { closedRequest, SCHEDULE_TRANSFER_SOUND, transferAnnouncement } from './schedule-route.ts';

const EXTERNAL: routing.Caller = { type: 'external', number: '0612345678' };
/** Monday 1 June 2026, 10:00 in Paris: the office is open. */
const MONDAY_MORNING = Date.parse('2026-06-01T08:00:00Z');
/** Sunday 31 May 2026, 10:00 in Paris: the office is closed. */
const SUNDAY_MORNING = Date.parse('2026-05-31T08:00:00Z');
/** Friday 25 December 2026, 10:00 in Paris: within opening hours, but an exception. */
const CHRISTMAS_MORNING = Date.parse('2026-12-25T09:00:00Z');
/** Monday 1 June 2026, 07:30 UTC: 09:30 in Paris (open), 08:30 in London (closed). */
const PARIS_OPEN_LONDON_CLOSED = Date.parse('2026-06-01T07:30:00Z');

let database: TestDatabase;
let port: RoutePort;
let tenant: TenantUuid;
let aliceId = 0;
let bobId = 0;
let ivrId = 0;
let nowMs = MONDAY_MORNING;
const schedules = new Map<string, number>();

const officeHours = [{ hours_start: '09:00', hours_end: '17:00', week_days: [1, 2, 3, 4, 5] }];

before(async () => {
  database = await createMigratedTestDatabase('postgres');
  await ensureDemoConfiguration(database, { password: () => 'secret' });
  const users = (await loadDialplan(database)).users;
  const idOf = (username: string) => Number(users.find((user) => user.lines[0]?.username === username)?.id);
  aliceId = idOf('1001');
  bobId = idOf('1002');
  tenant = users[0]?.tenantUuid as TenantUuid;
  const schedule = async (name: string, fields: { timezone?: string; closedDestination: Record<string, unknown> & { type: string }; exceptionalPeriods?: readonly Record<string, unknown>[] }) =>
    schedules.set(name, expectWritten(await createSchedule(database, tenant, { name, timezone: fields.timezone ?? 'Europe/Paris', openPeriods: officeHours, ...fields })).id);
  await schedule('office', {
    closedDestination: { type: 'user', user_id: aliceId },
    exceptionalPeriods: [{ month_days: [25], months: [12], destination: { type: 'hangup', cause: 'busy' } }],
  });
  await schedule('london', { timezone: 'Europe/London', closedDestination: { type: 'extension', exten: '1001', context: 'default' } });
  await schedule('to-bob', { closedDestination: { type: 'user', user_id: bobId } });
  await schedule('to-sound', { closedDestination: { type: 'sound', filename: 'closed' } });
  const christmas = { month_days: [25], months: [12] };
  await schedule('christmas-to-alice', { closedDestination: { type: 'hangup', cause: 'normal' }, exceptionalPeriods: [{ ...christmas, destination: { type: 'user', user_id: aliceId } }] });
  await schedule('christmas-to-bob', { closedDestination: { type: 'hangup', cause: 'normal' }, exceptionalPeriods: [{ ...christmas, destination: { type: 'user', user_id: bobId } }] });
  ivrId = expectWritten(await createIvr(database, { tenantUuid: tenant, name: 'reference', menuSound: 'choices' })).id;
  expectWritten(await createContext(database, { name: 'from-extern', type: 'incall', tenantUuid: tenant }));
  expectWritten(await createContext(database, { name: 'to-extern', type: 'outcall', tenantUuid: tenant }));
  await incall('5551000', { type: 'user', user_id: bobId }, 'office');
  await incall('5552000', { type: 'ivr', ivr_id: ivrId }, 'office');
  await incall('5553000', { type: 'user', user_id: bobId }, 'london');
  await incall('5554000', { type: 'user', user_id: bobId }, 'to-sound');
  const outcall = expectWritten(await createOutcall(database, tenant, { name: 'national' }));
  const pattern = expectWritten(await createExtension(database, { exten: '_0.', context: 'to-extern', tenantUuid: tenant }));
  expectWritten(await associateOutcallExtension(database, { id: outcall.id, tenantUuid: tenant }, pattern.id, { stripDigits: 0, prefix: '', callerId: null }));
  expectWritten(await setOutcallTrunks(database, outcall.id, [1]));
  expectWritten(await setOutcallSchedule(database, outcall.id, scheduleId('office')));
  const clock = manualClock();
  const registrar = createRegistrar({ store: createMemoryLocationStore({ clock }), authenticator: fakeAuthenticator, clock, minExpiresS: 60, maxExpiresS: 3600, defaultExpiresS: 600, maxContactsPerAor: 5 });
  port = createRoutePort({
    database, registrar, registrationDomains: ['pbx.example.com'], activeCalls: () => 0, callerOf: () => EXTERNAL,
    logger: { warn: () => undefined, error: () => undefined }, versionFreshMs: 0, now: () => nowMs,
    trunks: () => ({ dialTarget: () => ({ type: 'fixed', destination: { transport: 'udp', address: '192.0.2.50', port: 5060 }, requestUriHost: '192.0.2.50', available: true }) }),
  });
});
after(async () => {
  await database.close();
});
afterEach(async () => {
  nowMs = MONDAY_MORNING;
  for (const userId of [aliceId, bobId]) expectWritten(await setUserSchedule(database, { id: userId, tenantUuid: tenant }, null));
});

async function incall(did: string, destination: Record<string, unknown> & { type: string }, schedule: string): Promise<void> {
  const created = expectWritten(await createIncall(database, tenant, { destination }));
  const extension = expectWritten(await createExtension(database, { exten: did, context: 'from-extern', tenantUuid: tenant }));
  await associateIncallExtension(database, created.id, extension.id);
  expectWritten(await setIncallSchedule(database, created.id, scheduleId(schedule)));
}

function scheduleId(name: string): number {
  const id = schedules.get(name);
  assert.ok(id !== undefined);
  return id;
}

const route = (dialed: string, context = 'from-extern', request: Partial<call.RouteRequest> = {}): Promise<call.RouteOutcome> =>
  port.route({ callId: 'call-1', dialed, context, reason: 'dialed', ...request });

/** Whom the outcome rings, the IVR it enters, or the status it refuses with. */
function where(outcome: call.RouteOutcome): string {
  switch (outcome.type) {
    case 'dial':
      return `user ${outcome.user.userId === aliceId ? 'alice' : outcome.user.userId === bobId ? 'bob' : outcome.user.userId}`;
    case 'ivr':
      return `ivr ${outcome.ivrId === ivrId ? 'reference' : outcome.ivrId}`;
    case 'trunks':
      return `trunks ${outcome.attempts.map((attempt) => attempt.trunkId).join(',')}`;
    case 'refuse':
      return `refuse ${outcome.cause.sipStatus}`;
    case 'feature':
      return `feature ${outcome.feature}`;
    case 'challenge':
      return 'challenge';
    case 'hunt':
      return 'hunt';
    case 'voicemail':
      return `voicemail ${outcome.mailbox.voicemailId}`;
    case 'conference':
      return `conference ${outcome.room.conferenceId}`;
    case 'mailbox':
      return `mailbox ${outcome.mailbox.voicemailId}`;
    case 'queue':
      return `queue ${outcome.queue.queueId}`;
  }
}

describe('incall schedules', () => {
  it("MUST route to the incall's destination while its schedule is open", async () => {
    assert.equal(where(await route('5551000')), 'user bob');
  });

  it("MUST route to the schedule's closed destination while it is closed", async () => {
    nowMs = SUNDAY_MORNING;
    assert.equal(where(await route('5551000')), 'user alice');
  });

  it("MUST route to the exception's destination during an exception, even within opening hours (hang up busy: 486)", async () => {
    nowMs = CHRISTMAS_MORNING;
    assert.equal(where(await route('5551000')), 'refuse 486');
  });

  it("MUST read the hours in the schedule's own time zone", async () => {
    nowMs = PARIS_OPEN_LONDON_CLOSED;
    assert.deepEqual([where(await route('5551000')), where(await route('5553000'))], ['user bob', 'user alice']);
  });

  it('MUST refuse with 480 a closed destination of a kind calls cannot reach yet', async () => {
    nowMs = SUNDAY_MORNING;
    assert.equal(where(await route('5554000')), 'refuse 480');
  });
});

describe('an IVR with a schedule (attached to its incall)', () => {
  it('MUST reach the IVR while the schedule is open', async () => {
    assert.equal(where(await route('5552000')), 'ivr reference');
  });

  it("MUST go to the schedule's closed destination, not the IVR, while it is closed", async () => {
    nowMs = SUNDAY_MORNING;
    assert.equal(where(await route('5552000')), 'user alice');
  });
});

describe('outcall schedules', () => {
  it("MUST send the call to the outcall's trunks while its schedule is open", async () => {
    assert.equal(where(await route('0145678900', 'to-extern')), 'trunks 1');
  });

  it("MUST send the call to the schedule's closed destination instead of the trunks while it is closed", async () => {
    nowMs = SUNDAY_MORNING;
    assert.equal(where(await route('0145678900', 'to-extern')), 'user alice');
  });
});

describe('user schedules', () => {
  it('MUST ring the user while their schedule is open, and the closed destination while it is closed (internal call)', async () => {
    expectWritten(await setUserSchedule(database, { id: bobId, tenantUuid: tenant }, scheduleId('office')));
    const open = where(await route('1002', 'default'));
    nowMs = SUNDAY_MORNING;
    assert.deepEqual([open, where(await route('1002', 'default'))], ['user bob', 'user alice']);
  });

  it("MUST apply the user's schedule to a call that reaches them through an open incall", async () => {
    expectWritten(await setUserSchedule(database, { id: bobId, tenantUuid: tenant }, scheduleId('london')));
    nowMs = PARIS_OPEN_LONDON_CLOSED;
    assert.equal(where(await route('5551000')), 'user alice');
  });

  it("MUST apply the user's schedule to a user reached directly (an IVR's destination)", async () => {
    expectWritten(await setUserSchedule(database, { id: bobId, tenantUuid: tenant }, scheduleId('office')));
    nowMs = SUNDAY_MORNING;
    assert.equal(where(await route('8899', 'default', { reason: 'ivr', target: { type: 'user', userId: bobId } })), 'user alice');
  });

  it("MUST apply the closed destination's own schedule in turn (incall closed to alice, alice closed to bob)", async () => {
    expectWritten(await setUserSchedule(database, { id: aliceId, tenantUuid: tenant }, scheduleId('to-bob')));
    nowMs = SUNDAY_MORNING;
    assert.equal(where(await route('5551000')), 'user bob');
  });

  it('MUST refuse with 482 a closed destination that comes back to a closed schedule already followed', async () => {
    expectWritten(await setUserSchedule(database, { id: bobId, tenantUuid: tenant }, scheduleId('to-bob')));
    nowMs = SUNDAY_MORNING;
    assert.equal(where(await route('1002', 'default')), 'refuse 482');
  });
});

describe("a user's exception period: the transfer prompt", () => {
  it('MUST answer the caller with the transfer prompt, then send the call to the exception\'s destination', async () => {
    expectWritten(await setUserSchedule(database, { id: bobId, tenantUuid: tenant }, scheduleId('christmas-to-alice')));
    nowMs = CHRISTMAS_MORNING;
    const outcome = await route('1002', 'default');
    assert.ok(outcome.type === 'ivr', where(outcome));
    assert.deepEqual([outcome.tenantUuid, outcome.menu.greetingSound, outcome.menu.thenDestination], [tenant, SCHEDULE_TRANSFER_SOUND, { type: 'user', userId: aliceId }]);
  });

  it('MUST not announce a plain closed period (out of opening hours)', async () => {
    expectWritten(await setUserSchedule(database, { id: bobId, tenantUuid: tenant }, scheduleId('office')));
    nowMs = SUNDAY_MORNING;
    assert.equal(where(await route('1002', 'default')), 'user alice');
  });

  it('MUST redirect a transfer at once, without the prompt', async () => {
    expectWritten(await setUserSchedule(database, { id: bobId, tenantUuid: tenant }, scheduleId('christmas-to-alice')));
    nowMs = CHRISTMAS_MORNING;
    assert.equal(where(await route('1002', 'default', { reason: 'transfer' })), 'user alice');
  });

  it('MUST refuse with 482, without a prompt, an exception whose destination comes back to it', async () => {
    expectWritten(await setUserSchedule(database, { id: bobId, tenantUuid: tenant }, scheduleId('christmas-to-bob')));
    nowMs = CHRISTMAS_MORNING;
    assert.equal(where(await route('1002', 'default')), 'refuse 482');
  });
});

describe('closedRequest: what a closed destination asks routing next', () => {
  const request: call.RouteRequest = { callId: 'call-9', dialed: '5551000', context: 'from-extern', reason: 'dialed' };
  const next = (destination: routing.RoutingDestination, tenant: { readonly uuid: string | undefined } = { uuid: 'tenant-1' }) => closedRequest(destination, request, tenant.uuid, 'incall 1: schedule 2 closed');

  it('MUST dial an extension destination in its context, as a new number', () => {
    assert.deepEqual(next({ type: 'extension', exten: '8000', context: 'default' }), { type: 'request', request: { callId: 'call-9', reason: 'dialed', context: 'default', dialed: '8000' } });
  });

  it("MUST read a custom destination as an incall's, with the dialed number as XIVO_DSTNUM", () => {
    assert.deepEqual(next({ type: 'custom', command: 'Goto(default,${XIVO_DSTNUM},1)' }), { type: 'request', request: { callId: 'call-9', reason: 'dialed', context: 'default', dialed: '5551000' } });
  });

  it("MUST enter an IVR in the tenant of the object whose schedule closed, and refuse it without one (404)", () => {
    const entered = next({ type: 'ivr', ivrId: 3 });
    assert.deepEqual(entered.type === 'request' ? entered.request.target : entered, { type: 'ivr', ivrId: 3, tenantUuid: 'tenant-1' });
    assert.deepEqual(next({ type: 'ivr', ivrId: 3 }, { uuid: undefined }), { type: 'refuse', status: 404, reason: 'incall 1: schedule 2 closed: IVR 3 has no tenant' });
  });

  it('MUST send a voicemail destination to its mailbox', () => {
    const deposited = next({ type: 'voicemail', voicemailId: 5 });
    assert.deepEqual(deposited.type === 'request' ? deposited.request.target : deposited, { type: 'voicemail', voicemailId: 5 });
  });

  it('MUST send a conference destination to its room', () => {
    const joined = next({ type: 'conference', conferenceId: 4 });
    assert.deepEqual(joined.type === 'request' ? joined.request.target : joined, { type: 'conference', conferenceId: 4 });
  });

  it("MUST announce a user's exception redirect to a room before joining it", () => {
    const joined = next({ type: 'conference', conferenceId: 4 });
    assert.ok(joined.type === 'request');
    const announced = transferAnnouncement({ type: 'announce', request: joined.request, schedules: { nowMs: 0, passed: [] }, tenantUuid: 'tenant-1' });
    assert.deepEqual(announced.type === 'ivr' ? announced.menu.thenDestination : announced, { type: 'conference', conferenceId: 4 });
  });

  it('MUST refuse no destination with 480, and a hang-up with its cause (congestion: 503)', () => {
    const statuses = [next({ type: 'none' }), next({ type: 'hangup', cause: 'congestion' })].map((result) => (result.type === 'refuse' ? result.status : 0));
    assert.deepEqual(statuses, [480, 503]);
  });
});
