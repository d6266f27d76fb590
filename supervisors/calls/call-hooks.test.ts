/**
 * Where hooks run in the call path (seed CF-24): after the routing decision of a user or an outcall
 * call and before the dial, and at the admission of a DID call.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { call } from '../../actors/index.ts';
import type { Queryable } from '../../store/index.ts';
import type { CallHooksSettings } from '../config/index.ts';
import { runDidHooks, withRouteHooks, type RouteHookContext } from './call-hooks.ts';
import { createHookRunner, type HookRunner } from './hook-runner.ts';

const QUIET = { warn: () => undefined } as never;

/** A runner whose objects' hooks are given (no store). */
function runner(settings: CallHooksSettings, users: ReadonlyMap<number, string> = new Map(), outcalls: ReadonlyMap<number, string> = new Map(), conferences: ReadonlyMap<number, string> = new Map()): HookRunner {
  const real = createHookRunner({ settings, database: {} as Queryable, logger: QUIET });
  return { ...real, subroutines: () => Promise.resolve({ users, incalls: new Map(), outcalls, conferences }) };
}

const DIAL: call.RouteOutcome = { type: 'dial', user: { userId: 2, userUuid: 'u-2', name: 'Bob', number: '1002', context: 'default' }, ringSeconds: 30, contacts: [], busy: false };
const TRUNKS: call.RouteOutcome = { type: 'trunks', attempts: [], ringSeconds: 300 };
const REQUEST = { callId: 'c-1', dialed: '1002', context: 'default', reason: 'dialed' } as const;

function context(hooks: HookRunner, seen: string[] = []): RouteHookContext {
  return {
    runner: hooks,
    caller: () => ({ channelId: 'c-1', name: 'Ann', number: '1001', context: 'default', userUuid: 'u-1' }),
    callerUserId: () => 1,
    tenantOfUser: () => 't-1',
    outcallOf: () => Promise.resolve(9),
    reroute: (request) => {
      seen.push(`${request.context}/${request.dialed}`);
      return Promise.resolve(DIAL);
    },
  };
}

describe('user and outcall hooks', () => {
  it('MUST give the user\'s hook the call\'s variables and apply the ring time it sets', async () => {
    let variables: Readonly<Record<string, string>> = {};
    const hooks = runner({ hooks: { ring: (hookCall) => ((variables = hookCall.variables), { type: 'continue', variables: { XIVO_RINGSECONDS: '12' } }) } }, new Map([[2, 'ring']]));
    const outcome = await withRouteHooks(context(hooks), REQUEST, DIAL);
    assert.deepEqual([outcome.type === 'dial' && outcome.ringSeconds, variables['XIVO_USERUUID'], variables['WAZO_DST_UUID'], variables['XIVO_CALLORIGIN']], [12, 'u-1', 'u-2', 'intern']);
  });

  it('MUST run the global user hook for a user without one of its own', async () => {
    const hooks = runner({ hooks: { block: () => ({ type: 'hangup', cause: 'busy' }) }, globalHooks: { user: 'block' } });
    const outcome = await withRouteHooks(context(hooks), REQUEST, DIAL);
    assert.equal(outcome.type === 'refuse' && outcome.cause.sipStatus, 486);
  });

  it('MUST route again where a hook sends the call', async () => {
    const seen: string[] = [];
    const hooks = runner({ hooks: { away: () => ({ type: 'goto', exten: '8000', context: 'night' }) } }, new Map([[2, 'away']]));
    await withRouteHooks(context(hooks, seen), REQUEST, DIAL);
    assert.deepEqual(seen, ['night/8000']);
  });

  it('MUST run the hook of the outcall the call goes out through', async () => {
    const hooks = runner({ hooks: { deny: () => ({ type: 'hangup', cause: 'congestion' }) } }, new Map(), new Map([[9, 'deny']]));
    const outcome = await withRouteHooks(context(hooks), { ...REQUEST, dialed: '0611223344' }, TRUNKS);
    assert.equal(outcome.type, 'refuse');
  });

  it('MUST leave a refusal alone: no hook runs on a call that dials nobody', async () => {
    const hooks = runner({ hooks: { never: () => assert.fail('ran') }, globalHooks: { user: 'never', outcall: 'never' } });
    const refusal: call.RouteOutcome = { type: 'refuse', cause: { q850: 1, sipStatus: 404, text: 'not found' } as never };
    assert.equal(await withRouteHooks(context(hooks), REQUEST, refusal), refusal);
  });
});

