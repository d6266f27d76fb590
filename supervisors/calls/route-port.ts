/**
 * The routing port of calls: the store's dialplan as a routing table, the registrar's bindings as
 * the contacts to ring, and the callee's live call count as its busy state.
 *
 * @remarks
 * The table is built from the store and rebuilt when the store's configuration version has moved
 * on (one cheap read per use instead of the whole dialplan per call); a reload that fails (the
 * store is down) keeps the table in service, so calls go on routing with the last good
 * configuration, as Asterisk keeps its dialplan when a `dialplan reload` fails. The port answers
 * every request with a value: a store or location failure is a 503 refusal, logged.
 */
import { channel, routing, type call, type Logger } from '../../actors/index.ts';
import { readConfigurationVersion, type Queryable } from '../../store/index.ts';
import type { Registrar } from '../../transport/index.ts';
import { incallTarget } from './incall-route.ts';
import { featureCodeCall, type PublishConfigChange } from './feature-route.ts';
import type { AgentFeaturePort } from './agent-feature-route.ts';
import { loadDialplanSnapshot, type CallerLine, type LoadedDialplan } from './loaded-dialplan.ts';
import { voicemailOutcome } from './voicemail-route.ts';
import { conferenceOutcome } from './conference-route.ts';
import { groupOutcome, groupRouteInput } from './group-route.ts';
import { queueOutcome } from './queue-route.ts';
import type { QueueTarget } from './destination-fallback.ts';
import { dialUser } from './user-dial-route.ts';
import { ivrOutcome } from './ivr-route.ts';
import { contactsOf } from './line-contacts.ts';
import { outcallRoute, type TrunkDialTargets } from './outcall-route.ts';
import { guardUserCall, permissionGuard } from './permission-route.ts';
import { incallSchedule, outcallSchedule, transferAnnouncement, userSchedule, type ScheduleCheck, type ScheduleRouting } from './schedule-route.ts';
import { trunkCallerOf, type TrunkCaller } from './trunk-caller.ts';
import type { ReverseLookup } from '../config/index.ts';

export type { CallerLine } from './loaded-dialplan.ts';

/** What {@link createRoutePort} needs. */
export interface RoutePortOptions {
  readonly database: Queryable;
  readonly registrar: Pick<Registrar, 'lookup'>;
  /**
   * The hosts phones register with (the domain part of their AORs), such as the PBX's domain
   * name and address.
   *
   * @remarks A line's contacts are the bindings of `sip:<username>@<host>` for each host: the
   * location service is keyed by the AOR (RFC 3261 §10.3), and a lookup by exact key is both the
   * cheapest and the only one that cannot mix two tenants' `1001`.
   */
  readonly registrationDomains: readonly string[];
  /** Calls the user has now (ringing or connected), without the one being routed. */
  readonly activeCalls: (userId: number) => number;
  /** Who places the call `callId` (the call's request carries only its id). */
  readonly callerOf: (callId: string) => routing.Caller;
  readonly logger: Pick<Logger, 'warn' | 'error'>;
  /**
   * How long a read of the configuration version stands before it is read again (default 250 ms):
   * a change reaches routing within that time, and a busy node reads the version a few times a
   * second instead of twice per call. 0 reads it on every use.
   */
  readonly versionFreshMs?: number;
  /** Where each trunk sends its INVITEs (the trunk service starts after calls: asked at each route). */
  readonly trunks?: () => TrunkDialTargets | undefined;
  /** Where the changes feature codes make are published, as confd publishes them. */
  readonly publishConfigChange?: PublishConfigChange;
  /** The node's clock (milliseconds since the epoch) that schedules are read at (default `Date.now`). */
  readonly now?: () => number;
  /** Names incoming callers without a name (trunk-caller.ts); the tenant's users when absent. */
  readonly reverseLookup?: ReverseLookup;
  /** The node's contact center, for the agent feature codes (`*31`, `*32`, `*30`); without it they answer 480. */
  readonly agents?: AgentFeaturePort;
}

