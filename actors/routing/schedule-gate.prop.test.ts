/**
 * Following closed schedules under random configurations: users with random schedules (open,
 * closed, disabled, or none) whose closed destinations lead to other users or hang up. Followed
 * as the routing port follows them (each closed schedule added to those passed), a call always
 * ends within {@link MAX_SCHEDULE_REDIRECTS} + 1 gates: at a user whose schedule lets it through,
 * at a destination that is no user, or refused as a loop exactly when a closed schedule comes back.
 */
import '../../test/support/property-seed.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { UserId } from './dialplan.ts';
import type { RoutingDestination, RoutingObjects, Schedule, ScheduleId } from './routing-objects.ts';
import { MAX_SCHEDULE_REDIRECTS, userScheduleGate } from './schedule-gate.ts';

const USERS = 6;
const SCHEDULES = 12;
const ALWAYS = { hoursStart: null, hoursEnd: null, weekDays: [], monthDays: [], months: [] };

const destination: fc.Arbitrary<RoutingDestination> = fc.oneof(
  fc.integer({ min: 1, max: USERS }).map((userId): RoutingDestination => ({ type: 'user', userId: userId as UserId })),
  fc.constant<RoutingDestination>({ type: 'hangup', cause: 'normal' }),
);

const schedule = (id: number): fc.Arbitrary<Schedule> =>
  fc.record({ state: fc.constantFrom('open', 'closed', 'exception', 'disabled'), closed: destination, exception: destination }).map(({ state, closed, exception }) => ({
    id: id as ScheduleId, name: `s${id}`, enabled: state !== 'disabled', timezone: 'UTC',
    openPeriods: state === 'open' ? [ALWAYS] : [],
    exceptionalPeriods: state === 'exception' ? [{ ...ALWAYS, destination: exception }] : [],
    closedDestination: closed,
  }));

const configuration = fc.record({
  schedules: fc.tuple(...Array.from({ length: SCHEDULES }, (_, index) => schedule(index + 1))),
  attached: fc.array(fc.option(fc.integer({ min: 1, max: SCHEDULES + 2 }), { nil: null }), { minLength: USERS, maxLength: USERS }),
  start: fc.integer({ min: 1, max: USERS }),
});

function objectsOf(schedules: readonly Schedule[], attached: readonly (number | null)[]): RoutingObjects {
  return {
    incalls: new Map(), outcalls: new Map(), callPermissions: new Map(), callerIdRules: new Map(), blacklists: new Map(),
    schedules: new Map(schedules.map((item) => [item.id, item])),
    users: new Map(attached.map((scheduleId, index) => [(index + 1) as UserId, { outgoingCallerId: 'default', callPermissionPassword: null, callPermissionIds: [], scheduleId: scheduleId as ScheduleId | null }])),
  };
}

type End = { readonly type: 'ring' | 'elsewhere' | 'loop'; readonly userId: number; readonly gates: number; readonly passed: readonly ScheduleId[] };

/** Follows the gates from `start` as the routing port does. */
function follow(objects: RoutingObjects, start: number): End {
  let userId = start;
  const passed: ScheduleId[] = [];
  for (let gates = 1; ; gates += 1) {
    const gate = userScheduleGate(objects, userId as UserId, 0, passed);
    if (gate.type === 'open') return { type: 'ring', userId, gates, passed };
    if (gate.type === 'loop') return { type: 'loop', userId, gates, passed };
    if (gate.destination.type !== 'user') return { type: 'elsewhere', userId, gates, passed };
    passed.push(gate.scheduleId);
    userId = Number(gate.destination.userId);
  }
}

describe('following closed schedules', () => {
  it('MUST end within MAX_SCHEDULE_REDIRECTS + 1 gates, ringing only a user whose schedule lets the call through', () => {
    fc.assert(fc.property(configuration, ({ schedules, attached, start }) => {
      const objects = objectsOf(schedules, attached);
      const end = follow(objects, start);
      assert.ok(end.gates <= MAX_SCHEDULE_REDIRECTS + 1, `ended after ${end.gates} gates`);
      if (end.type === 'ring') {
        const scheduleId = attached[end.userId - 1] ?? null;
        const own = scheduleId === null ? undefined : objects.schedules.get(scheduleId as ScheduleId);
        assert.ok(own === undefined || !own.enabled || own.openPeriods.length > 0, `user ${end.userId} rang through a closed schedule`);
      }
    }));
  });

  it('MUST refuse as a loop only a closed schedule already passed, or one past the bound', () => {
    fc.assert(fc.property(configuration, ({ schedules, attached, start }) => {
      const end = follow(objectsOf(schedules, attached), start);
      if (end.type !== 'loop') return;
      const scheduleId = attached[end.userId - 1] as ScheduleId;
      assert.ok(end.passed.includes(scheduleId) || end.passed.length >= MAX_SCHEDULE_REDIRECTS);
    }));
  });
});
