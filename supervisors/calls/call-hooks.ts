/**
 * Where the preprocess hooks run in the call path (seed CF-24), "as late as possible": after the
 * routing decision and before the dial.
 *
 * - DID: when a call from a trunk is admitted, once its caller ID is known (normalised, checked
 *   against the blacklist, named by the reverse lookup, the incall's mode applied) and its DID has
 *   reached an incall. The hook may change the caller ID and the ring time, send the call to
 *   another extension, or refuse it.
 * - User: when a call's routing decided to dial a user (the call's first route, a forward).
 * - Outcall: when a call's routing decided to dial out through an outcall's trunks.
 * - Conference: when a call's routing decided it joins a conference room (after the room's PIN,
 *   when it has one).
 *
 * @remarks
 * A user, outcall or conference hook runs once the caller's party is fixed in the call, so it may
 * change the ring time (not for a conference: nothing rings), send the call elsewhere (routed
 * again, without hooks) or hang it up; its caller-ID changes are not applied (docs/decisions.md). Hooks do not run on the routes the API's transfers
 * resolve themselves (handover-control.ts).
 */
import { channel, routing, type call } from '../../actors/index.ts';
import type { HookRunner } from './hook-runner.ts';

type RouteRequest = Parameters<call.CallPorts['route']>[0];

/** How a DID call goes on after its hooks. */
export type DidHookResult =
  | { readonly type: 'continue'; readonly name: string; readonly number: string; readonly ringSeconds?: number }
  | { readonly type: 'goto'; readonly context: string; readonly exten: string }
  | { readonly type: 'refuse'; readonly status: number; readonly reason: string };

/** Runs the DID hooks (global `did`, then the incall's own) of a call from a trunk. */
export async function runDidHooks(
  runner: HookRunner,
  request: { readonly tenantUuid: string; readonly context: string; readonly did: string; readonly name: string; readonly number: string; readonly incallId: number },
): Promise<DidHookResult> {
  const unchanged = { type: 'continue', name: request.name, number: request.number } as const;
  if (!runner.enabled) return unchanged;
  const own = (await runner.subroutines()).incalls.get(request.incallId);
  const variables = routing.hookVariables({ dialed: request.did, callerName: request.name, callerNumber: request.number, origin: 'extern', tenantUuid: request.tenantUuid });
  const outcome = await runner.run('did', own, variables, { incallId: request.incallId, did: request.did });
  switch (outcome.type) {
    case 'goto':
      return { type: 'goto', context: outcome.context ?? request.context, exten: outcome.exten };
    case 'hangup':
      return { type: 'refuse', status: routing.hookHangupStatus(outcome.cause), reason: `preprocess hook: hang up (${outcome.cause})` };
    case 'continue': {
      const ringSeconds = changedRingSeconds(variables, outcome.variables);
      return {
        type: 'continue', name: outcome.variables['CALLERID(name)'] ?? request.name, number: outcome.variables['CALLERID(num)'] ?? request.number,
        ...(ringSeconds === undefined ? {} : { ringSeconds }),
      };
    }
  }
}

/** What the user and outcall hooks need of the call service. */
export interface RouteHookContext {
  readonly runner: HookRunner;
  /** The call being routed, as last seen (its caller). */
  readonly caller: (callId: string) => call.CallerParty | undefined;
  /** The user placing the call, for a call from a user's line. */
  readonly callerUserId: (callId: string) => number | undefined;
  readonly tenantOfUser: (userUuid: string) => string | undefined;
  readonly outcallOf: (context: string, dialed: string) => Promise<number | undefined>;
  /** Routes again without hooks (a hook's `goto`). */
  readonly reroute: (request: RouteRequest) => Promise<call.RouteOutcome>;
}

/** The routing outcome after the user or outcall hooks of the decision it holds. */
export async function withRouteHooks(context: RouteHookContext, request: RouteRequest, outcome: call.RouteOutcome): Promise<call.RouteOutcome> {
  if (!context.runner.enabled || (outcome.type !== 'dial' && outcome.type !== 'trunks' && outcome.type !== 'conference')) return outcome;
  const point = await hookPointOf(context, request, outcome);
  const decided = await context.runner.run(point.point, point.own, point.variables, { callId: request.callId });
  switch (decided.type) {
    case 'goto':
      return context.reroute({ callId: request.callId, reason: request.reason, context: decided.context ?? request.context, dialed: decided.exten });
    case 'hangup':
      return { type: 'refuse', cause: channel.causeFromSip(routing.hookHangupStatus(decided.cause), `preprocess hook: hang up (${decided.cause})`) };
    case 'continue': {
      const ringSeconds = changedRingSeconds(point.variables, decided.variables);
      return ringSeconds === undefined || outcome.type === 'conference' ? outcome : { ...outcome, ringSeconds };
    }
  }
}

/** The hook point of a dial (user), trunks (outcall) or conference outcome, its object's hook and the call's variables. */
async function hookPointOf(
  context: RouteHookContext,
  request: RouteRequest,
  outcome: Extract<call.RouteOutcome, { type: 'dial' | 'trunks' | 'conference' }>,
): Promise<{ readonly point: routing.HookPoint; readonly own: string | undefined; readonly variables: routing.HookVariables }> {
  const subroutines = await context.runner.subroutines();
  const caller = context.caller(request.callId);
  const callerUserId = context.callerUserId(request.callId);
  const callerTenant = caller?.userUuid === undefined ? undefined : context.tenantOfUser(caller.userUuid);
  const facts: routing.HookFacts = {
    dialed: request.dialed, callerName: caller?.name ?? '', callerNumber: caller?.number ?? '', origin: caller?.userUuid === undefined ? 'extern' : 'intern',
    tenantUuid: callerTenant ?? (outcome.type === 'conference' ? outcome.room.tenantUuid : null), ...(outcome.type === 'conference' ? {} : { ringSeconds: outcome.ringSeconds }),
    ...(callerUserId === undefined || caller?.userUuid === undefined ? {} : { callerUser: { id: callerUserId, uuid: caller.userUuid } }),
  };
  if (outcome.type === 'conference') return { point: 'conference', own: subroutines.conferences.get(outcome.room.conferenceId), variables: routing.hookVariables(facts) };
  if (outcome.type === 'trunks') {
    const outcallId = await context.outcallOf(request.context, request.dialed);
    return { point: 'outcall', own: outcallId === undefined ? undefined : subroutines.outcalls.get(outcallId), variables: routing.hookVariables(facts) };
  }
  const calleeUuid = outcome.user.userUuid;
  const calleeTenant = calleeUuid === undefined ? undefined : context.tenantOfUser(calleeUuid);
  const variables = routing.hookVariables({
    ...facts, tenantUuid: facts.tenantUuid ?? calleeTenant ?? null,
    ...(calleeUuid === undefined || calleeTenant === undefined ? {} : { calledUser: { uuid: calleeUuid, tenantUuid: calleeTenant } }),
  });
  return { point: 'user', own: subroutines.users.get(outcome.user.userId), variables };
}

/** The ring time a hook set, when it changed it. */
function changedRingSeconds(before: routing.HookVariables, after: routing.HookVariables): number | undefined {
  const value = after['XIVO_RINGSECONDS'];
  return value === undefined || value === before['XIVO_RINGSECONDS'] ? undefined : Number(value);
}
