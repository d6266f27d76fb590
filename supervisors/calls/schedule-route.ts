/**
 * Schedules applied to live calls (seed CF-20, CF-07, CF-08, CF-19): the routing port asks here,
 * when a call reaches an incall, an outcall or a user, whether that object's schedule lets it
 * through or sends it to a closed destination, which the port then routes as a new request.
 *
 * @remarks
 * The decision is the routing module's pure `scheduleGate`; this file finds the schedule of the
 * object reached and turns a closed destination into the request the port routes next: a user
 * directly (the user's own schedule, services and forwards apply), an extension dialed in its
 * context, an IVR of the tenant of the object whose schedule closed, a `custom` command read as an
 * incall's is (D-075), or a refusal (`hangup`, `none`, and the kinds calls cannot reach yet, 480).
 * A user's exception period is announced first ("call is being transferred", seed CF-20): the
 * call answers the caller, plays the prompt and routes the destination afterwards (docs/decisions.md).
 * Every closed schedule followed is logged.
 */
import { routing, type call, type Logger } from '../../actors/index.ts';
import { queueTargetOf } from './destination-fallback.ts';

/** What the call asks routing (the call's `route.resolve`). */
export type RouteRequest = call.RouteRequest;

/** The schedule side of one routing: its instant, and the closed schedules already followed. */
export interface ScheduleRouting {
  readonly nowMs: number;
  readonly passed: readonly routing.ScheduleId[];
}

/** What a schedule does to the call at one attach point. */
export type ScheduleCheck =
  | { readonly type: 'open' }
  | { readonly type: 'redirect'; readonly request: RouteRequest; readonly schedules: ScheduleRouting }
  /** A user's exception period: the caller hears {@link SCHEDULE_TRANSFER_SOUND}, then `request` is routed. */
  | { readonly type: 'announce'; readonly request: RouteRequest; readonly schedules: ScheduleRouting; readonly tenantUuid: string }
  | { readonly type: 'refuse'; readonly status: number; readonly reason: string };

/** The loaded configuration a check reads. */
export interface ScheduleObjects {
  readonly table: routing.RoutingTable;
  readonly objects: routing.RoutingObjects;
  /** Each extension's tenant, by extension id. */
  readonly extensionTenants: ReadonlyMap<number, string>;
  /** Each user's tenant, by user uuid. */
  readonly tenants: ReadonlyMap<string, string>;
}

type Log = Pick<Logger, 'warn'>;

/** The check of the incall the request's number reaches, open when it reaches none. */
export function incallSchedule(loaded: ScheduleObjects, request: RouteRequest, at: ScheduleRouting, logger: Log): ScheduleCheck {
  const resolution = routing.resolveIncall(loaded.table, loaded.objects.incalls, { context: request.context, did: request.dialed });
  if (resolution.type !== 'incall') return { type: 'open' };
  const gate = routing.scheduleGate(loaded.objects, resolution.incall.scheduleId, at.nowMs, at.passed);
  return checked(gate, request, at, { label: `incall ${resolution.incall.id}`, tenantUuid: loaded.extensionTenants.get(Number(resolution.extensionId)), announces: false }, logger);
}

/** The check of the outcall the request's number reaches (one in service only), open when it reaches none. */
export function outcallSchedule(loaded: ScheduleObjects, request: RouteRequest, at: ScheduleRouting, logger: Log): ScheduleCheck {
  const resolution = routing.resolveOutcall(loaded.table, loaded.objects.outcalls, { context: request.context, dialed: request.dialed });
  if (resolution.type !== 'outcall') return { type: 'open' };
  const gate = routing.scheduleGate(loaded.objects, resolution.outcall.scheduleId, at.nowMs, at.passed);
  return checked(gate, request, at, { label: `outcall ${resolution.outcall.name}`, tenantUuid: loaded.extensionTenants.get(Number(resolution.extensionId)), announces: false }, logger);
}

/** The check of the schedule of user `userId`, whom the call is about to ring. */
export function userSchedule(loaded: ScheduleObjects, userId: routing.UserId, request: RouteRequest, at: ScheduleRouting, logger: Log): ScheduleCheck {
  const gate = routing.userScheduleGate(loaded.objects, userId, at.nowMs, at.passed);
  const user = loaded.table.users.get(userId);
  return checked(gate, request, at, { label: `user ${userId}`, tenantUuid: user === undefined ? undefined : loaded.tenants.get(user.uuid), announces: request.reason !== 'transfer' }, logger);
}

interface AttachPoint {
  readonly label: string;
  /** The tenant of the object whose schedule it is (an IVR destination is read in it). */
  readonly tenantUuid: string | undefined;
  /**
   * Whether an exception period's redirect is announced to the caller (a user's, seed CF-20; not
   * in a transfer, whose consult leg has no prompts).
   */
  readonly announces: boolean;
}

