/**
 * Routes a dialed string from a context to its final target, following user forwards.
 *
 * @remarks
 * The static half of an internal call: which extension the number reaches (best match, then
 * includes), whether that user can be called at all (disabled, do not disturb) and where their
 * unconditional forward leads. The live half (too many calls, no answer) is decided by the call
 * actor through `decideOnBusy` and `decideOnNoAnswer`, which may start a new route from a forward
 * with the hops so far in `previousHops`, so loop protection spans the whole call.
 */
import type { BusyDecision, ForwardDecision, ForwardKind } from './callee-decisions.ts';
import { busyOutcome, forwardDecision } from './callee-decisions.ts';
import type { DialplanUser, ExtensionId, UserId } from './dialplan.ts';
import type { RoutingTable } from './routing-table.ts';
import { findExtension } from './routing-table.ts';

/**
 * The most forwards one call may follow.
 *
 * @remarks
 * The platform this engine is compatible with counts forwards in the call's redirecting
 * information and stops past 10 (`XIVO_MAX_FWD_COUNT`); the same bound is kept. On top of it a
 * chain that comes back to a user already in it is a cycle and stops at once, before ringing anyone
 * twice.
 */
export const MAX_FORWARD_HOPS = 10;

/** Who places the call: a user of this system, or a party reached through a trunk. */
export type Caller = { readonly type: 'user'; readonly userId: UserId } | { readonly type: 'external'; readonly number: string | null };

/** One forward followed: from which user, of which kind, to which number in which context. */
export interface ForwardHop {
  readonly kind: ForwardKind;
  readonly fromUserId: UserId;
  readonly destination: string;
  readonly context: string;
}

/** What to route. `previousHops` carries the forwards the call already followed, if any. */
export interface RouteRequest {
  readonly context: string;
  readonly dialed: string;
  readonly caller: Caller;
  readonly previousHops?: readonly ForwardHop[];
}

/**
 * Ring this user.
 *
 * @remarks
 * `origin` is `intern` when the caller is a user and `extern` when the call came through a trunk
 * (the platform's `XIVO_CALLORIGIN`, which selects the ringtone).
 */
export interface UserRoute {
  readonly type: 'user';
  readonly userId: UserId;
  readonly userUuid: string;
  readonly ringSeconds: number;
  readonly simultaneousCalls: number;
  readonly extensionId: ExtensionId;
  readonly context: string;
  readonly origin: 'intern' | 'extern';
}

/**
 * Nothing to reach: answer 404 Not Found (https://www.rfc-editor.org/rfc/rfc3261#section-21.4.5).
 *
 * @remarks
 * `no-extension`: nothing matches in the context or its includes; `unknown-context`: the context
 * does not exist; `no-destination`: the extension exists but leads nowhere.
 */
export interface NotFoundRoute {
  readonly type: 'not-found';
  readonly reason: 'no-extension' | 'unknown-context' | 'no-destination';
  readonly context: string;
  readonly dialed: string;
  readonly status: 404;
}

/**
 * The user exists but is disabled: answer 480 Temporarily Unavailable
 * (https://www.rfc-editor.org/rfc/rfc3261#section-21.4.18).
 */
export interface UnavailableRoute {
  readonly type: 'unavailable';
  readonly reason: 'user-disabled';
  readonly userId: UserId;
  readonly status: 480;
}

/**
 * An IVR answers the call: its menu is loaded beside the table (the routing port reads the IVR of
 * `ivrId` in the extension's tenant) and the call hosts it.
 */
export interface IvrRoute {
  readonly type: 'ivr';
  readonly ivrId: number;
  readonly extensionId: ExtensionId;
  readonly context: string;
}

/** A group answers the call: its members are rung by its strategy (the routing port reads the group beside the table). */
export interface GroupRoute {
  readonly type: 'group';
  readonly groupId: number;
  readonly extensionId: ExtensionId;
  readonly context: string;
}

/**
 * A conference room takes the call (the routing port reads the room beside the table). Call
 * permissions do not apply to a conference's number (seed L5932).
 */
export interface ConferenceRoute {
  readonly type: 'conference';
  readonly conferenceId: number;
  readonly extensionId: ExtensionId;
  readonly context: string;
}

/** A queue takes the call (the routing port reads the queue beside the table). */
export interface QueueRoute {
  readonly type: 'queue';
  readonly queueId: number;
  readonly extensionId: ExtensionId;
  readonly context: string;
}

/** Where a route ends: a user to ring, an IVR, a group, a conference room, a queue, or why there is none. */
export type RouteOutcome = UserRoute | IvrRoute | GroupRoute | ConferenceRoute | QueueRoute | NotFoundRoute | BusyDecision | UnavailableRoute;

/**
 * The call was forwarded: `kind` and `destination` are those of the first forward followed in this
 * route, `hops` all of them (previous ones included), `target` where the chain ends.
 */
export interface ForwardRoute {
  readonly type: 'forward';
  readonly kind: ForwardKind;
  readonly destination: string;
  readonly hops: readonly ForwardHop[];
  readonly target: RouteOutcome;
}

/**
 * The forwards loop: answer 482 Loop Detected when the chain comes back to a user already in it
 * (https://www.rfc-editor.org/rfc/rfc3261#section-21.4.20), 483 Too Many Hops past
 * {@link MAX_FORWARD_HOPS} (https://www.rfc-editor.org/rfc/rfc3261#section-21.4.21).
 */
export interface LoopRoute {
  readonly type: 'loop';
  readonly reason: 'cycle' | 'hop-limit';
  readonly hops: readonly ForwardHop[];
  readonly status: 482 | 483;
}

