/**
 * The route of a number that reaches an outcall (seed CF-08, CF-06, CF-10): the user's call
 * permissions first, then the outcall's trunks in order, each with the digits after strip and
 * prefix and the caller ID of the seed's precedence.
 *
 * @remarks
 * The composition root joins the routing module's outcall resolution with the trunk directory
 * (where each trunk sends its INVITEs). A trunk known to be down (its registration failed, its
 * peer stopped answering OPTIONS) is skipped; the others are tried by the call in order
 * (docs/decisions.md D-058, D-064). A permission that asks for a password is refused (403) until
 * the password prompt exists; an anonymous caller ID is sent as RFC 3323's `anonymous` user.
 */
import { channel, routing, type call } from '../../actors/index.ts';

/** Where a trunk sends its INVITEs, as the trunk directory tells it. */
export interface TrunkDialTargets {
  dialTarget(trunkId: number): { readonly destination: call.DialTarget['destination']; readonly requestUriHost: string; readonly available: boolean } | undefined;
}

/** What the outcall route reads. */
export interface OutcallRouteInput {
  readonly table: routing.RoutingTable;
  readonly objects: routing.RoutingObjects;
  readonly trunks: TrunkDialTargets | undefined;
  readonly caller: routing.Caller;
  readonly context: string;
  readonly dialed: string;
  /** How long each trunk rings (the outcall has no ring time of its own in the seed). */
  readonly ringSeconds: number;
}

/** The call's outcome when the number reaches an outcall, else undefined (route it as usual). */
export function outcallRoute(input: OutcallRouteInput): call.RouteOutcome | undefined {
  const resolution = routing.resolveOutcall(input.table, input.objects.outcalls, { context: input.context, dialed: input.dialed });
  if (resolution.type === 'not-outcall' || resolution.type === 'not-found') return undefined;
  if (resolution.type === 'unavailable') return refuse(resolution.status, `outcall ${resolution.outcall.name}: ${resolution.reason}`);
  const { outcall, pattern, digits } = resolution;
  const user = input.caller.type === 'user' ? input.objects.users.get(input.caller.userId) : undefined;
  const permissions = (ids: readonly routing.CallPermissionId[]) => ids.flatMap((id) => input.objects.callPermissions.get(id) ?? []);
  const decision = routing.checkCallPermissions({
    dialed: input.dialed, user: permissions(user?.callPermissionIds ?? []), groups: [], outcall: permissions(outcall.callPermissionIds),
    userPassword: user?.callPermissionPassword ?? null,
  });
  if (decision.type === 'denied') return refuse(403, `call permission ${decision.permissionId} (${decision.source}) denies ${input.dialed}`);
  if (decision.type === 'password') return refuse(403, `call permission ${decision.permissionId} asks for a password`);
  const shown = callerShown(input, outcall, pattern);
  const attempts = resolution.trunkIds.flatMap((trunkId): call.TrunkAttempt[] => {
    const trunk = input.trunks?.dialTarget(trunkId);
    if (trunk === undefined || !trunk.available) return [];
    const uri = `sip:${digits}@${trunk.requestUriHost}`;
    return [{ trunkId, target: { requestUri: uri, destination: trunk.destination, toUri: uri, trunkId }, caller: shown }];
  });
  if (attempts.length === 0) return refuse(503, `outcall ${outcall.name}: no trunk available`);
  return { type: 'trunks', attempts, ringSeconds: input.ringSeconds };
}

/** The caller ID on the trunks, by the seed's precedence (routing.outgoingCallerId). */
function callerShown(input: OutcallRouteInput, outcall: routing.Outcall, pattern: routing.OutcallPattern): call.PartyIdentity {
  const { caller } = input;
  const internal = caller.type === 'user' ? input.table.users.get(caller.userId) : undefined;
  const own: routing.CallerId = internal === undefined
    ? { name: '', number: caller.type === 'external' ? caller.number ?? '' : '' }
    : { name: internal.callerIdName, number: internal.callerIdNumber ?? '' };
  const settings = caller.type === 'user' ? input.objects.users.get(caller.userId) : undefined;
  const who: routing.OutgoingCaller = caller.type === 'user'
    ? { type: 'user', internalCallerId: own, outgoingCallerId: routing.readOutgoingCallerId(settings?.outgoingCallerId ?? null) }
    : { type: 'other', callerId: own };
  const chosen = routing.outgoingCallerId(who, { internalCallerId: outcall.internalCallerId, associationCallerId: pattern.callerId });
  return chosen.type === 'anonymous' ? { name: 'Anonymous', number: 'anonymous' } : { name: chosen.callerId.name, number: chosen.callerId.number };
}

function refuse(status: number, text: string): call.RouteOutcome {
  return { type: 'refuse', cause: channel.causeFromSip(status, text) };
}
