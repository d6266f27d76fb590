/**
 * Queues on the route port with the real store (seed CC-02..CC-07): a queue extension, a DID, an
 * IVR choice or a routing target leads to the queue with its music, caller-ID mode, fallbacks and
 * diversions, and with the skill rule set the destination gives the call; a closed schedule or a
 * disabled queue passes the call on without entering; a deleted queue refuses its calls.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { call, routing } from '../../actors/index.ts';
import {
  associateIncallExtension, associateQueueExtension, createContext, createExtension, createIncall, createIvr, createQueue, createSchedule, deleteQueue,
  ensureDemoConfiguration, expectWritten, loadDialplan, setQueueFallbacks, setQueueSchedule, type QueueFields, type TenantUuid,
} from '../../store/index.ts';
import { createMigratedTestDatabase, type TestDatabase } from '../../store/test-database.ts';
import { createMemoryLocationStore, createRegistrar } from '../../transport/index.ts';
import { fakeAuthenticator, manualClock } from '../../transport/sip/registrar/registrar-test-kit.ts';
import { createRoutePort, type RoutePort } from './route-port.ts';
import { DEFAULT_QUEUE_MUSIC } from './queue-route.ts';

/** Monday 1 June 2026, 03:00 UTC: outside the 09:00-17:00 opening hours of the schedules below. */
const NIGHT = Date.parse('2026-06-01T03:00:00Z');

let database: TestDatabase;
let tenantUuid: TenantUuid;
let port: RoutePort;
let nextExten = 3100;
let nextDid = 5553100;
let nextName = 0;

before(async () => {
  database = await createMigratedTestDatabase('postgres');
  await ensureDemoConfiguration(database, { password: () => 'secret' });
  const users = (await loadDialplan(database)).users;
  tenantUuid = users[0]?.tenantUuid as TenantUuid;
  expectWritten(await createContext(database, { name: 'from-extern', type: 'incall', tenantUuid }));
  const clock = manualClock();
  const registrar = createRegistrar({ store: createMemoryLocationStore({ clock }), authenticator: fakeAuthenticator, clock, minExpiresS: 60, maxExpiresS: 3600, defaultExpiresS: 600, maxContactsPerAor: 5 });
  const caller: routing.Caller = { type: 'external', number: '0612345678' };
  port = createRoutePort({
    database, registrar, registrationDomains: ['pbx.example.com'], activeCalls: () => 0, callerOf: () => caller,
    logger: { warn: () => undefined, error: () => undefined }, versionFreshMs: 0, now: () => NIGHT,
  });
});
after(async () => {
  await database.close();
});

/** A new queue of the tenant: its id. */
async function queue(fields: QueueFields = {}): Promise<number> {
  nextName += 1;
  return expectWritten(await createQueue(database, tenantUuid, { name: `queue-${nextName}`, label: `Queue ${nextName}`, ...fields })).id;
}

/** A new extension of `default` leading to queue `queueId`: its number. */
async function extensionOf(queueId: number): Promise<string> {
  const exten = String(nextExten++);
  const extension = expectWritten(await createExtension(database, { exten, context: 'default', tenantUuid }));
  assert.equal(await associateQueueExtension(database, queueId, extension.id), 'associated');
  return exten;
}

/** A new DID of `from-extern` leading to `destination`: its number. */
async function did(destination: Record<string, unknown> & { type: string }): Promise<string> {
  const exten = String(nextDid++);
  const incall = expectWritten(await createIncall(database, tenantUuid, { destination }));
  const extension = expectWritten(await createExtension(database, { exten, context: 'from-extern', tenantUuid }));
  await associateIncallExtension(database, incall.id, extension.id);
  return exten;
}

function route(dialed: string, context = 'default', target?: call.RouteTarget): Promise<call.RouteOutcome> {
  return port.route({ callId: 'call-1', dialed, context, reason: target === undefined ? 'dialed' : 'ivr', ...(target === undefined ? {} : { target }) });
}

function queueOf(outcome: call.RouteOutcome): call.QueueRoute {
  assert.equal(outcome.type, 'queue', JSON.stringify(outcome));
  return (outcome as Extract<call.RouteOutcome, { type: 'queue' }>).queue;
}

/** Where a queue that takes no call sends it: its destination, or none. */
function passedOn(outcome: call.RouteOutcome): call.HuntFallback | 'none' | string {
  if (outcome.type !== 'hunt') return outcome.type;
  assert.equal(outcome.plan.steps.length, 0);
  return outcome.plan.fallback ?? 'none';
}