/** The result of {@link route}. */
export type RouteResult = RouteOutcome | ForwardRoute | LoopRoute;

function notFound(reason: NotFoundRoute['reason'], context: string, dialed: string): NotFoundRoute {
  return { type: 'not-found', reason, context, dialed, status: 404 };
}

function assertNever(value: never): never {
  throw new Error(`unexpected destination ${JSON.stringify(value)}`);
}

/** What a user does with a call that reaches them, before any live state is known. */
function resolveUser(user: DialplanUser, found: { readonly extensionId: ExtensionId; readonly context: string }, caller: Caller): RouteOutcome | ForwardDecision {
  if (!user.enabled) return { type: 'unavailable', reason: 'user-disabled', userId: user.id, status: 480 };
  if (user.services.dnd) return busyOutcome(user, 'dnd');
  const unconditional = forwardDecision(user, 'unconditional');
  if (unconditional !== undefined) return unconditional;
  return {
    type: 'user',
    userId: user.id,
    userUuid: user.uuid,
    ringSeconds: user.ringSeconds,
    simultaneousCalls: user.simultaneousCalls,
    extensionId: found.extensionId,
    context: found.context,
    origin: caller.type === 'user' ? 'intern' : 'extern',
  };
}

type Step = RouteOutcome | ForwardDecision | { readonly type: 'revisit'; readonly userId: UserId };

function resolveOnce(table: RoutingTable, context: string, dialed: string, caller: Caller, visited: ReadonlySet<UserId>): Step {
  if (!table.contexts.has(context)) return notFound('unknown-context', context, dialed);
  const lookup = findExtension(table, context, dialed);
  if (lookup === undefined) return notFound('no-extension', context, dialed);
  const { destination, id } = lookup.found.extension;
  switch (destination.type) {
    case 'none':
    case 'incall':
    case 'outcall':
      // Incalls and outcalls have their own resolvers (incall-resolution.ts, outcall-resolution.ts).
      return notFound('no-destination', context, dialed);
    case 'ivr':
      return { type: 'ivr', ivrId: destination.ivrId, extensionId: id, context: lookup.context };
    case 'group':
      return { type: 'group', groupId: destination.groupId, extensionId: id, context: lookup.context };
    case 'conference':
      return { type: 'conference', conferenceId: destination.conferenceId, extensionId: id, context: lookup.context };
    case 'queue':
      return { type: 'queue', queueId: destination.queueId, extensionId: id, context: lookup.context };
    case 'user': {
      if (visited.has(destination.userId)) return { type: 'revisit', userId: destination.userId };
      const user = table.users.get(destination.userId);
      if (user === undefined) return notFound('no-destination', context, dialed);
      return resolveUser(user, { extensionId: id, context: lookup.context }, caller);
    }
    default:
      return assertNever(destination);
  }
}

function finish(outcome: RouteOutcome, hops: readonly ForwardHop[], firstNewHop: number): RouteResult {
  const first = hops[firstNewHop];
  if (first === undefined) return outcome;
  return { type: 'forward', kind: first.kind, destination: first.destination, hops, target: outcome };
}

/**
 * Routes `dialed` from `context` to its final target.
 *
 * @remarks
 * Order of checks on the user reached, as the platform's user dialplan does: disabled (480), then
 * do not disturb (refused busy, 486, without forward), then the unconditional forward, else ring. A forward dials its destination in the forwarding user's context; reaching a user
 * already in the chain (`previousHops` included) is a cycle (482), more than
 * {@link MAX_FORWARD_HOPS} forwards is a loop too (483). Pure and deterministic.
 */
export function route(table: RoutingTable, request: RouteRequest): RouteResult {
  const previousHops = request.previousHops ?? [];
  const hops: ForwardHop[] = [...previousHops];
  const visited = new Set<UserId>(previousHops.map((hop) => hop.fromUserId));
  let context = request.context;
  let dialed = request.dialed;
  for (;;) {
    const step = resolveOnce(table, context, dialed, request.caller, visited);
    if (step.type === 'revisit') return { type: 'loop', reason: 'cycle', hops, status: 482 };
    if (step.type !== 'forward') return finish(step, hops, previousHops.length);
    hops.push({ kind: step.kind, fromUserId: step.userId, destination: step.destination, context: step.context });
    if (hops.length > MAX_FORWARD_HOPS) return { type: 'loop', reason: 'hop-limit', hops, status: 483 };
    visited.add(step.userId);
    context = step.context;
    dialed = step.destination;
  }
}

/**
 * Routes a call to a user directly (an IVR choice or an incall leading to the user, not to a
 * number): the same checks as a dialed user (disabled, do not disturb, unconditional forward), and
 * `ringSeconds`, when given, instead of the user's own ring time.
 */
export function routeToUser(table: RoutingTable, userId: UserId, caller: Caller, ringSeconds?: number): RouteResult {
  const user = table.users.get(userId);
  if (user === undefined) return notFound('no-destination', '', String(userId));
  const step = resolveUser(user, { extensionId: 0 as ExtensionId, context: user.context }, caller);
  if (step.type === 'user') return ringSeconds === undefined ? step : { ...step, ringSeconds };
  if (step.type !== 'forward') return step;
  const hop: ForwardHop = { kind: step.kind, fromUserId: step.userId, destination: step.destination, context: step.context };
  const rest = route(table, { context: step.context, dialed: step.destination, caller, previousHops: [hop] });
  if (rest.type === 'loop' || rest.type === 'forward') return rest.type === 'forward' ? { ...rest, kind: hop.kind, destination: hop.destination } : rest;
  return { type: 'forward', kind: hop.kind, destination: hop.destination, hops: [hop], target: rest };
}
