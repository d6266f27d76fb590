/**
 * Where a call to a group goes (seed CF-22): the members rung and their order per strategy, the
 * members skipped (disabled, do not disturb, in use, unregistered), the no-answer fallback, and the
 * group's schedule.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routing, type call } from '../../actors/index.ts';
import { context, extension, user } from '../../actors/routing/testing/dialplan-builder.ts';
import { groupOutcome, huntFallback, memberGroupPermissionIds, strategyOrder, type GroupRouteInput } from './group-route.ts';
import { outcallRoute } from './outcall-route.ts';
import { permissionGuard } from './permission-route.ts';

const table = routing.indexDialplan({
  contexts: [context('default')],
  extensions: [extension(1, '2000', 'default', { type: 'group', groupId: 7 })],
  users: [user(1), user(2), user(3, { dnd: true }), user(4, { enabled: false }), user(5), user(6, { unconditional: '1001' })],
}).table;

function group(changes: Partial<routing.HuntGroup> = {}): routing.HuntGroup {
  return {
    id: 7, uuid: 'g-7', tenantUuid: 't-1', name: 'sales', label: 'Sales', enabled: true, ringStrategy: 'linear', timeoutSeconds: 60, userTimeoutSeconds: 15,
    retryDelaySeconds: 5, ringInUse: true, ignoreForward: true, callerIdMode: null, callerIdName: null, musicOnHold: null,
    members: [1, 2, 3, 4, 5, 6].map((id) => ({ userId: id as routing.UserId, priority: id })), noAnswerDestination: null, callPermissionIds: [], scheduleId: null, ...changes,
  };
}

const target = (username: string): call.DialTarget => ({ requestUri: `sip:${username}@192.0.2.1`, destination: { transport: 'udp', address: '192.0.2.1', port: 5060 }, toUri: `sip:${username}@pbx` });

function input(hunt: routing.HuntGroup, options: { readonly busy?: readonly number[]; readonly unregistered?: readonly number[]; readonly schedules?: routing.RoutingObjects['schedules'] } = {}): GroupRouteInput {
  return {
    table,
    objects: { incalls: new Map(), outcalls: new Map(), callPermissions: new Map(), schedules: options.schedules ?? new Map(), users: new Map(), callerIdRules: new Map(), blacklists: new Map(), groups: new Map([[7, hunt]]) },
    activeCalls: (userId) => (options.busy?.includes(userId) === true ? 1 : 0),
    contactsOfUser: (userId) => Promise.resolve(options.unregistered?.includes(userId) === true ? [] : [target(`u${userId}`)]),
    nowMs: Date.UTC(2026, 0, 5, 12, 0),
    random: () => 0,
  };
}

const planOf = (outcome: call.RouteOutcome) => {
  assert.equal(outcome.type, 'hunt');
  return (outcome as Extract<call.RouteOutcome, { type: 'hunt' }>).plan;
};
const stepUsers = (plan: call.HuntPlan) => plan.steps.map((members) => members.map((member) => member.user.userId));

describe('a call that reaches a group', () => {
  it('MUST ring linear members one per step in priority order, skipping DND and disabled members, forwards ignored', async () => {
    const plan = planOf(await groupOutcome(input(group()), 7, '2000'));
    assert.deepEqual(stepUsers(plan), [[1], [2], [5], [6]]);
    assert.deepEqual([plan.stepSeconds, plan.retryDelaySeconds, plan.timeoutSeconds], [15, 5, 60]);
  });

  it('MUST ring all members in one step with strategy all', async () => {
    assert.deepEqual(stepUsers(planOf(await groupOutcome(input(group({ ringStrategy: 'all' })), 7, '2000'))), [[1, 2, 5, 6]]);
  });

  it('MUST skip members without a registered phone, and members in a call when ring_in_use is off', async () => {
    const plan = planOf(await groupOutcome(input(group({ ringInUse: false }), { busy: [2], unregistered: [5] }), 7, '2000'));
    assert.deepEqual(stepUsers(plan), [[1], [6]]);
    const inUse = planOf(await groupOutcome(input(group(), { busy: [2] }), 7, '2000'));
    assert.deepEqual(stepUsers(inUse), [[1], [2], [5], [6]]);
  });

  it('MUST draw the order of random at routing (a shuffle of the members)', () => {
    assert.deepEqual(strategyOrder([1, 2, 3, 4], 'random', () => 0), [2, 3, 4, 1]);
    assert.deepEqual(strategyOrder([1, 2, 3, 4], 'linear', () => 0), [1, 2, 3, 4]);
  });

  it('MUST carry the no-answer fallback, and ring nobody (fallback at once) for a disabled group', async () => {
    const withFallback = group({ noAnswerDestination: { type: 'extension', exten: '1001', context: 'default' } });
    assert.deepEqual(planOf(await groupOutcome(input(withFallback), 7, '2000')).fallback, { type: 'dial', dialed: '1001', context: 'default' });
    const disabled = planOf(await groupOutcome(input({ ...withFallback, enabled: false }), 7, '2000'));
    assert.deepEqual([disabled.steps, disabled.fallback?.type], [[], 'dial']);
  });

  it('MUST read fallback destinations: user, group, IVR, voicemail, conference and queue directly, hang-up as a cause, no engine yet as none', () => {
    const hunt = group();
    assert.deepEqual(huntFallback({ type: 'user', userId: 2 as routing.UserId }, hunt, '2000'), { type: 'target', target: { type: 'user', userId: 2 } });
    assert.deepEqual(huntFallback({ type: 'group', groupId: 8 }, hunt, '2000'), { type: 'target', target: { type: 'group', groupId: 8 } });
    assert.deepEqual(huntFallback({ type: 'ivr', ivrId: 3 }, hunt, '2000'), { type: 'target', target: { type: 'ivr', ivrId: 3, tenantUuid: 't-1' } });
    assert.deepEqual(huntFallback({ type: 'hangup', cause: 'busy' }, hunt, '2000'), { type: 'hangup', cause: 'busy' });
    assert.deepEqual(huntFallback({ type: 'voicemail', voicemailId: 1 }, hunt, '2000'), { type: 'target', target: { type: 'voicemail', voicemailId: 1 } });
    assert.deepEqual(huntFallback({ type: 'conference', conferenceId: 5 }, hunt, '2000'), { type: 'target', target: { type: 'conference', conferenceId: 5 } });
    assert.deepEqual(huntFallback({ type: 'queue', queueId: 6, skillRuleSetId: 2 }, hunt, '2000'), { type: 'target', target: { type: 'queue', queueId: 6, skillRuleSetId: 2 } });
    assert.equal(huntFallback({ type: 'sound', filename: 'closed' }, hunt, '2000'), undefined);
  });

  it('MUST send the call to the closed destination of the group’s schedule without ringing anyone', async () => {
    const schedule: routing.Schedule = {
      id: 4 as routing.ScheduleId, name: 'night', enabled: true, timezone: 'UTC', openPeriods: [{ hoursStart: '20:00', hoursEnd: '22:00', weekDays: [], monthDays: [], months: [] }],
      exceptionalPeriods: [], closedDestination: { type: 'hangup', cause: 'congestion' },
    };
    const plan = planOf(await groupOutcome(input(group({ scheduleId: schedule.id }), { schedules: new Map([[schedule.id, schedule]]) }), 7, '2000'));
    assert.deepEqual([plan.steps, plan.fallback], [[], { type: 'hangup', cause: 'congestion' }]);
  });

  it('MUST refuse a group that does not exist with 404', async () => {
    const outcome = await groupOutcome(input(group()), 99, '2000');
    assert.deepEqual([outcome.type, outcome.type === 'refuse' ? outcome.cause.sipStatus : 0], ['refuse', 404]);
  });

  it('MUST route an extension of type group to the group', () => {
    const result = routing.route(table, { context: 'default', dialed: '2000', caller: { type: 'external', number: null } });
    assert.deepEqual(result, { type: 'group', groupId: 7, extensionId: 1, context: 'default' });
  });
});

describe('call permissions attached to a group', () => {
  const deny: routing.CallPermission = { id: 3 as routing.CallPermissionId, name: 'no-abroad', mode: 'deny', extensions: ['_00.'], password: null, enabled: true };
  const outcallTable = routing.indexDialplan({
    contexts: [context('default'), context('to-extern', [], 'outcall')],
    extensions: [extension(10, '_0.', 'to-extern', { type: 'outcall', outcallId: 1 as routing.OutcallId })],
    users: [user(1), user(2)],
  }).table;
  const objects = (members: readonly number[]): routing.RoutingObjects => ({
    incalls: new Map(), schedules: new Map(), users: new Map(), callerIdRules: new Map(), blacklists: new Map(),
    callPermissions: new Map([[deny.id, deny]]),
    outcalls: new Map([[1 as routing.OutcallId, {
      id: 1 as routing.OutcallId, name: 'out', enabled: true, internalCallerId: false, trunkIds: [1 as routing.TrunkId], callPermissionIds: [], scheduleId: null,
      patterns: [{ extensionId: 10 as routing.ExtensionId, stripDigits: 0, prefix: '', callerId: null }],
    }]]),
    groups: new Map([[7, group({ members: members.map((id) => ({ userId: id as routing.UserId, priority: 0 })), callPermissionIds: [deny.id] })]]),
  });
  const route = (caller: number, members: readonly number[]) => {
    const from: routing.Caller = { type: 'user', userId: caller as routing.UserId };
    const loaded = { table: outcallTable, objects: objects(members), tenants: new Map<string, string>() };
    return outcallRoute({
      table: outcallTable, objects: loaded.objects, trunks: undefined, caller: from, context: 'to-extern', dialed: '0044123',
      ringSeconds: 30, registeredContacts: () => Promise.resolve([]), guard: permissionGuard(loaded, from, { dialed: '0044123', context: 'to-extern' }),
    });
  };

  it('MUST list the permissions of the groups a user is a member of', () => {
    assert.deepEqual([memberGroupPermissionIds(objects([1]), 1 as routing.UserId), memberGroupPermissionIds(objects([1]), 2 as routing.UserId)], [[3], []]);
  });

  it('MUST refuse (403) a member’s call that a permission of their group denies, and not a non-member’s', async () => {
    const member = await route(1, [1]);
    assert.deepEqual([member?.type, member?.type === 'refuse' ? member.cause.sipStatus : 0], ['refuse', 403]);
    const other = await route(2, [1]);
    assert.notEqual(other?.type === 'refuse' ? other.cause.sipStatus : 0, 403);
  });
});
