/**
 * Schedules (seed CF-20): open and closed in the schedule's time zone, across daylight-saving
 * changes, exceptions before opening hours, and the closed destination.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Schedule, ScheduleId } from './routing-objects.ts';
import { isKnownTimezone, localTime, parseClock, scheduleState } from './schedule.ts';

const CLOSED = { type: 'sound', filename: 'closed' } as const;
const CHRISTMAS = { type: 'sound', filename: 'christmas' } as const;
const MORNINGS: Schedule = {
  id: 1 as ScheduleId, name: 'mornings', enabled: true, timezone: 'Europe/Paris',
  openPeriods: [{ hoursStart: '08:00', hoursEnd: '12:00', weekDays: [], monthDays: [], months: [] }],
  exceptionalPeriods: [{ hoursStart: null, hoursEnd: null, weekDays: [], monthDays: [25], months: [12], destination: CHRISTMAS }],
  closedDestination: CLOSED,
};
const at = (iso: string) => Date.parse(iso);
const state = (schedule: Schedule, iso: string) => {
  const result = scheduleState(schedule, at(iso));
  return result.type === 'closed' ? `closed:${result.reason}` : result.type;
};

describe('scheduleState', () => {
  it('MUST read opening hours in the schedule\'s zone on both sides of the spring change (Paris, 29 March 2026)', () => {
    assert.equal(state(MORNINGS, '2026-03-28T07:30:00Z'), 'open'); // 08:30 CET
    assert.equal(state(MORNINGS, '2026-03-28T06:30:00Z'), 'closed:closed'); // 07:30 CET
    assert.equal(state(MORNINGS, '2026-03-29T06:30:00Z'), 'open'); // 08:30 CEST, 07:30 at the winter offset
    assert.equal(state(MORNINGS, '2026-03-29T10:30:00Z'), 'closed:closed'); // 12:30 CEST
  });

  it('MUST do the same around the autumn change (25 October 2026)', () => {
    assert.equal(state(MORNINGS, '2026-10-24T10:30:00Z'), 'closed:closed'); // 12:30 CEST
    assert.equal(state(MORNINGS, '2026-10-25T10:30:00Z'), 'open'); // 11:30 CET
  });

  it('MUST include both ends of the hours at minute precision', () => {
    assert.equal(state(MORNINGS, '2026-06-01T06:00:00Z'), 'open'); // 08:00
    assert.equal(state(MORNINGS, '2026-06-01T10:00:59Z'), 'open'); // 12:00:59
    assert.equal(state(MORNINGS, '2026-06-01T10:01:00Z'), 'closed:closed'); // 12:01
  });

  it('MUST close on an exception, with its own destination, even during opening hours', () => {
    const result = scheduleState(MORNINGS, at('2026-12-25T08:00:00Z'));
    assert.deepEqual(result, { type: 'closed', reason: 'exception', destination: CHRISTMAS });
  });

  it('MUST send calls to the closed destination out of hours, and read week days as ISO numbers', () => {
    const weekdays: Schedule = { ...MORNINGS, openPeriods: [{ hoursStart: '08:00', hoursEnd: '18:00', weekDays: [1, 2, 3, 4, 5], monthDays: [], months: [] }] };
    assert.equal(localTime(at('2026-03-29T09:00:00Z'), 'Europe/Paris')?.weekDay, 7);
    assert.deepEqual(scheduleState(weekdays, at('2026-03-29T09:00:00Z')), { type: 'closed', reason: 'closed', destination: CLOSED });
    assert.equal(state(weekdays, '2026-03-30T09:00:00Z'), 'open');
  });

  it('MUST keep a disabled schedule open and report an unknown zone', () => {
    assert.equal(state({ ...MORNINGS, enabled: false }, '2026-03-28T23:00:00Z'), 'open');
    assert.deepEqual(scheduleState({ ...MORNINGS, timezone: 'Mars/Olympus' }, 0), { type: 'invalid-timezone', timezone: 'Mars/Olympus' });
    assert.deepEqual([isKnownTimezone('America/New_York'), isKnownTimezone('Mars/Olympus'), isKnownTimezone('')], [true, false, false]);
  });

  it('MUST read HH:MM clocks and refuse others', () => {
    assert.deepEqual([parseClock('08:30'), parseClock('23:59'), parseClock('24:00'), parseClock('8:30')], [510, 1439, undefined, undefined]);
  });
});
