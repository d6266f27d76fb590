/**
 * The schedule gate of live calls (seed CF-20, CF-07, CF-08): when a call reaches an object that
 * has a schedule (an incall, an outcall, a user), whether it goes on to that object or is sent to
 * the schedule's closed destination.
 *
 * @remarks
 * Each object's schedule applies when the call reaches that object, as the reference platform
 * does; a call that is sent to a closed destination may reach another scheduled object, whose
 * schedule applies in turn. The instant is the one the call is routed at, so every gate of one
 * routing reads the same time. A closed schedule met again in the same routing would send the call
 * round for ever: the gate refuses it (482 Loop Detected,
 * https://www.rfc-editor.org/rfc/rfc3261#section-21.4.20), as it does past
 * {@link MAX_SCHEDULE_REDIRECTS} closed schedules. A schedule the objects no longer hold (deleted
 * since) and a disabled one let the call through; so does one whose time zone is unknown (the
 * configuration API refuses such zones), reported for the caller to log.
 */
import type { UserId } from './dialplan.ts';
import type { RoutingDestination, RoutingObjects, ScheduleId } from './routing-objects.ts';
import { scheduleState } from './schedule.ts';

/** The most closed schedules one routing may follow before it is refused as a loop. */
export const MAX_SCHEDULE_REDIRECTS = 8;

/** The outcome of {@link scheduleGate}. */
export type ScheduleGate =
  | { readonly type: 'open'; readonly problem?: { readonly type: 'invalid-timezone'; readonly scheduleId: ScheduleId; readonly timezone: string } }
  | { readonly type: 'closed'; readonly scheduleId: ScheduleId; readonly reason: 'exception' | 'closed'; readonly destination: RoutingDestination }
  | { readonly type: 'loop'; readonly scheduleId: ScheduleId; readonly passed: readonly ScheduleId[]; readonly status: 482 };

/**
 * Whether a call goes through the schedule `scheduleId` at `nowMs` (milliseconds since the epoch),
 * given the closed schedules `passed` earlier in the same routing.
 */
export function scheduleGate(objects: RoutingObjects, scheduleId: ScheduleId | null, nowMs: number, passed: readonly ScheduleId[] = []): ScheduleGate {
  if (scheduleId === null) return { type: 'open' };
  const schedule = objects.schedules.get(scheduleId);
  if (schedule === undefined) return { type: 'open' };
  const state = scheduleState(schedule, nowMs);
  switch (state.type) {
    case 'open':
      return { type: 'open' };
    case 'invalid-timezone':
      return { type: 'open', problem: { type: 'invalid-timezone', scheduleId, timezone: state.timezone } };
    case 'closed':
      if (passed.includes(scheduleId) || passed.length >= MAX_SCHEDULE_REDIRECTS) return { type: 'loop', scheduleId, passed, status: 482 };
      return { type: 'closed', scheduleId, reason: state.reason, destination: state.destination };
  }
}

/** The gate of the schedule of user `userId` (open when the user has none). */
export function userScheduleGate(objects: RoutingObjects, userId: UserId, nowMs: number, passed: readonly ScheduleId[] = []): ScheduleGate {
  return scheduleGate(objects, objects.users.get(userId)?.scheduleId ?? null, nowMs, passed);
}