describe('DID hooks', () => {
  const did = { tenantUuid: 't-1', context: 'from-extern', did: '5551000', name: '+33611', number: '+33611', incallId: 4 };

  it('MUST give the caller ID and ring time the hook sets', async () => {
    const hooks = runner({ hooks: { vip: () => ({ type: 'continue', variables: { 'CALLERID(name)': 'VIP', XIVO_RINGSECONDS: '20' } }) }, globalHooks: { did: 'vip' } });
    assert.deepEqual(await runDidHooks(hooks, did), { type: 'continue', name: 'VIP', number: '+33611', ringSeconds: 20 });
  });

  it('MUST send the call to the extension a hook names, in the trunk\'s context when it names none', async () => {
    const hooks = runner({ hooks: { away: () => ({ type: 'goto', exten: '1002' }) }, globalHooks: { did: 'away' } });
    assert.deepEqual(await runDidHooks(hooks, did), { type: 'goto', context: 'from-extern', exten: '1002' });
  });

  it('MUST refuse the call a hook hangs up, with the status of its cause', async () => {
    const hooks = runner({ hooks: { stop: () => ({ type: 'hangup', cause: 'busy' }) }, globalHooks: { did: 'stop' } });
    const result = await runDidHooks(hooks, did);
    assert.equal(result.type === 'refuse' && result.status, 486);
  });
});

describe('conference hooks', () => {
  const ROOM: call.ConferenceRoom = {
    conferenceId: 3, tenantUuid: 't-1', name: 'Weekly', maxUsers: 50, record: false, quietJoin: false, announceOnlyUser: true, announceUserCount: false, announceJoinLeave: false, musicOnHold: null,
  };
  const JOIN: call.RouteOutcome = { type: 'conference', room: ROOM, admin: false };

  it("MUST run the global conference hook, then the room's own, with the call's variables and no ring time", async () => {
    const ran: string[] = [];
    let variables: Readonly<Record<string, string>> = {};
    const hooks = runner({
      hooks: { all: () => void ran.push('all'), room: (hookCall) => ((variables = hookCall.variables), ran.push('room'), undefined) },
      globalHooks: { conference: 'all' },
    }, new Map(), new Map(), new Map([[3, 'room']]));
    const outcome = await withRouteHooks(context(hooks), { ...REQUEST, dialed: '4000' }, JOIN);
    assert.deepEqual([outcome, ran, variables['XIVO_DSTNUM'], variables['XIVO_RINGSECONDS']], [JOIN, ['all', 'room'], '4000', undefined]);
  });

  it('MUST refuse the call a conference hook hangs up, and route again where one sends it', async () => {
    const hangup = runner({ hooks: { stop: () => ({ type: 'hangup', cause: 'congestion' }) } }, new Map(), new Map(), new Map([[3, 'stop']]));
    const refused = await withRouteHooks(context(hangup), REQUEST, JOIN);
    const seen: string[] = [];
    const away = runner({ hooks: { away: () => ({ type: 'goto', exten: '1003' }) }, globalHooks: { conference: 'away' } });
    await withRouteHooks(context(away, seen), REQUEST, JOIN);
    assert.deepEqual([refused.type === 'refuse' && refused.cause.sipStatus, seen], [503, ['default/1003']]);
  });
});
