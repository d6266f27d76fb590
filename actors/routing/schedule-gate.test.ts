/**
 * The schedule gate of live calls (seed CF-20): each attach point (incall, outcall, user), the
 * schedule's time zone, exceptions before opening hours, and loops of closed destinations.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IncallId, OutcallId, UserId } from './dialplan.ts';
import type { RoutingObjects, Schedule, ScheduleId } from './routing-objects.ts';
import { MAX_SCHEDULE_REDIRECTS, scheduleGate, userScheduleGate } from './schedule-gate.ts';

const scheduleId = (value: number) => value as ScheduleId;
const OPERATOR = { type: 'user', userId: 9 as UserId } as const;
const HOLIDAY = { type: 'hangup', cause: 'normal' } as const;

/** Open 09:00–17:00 Monday to Friday in New York, closed on 4 July. */
const OFFICE: Schedule = {
  id: scheduleId(1), name: 'office', enabled: true, timezone: 'America/New_York',
  openPeriods: [{ hoursStart: '09:00', hoursEnd: '17:00', weekDays: [1, 2, 3, 4, 5], monthDays: [], months: [] }],
  exceptionalPeriods: [{ hoursStart: null, hoursEnd: null, weekDays: [], monthDays: [4], months: [7], destination: HOLIDAY }],
  closedDestination: OPERATOR,
};

function objects(schedules: readonly Schedule[], attach: { incall?: number; outcall?: number; user?: number } = {}): RoutingObjects {
  return {
    incalls: new Map([[1 as IncallId, { id: 1 as IncallId, destination: { type: 'none' }, callerIdMode: null, callerIdName: null, ringSeconds: null, scheduleId: attach.incall === undefined ? null : scheduleId(attach.incall) }]]),
    outcalls: new Map([[1 as OutcallId, { id: 1 as OutcallId, name: 'out', enabled: true, internalCallerId: false, trunkIds: [], patterns: [], callPermissionIds: [], scheduleId: attach.outcall === undefined ? null : scheduleId(attach.outcall) }]]),
    callPermissions: new Map(),
    schedules: new Map(schedules.map((schedule) => [schedule.id, schedule])),
    users: new Map([[5 as UserId, { outgoingCallerId: 'default', callPermissionPassword: null, callPermissionIds: [], scheduleId: attach.user === undefined ? null : scheduleId(attach.user) }]]),
    callerIdRules: new Map(),
    blacklists: new Map(),
  };
}

const at = (iso: string) => Date.parse(iso);

describe('scheduleGate', () => {
  const loaded = objects([OFFICE], { incall: 1, outcall: 1, user: 1 });

  it('MUST let the call through during opening hours read in the schedule\'s zone (10:00 in New York is 14:00 UTC)', () => {
    assert.deepEqual(scheduleGate(loaded, scheduleId(1), at('2026-06-02T14:00:00Z')), { type: 'open' });
  });

  it('MUST send the call to the closed destination out of hours (08:00 in New York while it is 12:00 UTC)', () => {
    assert.deepEqual(scheduleGate(loaded, scheduleId(1), at('2026-06-02T12:00:00Z')), { type: 'closed', scheduleId: scheduleId(1), reason: 'closed', destination: OPERATOR });
  });

  it('MUST prefer the exception over opening hours on a weekday (3 July 2025 is a Thursday, 4 July 2025 a Friday)', () => {
    assert.equal(scheduleGate(loaded, scheduleId(1), at('2025-07-03T14:00:00Z')).type, 'open');
    assert.deepEqual(scheduleGate(loaded, scheduleId(1), at('2025-07-04T14:00:00Z')), { type: 'closed', scheduleId: scheduleId(1), reason: 'exception', destination: HOLIDAY });
  });

  it('MUST read the local date, not the UTC one (Friday 23:30 in New York is Saturday 03:30 UTC)', () => {
    const lateFriday: Schedule = { ...OFFICE, openPeriods: [{ hoursStart: '18:00', hoursEnd: '23:59', weekDays: [5], monthDays: [], months: [] }] };
    assert.equal(scheduleGate(objects([lateFriday]), scheduleId(1), at('2026-06-06T03:30:00Z')).type, 'open');
  });

  it('MUST let the call through when there is no schedule, the schedule is gone or disabled', () => {
    const disabled = objects([{ ...OFFICE, enabled: false }]);
    const outOfHours = at('2026-06-02T12:00:00Z');
    assert.deepEqual([scheduleGate(loaded, null, outOfHours), scheduleGate(loaded, scheduleId(2), outOfHours), scheduleGate(disabled, scheduleId(1), outOfHours)], [{ type: 'open' }, { type: 'open' }, { type: 'open' }]);
  });

  it('MUST let the call through a schedule of an unknown zone and report it', () => {
    const gate = scheduleGate(objects([{ ...OFFICE, timezone: 'Mars/Olympus' }]), scheduleId(1), 0);
    assert.deepEqual(gate, { type: 'open', problem: { type: 'invalid-timezone', scheduleId: scheduleId(1), timezone: 'Mars/Olympus' } });
  });

  it('MUST refuse as a loop a closed schedule already followed in the same routing', () => {
    const gate = scheduleGate(loaded, scheduleId(1), at('2026-06-02T12:00:00Z'), [scheduleId(1)]);
    assert.deepEqual(gate, { type: 'loop', scheduleId: scheduleId(1), passed: [scheduleId(1)], status: 482 });
  });

  it('MUST refuse past the bound of closed schedules followed', () => {
    const passed = Array.from({ length: MAX_SCHEDULE_REDIRECTS }, (_, index) => scheduleId(100 + index));
    assert.equal(scheduleGate(loaded, scheduleId(1), at('2026-06-02T12:00:00Z'), passed).type, 'loop');
  });

  it('MUST not count an open schedule already passed as a loop', () => {
    assert.equal(scheduleGate(loaded, scheduleId(1), at('2026-06-02T14:00:00Z'), [scheduleId(1)]).type, 'open');
  });
});

describe('userScheduleGate', () => {
  it('MUST apply the schedule attached to the user', () => {
    const gate = userScheduleGate(objects([OFFICE], { user: 1 }), 5 as UserId, at('2026-06-02T12:00:00Z'));
    assert.equal(gate.type === 'closed' ? gate.destination : undefined, OPERATOR);
  });

  it('MUST let calls through to a user without a schedule, or unknown to the objects', () => {
    const loaded = objects([OFFICE]);
    assert.deepEqual([userScheduleGate(loaded, 5 as UserId, 0), userScheduleGate(loaded, 77 as UserId, 0)], [{ type: 'open' }, { type: 'open' }]);
  });
});