describe('route port: queues', () => {
  it('MUST lead a queue extension to the queue, with its name, label, music and caller-ID mode', async () => {
    const id = await queue({ musicOnHold: 'jazz', callerIdMode: 'prepend', callerIdName: 'Support' });
    const reached = queueOf(await route(await extensionOf(id)));
    assert.deepEqual([reached.queueId, reached.tenantUuid, reached.name, reached.label, reached.musicOnHold, reached.callerIdName],
      [id, tenantUuid, `queue-${nextName}`, `Queue ${nextName}`, { mohClass: 'jazz', order: 'sequential' }, { mode: 'prepend', name: 'Support' }]);
  });

  it('MUST give a queue without music the default class, and no caller-ID mode without a name', async () => {
    const reached = queueOf(await route(await extensionOf(await queue({ callerIdMode: 'overwrite' }))));
    assert.deepEqual([reached.musicOnHold, reached.callerIdName, reached.skillRuleSetId], [DEFAULT_QUEUE_MUSIC, undefined, undefined]);
  });

  it('MUST lead a DID to its queue with the skill rule set and variables of the incall destination (seed CC-07)', async () => {
    const id = await queue();
    const reached = queueOf(await route(await did({ type: 'queue', queue_id: id, skill_rule_id: 3, skill_rule_variables: { lang: 'english', tier: 'gold' } }), 'from-extern'));
    assert.deepEqual([reached.queueId, reached.skillRuleSetId, reached.skillRuleVariables], [id, 3, { lang: 'english', tier: 'gold' }]);
  });

  it('MUST lead an IVR choice of a queue to it, with the skill rules the choice gives', async () => {
    const id = await queue();
    const ivr = expectWritten(await createIvr(database, {
      tenantUuid, name: 'front', menuSound: 'choices', choices: [{ exten: '1', destination: { type: 'queue', queue_id: id, skill_rule_id: 5, skill_rule_variables: { lang: 'french' } } }],
    }));
    const menu = await route('s', 'default', { type: 'ivr', ivrId: ivr.id, tenantUuid });
    const action = menu.type === 'ivr' ? menu.menu.choices[0]?.action : undefined;
    const choice = action?.type === 'destination' ? action.destination : undefined;
    assert.deepEqual(choice, { type: 'queue', queueId: id, skillRuleSetId: 5, skillRuleVariables: { lang: 'french' } });
    const reached = queueOf(await route('s', 'default', choice as call.RouteTarget));
    assert.deepEqual([reached.queueId, reached.skillRuleSetId, reached.skillRuleVariables], [id, 5, { lang: 'french' }]);
  });

  it('MUST carry the queue’s fallbacks and diversion destinations as the call follows them', async () => {
    const id = await queue({ waitTimeDestination: { type: 'extension', exten: '1001', context: 'default' }, waitRatioDestination: { type: 'hangup', cause: 'busy' } });
    const other = await queue();
    expectWritten(await setQueueFallbacks(database, id, {
      noanswerDestination: { type: 'voicemail', voicemail_id: 4 }, busyDestination: null,
      congestionDestination: { type: 'queue', queue_id: other, skill_rule_id: 2 }, failDestination: { type: 'none' },
    }));
    const reached = queueOf(await route(await extensionOf(id)));
    assert.deepEqual(reached.fallbacks, {
      noanswer: { type: 'target', target: { type: 'voicemail', voicemailId: 4 } },
      congestion: { type: 'target', target: { type: 'queue', queueId: other, skillRuleSetId: 2 } },
    });
    assert.deepEqual(reached.diversions, { waitTime: { type: 'dial', dialed: '1001', context: 'default' }, waitRatio: { type: 'hangup', cause: 'busy' } });
  });

  it('MUST send the call to the closed destination of the queue’s schedule without entering', async () => {
    const id = await queue();
    const schedule = expectWritten(await createSchedule(database, tenantUuid, {
      name: 'support-hours', timezone: 'UTC', openPeriods: [{ hours_start: '09:00', hours_end: '17:00' }], closedDestination: { type: 'voicemail', voicemail_id: 7 },
    }));
    expectWritten(await setQueueSchedule(database, id, schedule.id));
    assert.deepEqual(passedOn(await route(await extensionOf(id))), { type: 'target', target: { type: 'voicemail', voicemailId: 7 } });
  });

  it('MUST send a call to a disabled queue to its fail destination, and end it without one', async () => {
    const withFail = await queue({ enabled: false });
    expectWritten(await setQueueFallbacks(database, withFail, { noanswerDestination: null, busyDestination: null, congestionDestination: null, failDestination: { type: 'extension', exten: '1002', context: 'default' } }));
    const without = await queue({ enabled: false });
    assert.deepEqual([passedOn(await route(await extensionOf(withFail))), passedOn(await route(await extensionOf(without)))],
      [{ type: 'dial', dialed: '1002', context: 'default' }, 'none']);
  });

  it('MUST refuse the calls of a deleted queue: its extension leads nowhere (404), a DID or target naming it finds no queue (404)', async () => {
    const id = await queue();
    const exten = await extensionOf(id);
    const number = await did({ type: 'queue', queue_id: id });
    await database.transaction((tx) => deleteQueue(tx, String(id), [tenantUuid]));
    const outcomes = [await route(exten), await route(number, 'from-extern'), await route('s', 'default', { type: 'queue', queueId: id })];
    assert.deepEqual(outcomes.map((outcome) => (outcome.type === 'refuse' ? outcome.cause.sipStatus : outcome.type)), [404, 404, 404]);
  });
});