/** How long a trunk may ring an outside number before the call gives up on it (the seed's outcalls have no ring time). */
export const OUTCALL_RING_SECONDS = 300;

/** Default of {@link RoutePortOptions.versionFreshMs}. */
export const VERSION_FRESH_MS = 250;

/** The outcome of {@link RoutePort.reload}. */
export type ReloadResult =
  | { readonly type: 'ok'; readonly problems: readonly routing.DialplanProblem[] }
  | { readonly type: 'error'; readonly reason: string };


/** The routing port and the reload of its table. */
export interface RoutePort {
  readonly route: call.CallPorts['route'];
  /** The caller of a SIP username (undefined for a username no user's line has), from the current configuration. */
  callerLine(username: string): Promise<CallerLine | undefined>;
  /**
   * A user's tenant from the loaded dialplan, at once (events are stamped with it as they are
   * published). A user is in the dialplan before any of its calls routes, so its calls find it.
   */
  tenantOfUser(userUuid: string): string | undefined;
  /**
   * The line of a user to ring first when a call is originated for them (their first line, or
   * `lineId`), with its registered contacts; undefined when the user has no such line.
   */
  sourceLine(userUuid: string, lineId?: number): Promise<{ readonly line: CallerLine; readonly contacts: readonly call.DialTarget[] } | undefined>;
  /** Builds a new table from the store; on failure the previous table stays in service. */
  reload(): Promise<ReloadResult>;
  /**
   * The configuration was just changed (a confd change event): the next use reads the version
   * again at once instead of within {@link VERSION_FRESH_MS}, so the next call sees the change.
   */
  configurationChanged(): void;
  /**
   * The caller of a call from a trunk of `tenantUuid` to `did` in `context`, as the PBX shows it
   * (normalisation rules, the incall's caller-ID mode), or refused (blacklisted: 403).
   */
  trunkCaller(tenantUuid: string, context: string, did: string, received: routing.CallerId, trunkCallerId?: string | null): Promise<TrunkCaller>;
  /** The id of the outcall `dialed` reaches from `context`, if any (its hooks run before the dial). */
  outcallOf(context: string, dialed: string): Promise<number | undefined>;
}

type RouteRequest = Parameters<call.CallPorts['route']>[0];

