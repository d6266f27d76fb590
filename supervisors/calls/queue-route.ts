/**
 * Calls that reach a queue (seed CC-02..CC-06): a queue extension, an incall, IVR, schedule or
 * fallback destination becomes the call's `queue` outcome, with the queue read from the store:
 * its music, its caller-ID mode, its fallbacks and diversion destinations, and the skill rule set
 * the destination gives the call (seed CC-07).
 *
 * @remarks
 * Read at routing time, so a change made through confd applies to the next call. A queue that is
 * gone (deleted since the extension or destination was read) refuses the call with 404. A queue
 * whose schedule is closed sends the call to the schedule's destination without entering, as a
 * group does (`groupScheduleClosure`); a disabled queue takes no call and sends it to its `fail`
 * destination (docs/decisions.md). Both are answered as a plan with no step, which the call
 * follows at once as a fallback (bounded by the call's forwards), or ends with NOANSWER (480) when
 * there is no destination. The members, their state and the distribution are the queue actor's:
 * nothing here reads them.
 */
import { routing, type call } from '../../actors/index.ts';
import { findQueueForRouting, type QueueRow, type Queryable } from '../../store/index.ts';
import { destinationFallback, type QueueTarget } from './destination-fallback.ts';

/** What the queue routing needs. */
export interface QueueRouteInput {
  readonly database: Queryable;
  /** The loaded routing objects (the queue's schedule is one of them). */
  readonly objects: routing.RoutingObjects;
  /** Now, for the queue's schedule. */
  readonly nowMs: number;
}

/** The music a queue plays to its waiting callers when it names none (Asterisk's `default` class). */
export const DEFAULT_QUEUE_MUSIC: call.QueueRoute['musicOnHold'] = { mohClass: 'default', order: 'sequential' };

/** The routing answer for a call reaching `target` (dialed as `dialed`). */
export async function queueOutcome(input: QueueRouteInput, target: QueueTarget, dialed: string): Promise<call.RouteOutcome> {
  const row = await findQueueForRouting(input.database, target.queueId);
  if (row === undefined) return { type: 'refuse', cause: { q850: 1, sipStatus: 404, text: `queue ${target.queueId} does not exist` } };
  const closed = queueScheduleClosure(input.objects, row.scheduleId, input.nowMs);
  if (closed !== undefined) return passOn(row, destinationFallback(closed, row.tenantUuid, dialed));
  if (!row.enabled) return passOn(row, fallbackOf(row.failDestination, row, dialed));
  return { type: 'queue', queue: queueRouteOf(row, target, dialed) };
}

/** The closed destination of the queue's schedule now, or undefined when it is open (or has none). */
export function queueScheduleClosure(objects: routing.RoutingObjects, scheduleId: number | null, nowMs: number): routing.RoutingDestination | undefined {
  const schedule = scheduleId === null ? undefined : objects.schedules.get(scheduleId as routing.ScheduleId);
  if (schedule === undefined) return undefined;
  const state = routing.scheduleState(schedule, nowMs);
  return state.type === 'closed' ? state.destination : undefined;
}

/** The queue as the call carries it. */
export function queueRouteOf(row: QueueRow, target: QueueTarget, dialed: string): call.QueueRoute {
  const callerIdName = row.callerIdMode !== null && row.callerIdName !== null && row.callerIdName !== '' ? { mode: row.callerIdMode, name: row.callerIdName } : undefined;
  const cases: readonly [call.QueueFallbackCase, QueueRow['noanswerDestination']][] = [
    ['noanswer', row.noanswerDestination], ['busy', row.busyDestination], ['congestion', row.congestionDestination], ['fail', row.failDestination],
  ];
  const fallbacks = Object.fromEntries(cases.flatMap(([fallbackCase, stored]) => {
    const fallback = fallbackOf(stored, row, dialed);
    return fallback === undefined ? [] : [[fallbackCase, fallback] as const];
  }));
  const waitTime = fallbackOf(row.waitTimeDestination, row, dialed);
  const waitRatio = fallbackOf(row.waitRatioDestination, row, dialed);
  return {
    queueId: row.id, tenantUuid: row.tenantUuid, name: row.name, label: row.label,
    musicOnHold: row.musicOnHold === null ? DEFAULT_QUEUE_MUSIC : { mohClass: row.musicOnHold, order: 'sequential' },
    ...(callerIdName === undefined ? {} : { callerIdName }),
    fallbacks,
    diversions: { ...(waitTime === undefined ? {} : { waitTime }), ...(waitRatio === undefined ? {} : { waitRatio }) },
    ...(target.skillRuleSetId === undefined ? {} : { skillRuleSetId: target.skillRuleSetId }),
    ...(target.skillRuleVariables === undefined ? {} : { skillRuleVariables: target.skillRuleVariables }),
  };
}

/** A stored destination of the queue as the call follows it (an IVR is read in the queue's tenant). */
function fallbackOf(stored: QueueRow['noanswerDestination'], row: QueueRow, dialed: string): call.HuntFallback | undefined {
  return stored === null ? undefined : destinationFallback(routing.destinationFromForm(stored), row.tenantUuid, dialed);
}

/**
 * A queue that takes no call now passes it on: a plan with no step, which the call leaves at once
 * for `fallback` (a forward of the call), or with NOANSWER without one.
 */
function passOn(row: QueueRow, fallback: call.HuntFallback | undefined): call.RouteOutcome {
  const plan: call.HuntPlan = { groupId: 0, groupUuid: '', groupName: row.name, steps: [], stepSeconds: 0, retryDelaySeconds: 0, timeoutSeconds: null };
  return { type: 'hunt', plan: fallback === undefined ? plan : { ...plan, fallback } };
}