function checked(gate: routing.ScheduleGate, request: RouteRequest, at: ScheduleRouting, point: AttachPoint, logger: Log): ScheduleCheck {
  switch (gate.type) {
    case 'open':
      if (gate.problem !== undefined) logger.warn({ callId: request.callId, scheduleId: gate.problem.scheduleId, timezone: gate.problem.timezone }, 'schedule with an unknown time zone: left open');
      return { type: 'open' };
    case 'loop':
      return { type: 'refuse', status: gate.status, reason: `${point.label}: schedule ${gate.scheduleId} closed again (schedules followed: ${[...gate.passed].join(', ') || 'none'})` };
    case 'closed': {
      logger.warn({ callId: request.callId, scheduleId: gate.scheduleId, reason: gate.reason, destination: gate.destination.type }, `${point.label}: schedule closed, call redirected`);
      const label = `${point.label}: schedule ${gate.scheduleId} closed`;
      const next = closedRequest(gate.destination, request, point.tenantUuid, label);
      if (next.type === 'refuse') return next;
      const schedules = { nowMs: at.nowMs, passed: [...at.passed, gate.scheduleId] };
      if (point.announces && gate.reason === 'exception' && point.tenantUuid !== undefined) return { type: 'announce', request: next.request, schedules, tenantUuid: point.tenantUuid };
      return { type: 'redirect', request: next.request, schedules };
    }
  }
}

/** The request that follows a closed destination, or the refusal it means. */
export function closedRequest(destination: routing.RoutingDestination, request: RouteRequest, tenantUuid: string | undefined, label: string): { readonly type: 'request'; readonly request: RouteRequest } | Extract<ScheduleCheck, { type: 'refuse' }> {
  const base = { callId: request.callId, reason: request.reason };
  switch (destination.type) {
    case 'user': {
      const target: NonNullable<RouteRequest['target']> = { type: 'user', userId: Number(destination.userId), ...(destination.ringSeconds === undefined ? {} : { ringSeconds: destination.ringSeconds }) };
      return { type: 'request', request: { ...base, context: request.context, dialed: request.dialed, target } };
    }
    case 'extension':
      return { type: 'request', request: { ...base, context: destination.context, dialed: destination.exten } };
    case 'group':
      return { type: 'request', request: { ...base, context: request.context, dialed: request.dialed, target: { type: 'group', groupId: destination.groupId } } };
    case 'ivr':
      if (tenantUuid === undefined) return { type: 'refuse', status: 404, reason: `${label}: IVR ${destination.ivrId} has no tenant` };
      return { type: 'request', request: { ...base, context: request.context, dialed: request.dialed, target: { type: 'ivr', ivrId: destination.ivrId, tenantUuid } } };
    case 'voicemail':
      return { type: 'request', request: { ...base, context: request.context, dialed: request.dialed, target: { type: 'voicemail', voicemailId: destination.voicemailId } } };
    case 'conference':
      return { type: 'request', request: { ...base, context: request.context, dialed: request.dialed, target: { type: 'conference', conferenceId: destination.conferenceId } } };
    case 'queue':
      return { type: 'request', request: { ...base, context: request.context, dialed: request.dialed, target: queueTargetOf(destination) } };
    case 'hangup':
      return hangUp(destination.cause, `${label}: hang up (${destination.cause})`);
    case 'custom': {
      const command = routing.readCustomCommand(destination.command, { dialed: request.dialed });
      if (command.type === 'goto') return { type: 'request', request: { ...base, context: command.context ?? request.context, dialed: command.exten } };
      if (command.type === 'hangup') return hangUp(command.cause, `${label}: ${destination.command}`);
      return { type: 'refuse', status: 480, reason: `${label}: ${command.reason}` };
    }
    case 'none':
      return { type: 'refuse', status: 480, reason: `${label}, no destination` };
    default:
      return { type: 'refuse', status: 480, reason: `${label}: destination ${destination.type} is not served yet` };
  }
}

/** The refusal of a hang-up destination: 486 for busy, 503 for congestion, else 480 (as an incall's). */
function hangUp(cause: 'normal' | 'busy' | 'congestion', reason: string): Extract<ScheduleCheck, { type: 'refuse' }> {
  return { type: 'refuse', status: cause === 'busy' ? 486 : cause === 'congestion' ? 503 : 480, reason };
}

/** The prompt a caller hears before a user's exception period redirects the call (a sound of the tenant, then the shared ones). */
export const SCHEDULE_TRANSFER_SOUND = 'pbx-transfer';

/**
 * The announcement of a user's exception redirect: the caller is answered, hears
 * {@link SCHEDULE_TRANSFER_SOUND}, then the call routes `request` (the closed destination).
 *
 * @remarks Hosted by the call as an IVR menu whose only step is its greeting (`thenDestination`);
 * no configured IVR has id 0.
 */
export function transferAnnouncement(check: Extract<ScheduleCheck, { type: 'announce' }>): call.RouteOutcome {
  const { request } = check;
  const target = request.target;
  const then: call.IvrDestination = target === undefined ? { type: 'extension', exten: request.dialed, context: request.context }
    : target.type === 'ivr' ? { type: 'ivr', ivrId: target.ivrId }
      : target.type === 'group' ? { type: 'group', groupId: target.groupId }
      : target.type === 'voicemail' ? { type: 'voicemail', voicemailId: target.voicemailId }
      : target.type === 'conference' ? { type: 'conference', conferenceId: target.conferenceId }
      : target.type === 'queue' ? target
      : { type: 'user', userId: target.userId, ...(target.ringSeconds === undefined ? {} : { ringSeconds: target.ringSeconds }) };
  const menu = { greetingSound: SCHEDULE_TRANSFER_SOUND, menuSound: SCHEDULE_TRANSFER_SOUND, timeoutSeconds: 0, maxTries: 1, choices: [], thenDestination: then };
  return { type: 'ivr', ivrId: 0, tenantUuid: check.tenantUuid, menu };
}