/** Creates the routing port; the table is loaded by the first `reload()` or the first route. */
export function createRoutePort(options: RoutePortOptions): RoutePort {
  let loaded: LoadedDialplan | undefined;
  let loading: Promise<ReloadResult> | undefined;
  let queued: Promise<ReloadResult> | undefined;

  const loadNow = async (): Promise<ReloadResult> => {
    const result = await loadDialplanSnapshot(options);
    if (result.type === 'error') return result;
    loaded = result.loaded;
    return { type: 'ok', problems: result.problems };
  };

  /** One load at a time; a reload asked during a load runs after it, so it sees later changes. */
  const reload = (): Promise<ReloadResult> => {
    if (loading === undefined) {
      loading = loadNow().finally(() => {
        loading = undefined;
      });
      return loading;
    }
    queued ??= loading.then(() => {
      queued = undefined;
      return reload();
    });
    return queued;
  };

  const freshMs = options.versionFreshMs ?? VERSION_FRESH_MS;
  let versionRead: { readonly atMs: number; readonly version: Promise<bigint | undefined> } | undefined;
  /** The configuration version, read at most once per `freshMs` (concurrent uses share one read). */
  const latestVersion = (): Promise<bigint | undefined> => {
    const now = Date.now();
    if (versionRead === undefined || now - versionRead.atMs >= freshMs) {
      versionRead = { atMs: now, version: readConfigurationVersion(options.database).catch(() => undefined) };
    }
    return versionRead.version;
  };

  /** The loaded snapshot, reloaded first when the configuration moved on; a failed version read keeps the last one. */
  const current = async (): Promise<LoadedDialplan | undefined> => {
    const version = await latestVersion();
    if (loaded === undefined) await (loading ?? reload());
    else if (version !== undefined && version !== loaded.version) await reload();
    return loaded;
  };

  return {
    reload,
    configurationChanged: () => {
      versionRead = undefined;
    },
    tenantOfUser: (userUuid) => loaded?.tenants.get(userUuid),
    async callerLine(username) {
      return (await current())?.lines.get(username);
    },
    async sourceLine(userUuid, lineId) {
      const lines = [...((await current())?.lines ?? new Map<string, CallerLine>())];
      const found = lines.find(([, line]) => line.userUuid === userUuid && (lineId === undefined || line.lineId === String(lineId)));
      if (found === undefined) return undefined;
      return { line: found[1], contacts: await contactsOf(options, [found[0]]) };
    },
    async trunkCaller(tenantUuid, context, did, received, trunkCallerId = null) {
      const loaded = await current();
      if (loaded === undefined) return { type: 'refused', status: 503, reason: 'no dialplan loaded' };
      return trunkCallerOf(loaded, options.reverseLookup, { tenantUuid, context, did, received, trunkCallerId }, (reason) => options.logger.warn({ tenantUuid, reason }, 'reverse lookup failed'));
    },
    async outcallOf(context, dialed) {
      const loaded = await current();
      const found = loaded === undefined ? undefined : routing.resolveOutcall(loaded.table, loaded.objects.outcalls, { context, dialed });
      return found?.type === 'outcall' ? Number(found.outcall.id) : undefined;
    },
    async route(request) {
      const loaded = await current();
      if (loaded === undefined) return refuse(503, 'no dialplan loaded');
      try {
        return await follow(options, loaded, request, { nowMs: (options.now ?? Date.now)(), passed: [] });
      } catch (error) {
        options.logger.error({ callId: request.callId, error: String(error) }, 'routing failed');
        return refuse(503, 'routing failed');
      }
    },
  };
}

/** Routes the request and turns the routing result into the call's outcome. */
async function follow(options: RoutePortOptions, loaded: LoadedDialplan, request: RouteRequest, schedules: ScheduleRouting): Promise<call.RouteOutcome> {
  // Each scheduled object the call reaches may send it elsewhere (schedule-route.ts): then it is routed again.
  const away = async (check: Exclude<ScheduleCheck, { type: 'open' }>): Promise<call.RouteOutcome> => {
    if (check.type === 'refuse') return refuse(check.status, check.reason);
    const next = await follow(options, loaded, check.request, check.schedules);
    // An announced redirect is routed again once the prompt has played: only a route that goes somewhere is announced.
    return check.type === 'announce' && next.type !== 'refuse' ? transferAnnouncement(check) : next;
  };
  const caller = options.callerOf(request.callId);
  const asked = request.target;
  if (asked?.type === 'ivr') return ivrOutcome(options.database, asked.ivrId, asked.tenantUuid, options.logger);
  const toGroup = (groupId: number) => groupOutcome(groupRouteInput(options, loaded), groupId, request.dialed);
  if (asked?.type === 'group') return toGroup(asked.groupId);
  if (asked?.type === 'voicemail') return voicemailOutcome(options.database, asked.voicemailId);
  const toConference = (conferenceId: number) => conferenceOutcome(options.database, conferenceId, request);
  if (asked?.type === 'conference') return toConference(asked.conferenceId);
  const toQueue = (target: QueueTarget) => queueOutcome({ database: options.database, objects: loaded.objects, nowMs: schedules.nowMs }, target, request.dialed);
  if (asked?.type === 'queue') return toQueue(asked);
  let wanted: { readonly context: string; readonly dialed: string; readonly ringSeconds: number | null } = { context: request.context, dialed: request.dialed, ringSeconds: null };
  const guard = permissionGuard(loaded, caller, request);
  if (asked === undefined) {
    const feature = await featureCodeCall(options, loaded, request, caller);
    if (feature !== undefined) return feature;
    const closed = [outcallSchedule, incallSchedule].map((check) => check(loaded, request, schedules, options.logger)).find((check) => check.type !== 'open');
    if (closed !== undefined) return away(closed);
    const outcall = await outcallRoute({
      table: loaded.table, objects: loaded.objects, trunks: options.trunks?.(), caller, guard, context: request.context, dialed: request.dialed, ringSeconds: OUTCALL_RING_SECONDS,
      registeredContacts: (username) => contactsOf(options, [username]),
    });
    if (outcall !== undefined) return outcall;
    const incall = incallTarget(loaded.table, loaded.objects, { context: request.context, did: request.dialed });
    if (incall?.type === 'refuse') return refuse(incall.status, incall.reason);
    if (incall?.type === 'group') return toGroup(incall.groupId);
    if (incall?.type === 'voicemail') return voicemailOutcome(options.database, incall.voicemailId);
    if (incall?.type === 'conference') return toConference(incall.conferenceId);
    if (incall?.type === 'queue') return toQueue(incall);
    if (incall?.type === 'ivr') {
      const tenantUuid = loaded.extensionTenants.get(incall.extensionId);
      return tenantUuid === undefined ? refuse(404, `IVR ${incall.ivrId} has no tenant`) : ivrOutcome(options.database, incall.ivrId, tenantUuid, options.logger);
    }
    if (incall !== undefined) wanted = incall;
  }
  const result = asked?.type === 'user'
    ? routing.routeToUser(loaded.table, asked.userId as routing.UserId, caller, asked.ringSeconds)
    : routing.route(loaded.table, { context: wanted.context, dialed: wanted.dialed, caller });
  const target = result.type === 'forward' ? result.target : result;
  switch (target.type) {
    case 'user': {
      // A number dialed to a user's extension meets the caller's call permissions (an IVR's direct choice does not).
      const guarded = asked === undefined ? guardUserCall(guard, wanted.dialed) : undefined;
      if (guarded !== undefined) return guarded;
      const closed = userSchedule(loaded, target.userId, request, schedules, options.logger);
      if (closed.type !== 'open') return away(closed);
      // An incall's ring time, when it has one, replaces the user's (`incall_ring_seconds`).
      return dialUser(options, loaded, wanted.ringSeconds === null ? target : { ...target, ringSeconds: wanted.ringSeconds }, wanted.dialed);
    }
    case 'ivr': {
      const tenantUuid = loaded.extensionTenants.get(Number(target.extensionId));
      if (tenantUuid === undefined) return refuse(404, `IVR ${target.ivrId} has no tenant`);
      return ivrOutcome(options.database, target.ivrId, tenantUuid, options.logger);
    }
    case 'group':
      return toGroup(target.groupId);
    case 'conference':
      // Call permissions do not apply to conference numbers (seed L5932).
      return toConference(target.conferenceId);
    case 'queue':
      return toQueue({ type: 'queue', queueId: target.queueId });
    case 'not-found':
      return refuse(404, `${target.dialed} not found in ${target.context} (${target.reason})`);
    case 'busy':
      return refuse(486, `busy (${target.reason})`);
    case 'unavailable':
      return refuse(480, target.reason);
    case 'loop':
      return refuse(target.status, `forward ${target.reason}`);
    default:
      return assertNever(target);
  }
}

/** A refusal with the SIP status and its Q.850 cause (RFC 3398 §8.2.6.1). */
function refuse(status: number, text: string): call.RouteOutcome {
  return { type: 'refuse', cause: channel.causeFromSip(status, text) };
}

function assertNever(value: never): never {
  throw new Error(`unexpected routing result ${JSON.stringify(value)}`);
}
