/**
 * The route of a number that reaches an outcall (seed CF-08, CF-06, CF-10): the user's call
 * permissions first, then the outcall's trunks in order, each with the digits after strip and
 * prefix and the caller ID of the seed's precedence.
 *
 * @remarks
 * The composition root joins the routing module's outcall resolution with the trunk directory
 * (where each trunk sends its INVITEs). A trunk known to be down (its registration failed, its
 * peer stopped answering OPTIONS) is skipped; the others are tried by the call in order
 * (docs/decisions.md D-058, D-064). A permission that asks for a password makes the call
 * challenge its caller (permission-route.ts); an anonymous caller ID is sent as RFC 3323's
 * `anonymous` user, its real caller ID kept as withheld for a trusted trunk's P-Asserted-Identity.
 */
import { channel, routing, type call } from '../../actors/index.ts';
import { sipMessage } from '../../transport/index.ts';
import { guardOutcall, type PermissionGuard } from './permission-route.ts';

/** Where a trunk sends its INVITEs, as the trunk directory tells it: an address, or the contact its peer registered. */
export type TrunkRoute =
  | { readonly type: 'fixed'; readonly destination: call.DialTarget['destination']; readonly requestUriHost: string; readonly available: boolean }
  | { readonly type: 'registered'; readonly username: string; readonly available: boolean };

export interface TrunkDialTargets {
  dialTarget(trunkId: number): TrunkRoute | undefined;
}

/** What the outcall route reads. */
export interface OutcallRouteInput {
  readonly table: routing.RoutingTable;
  readonly objects: routing.RoutingObjects;
  readonly trunks: TrunkDialTargets | undefined;
  readonly caller: routing.Caller;
  /** The call permissions' check of this request (a refusal, or a password challenge). */
  readonly guard: PermissionGuard;
  readonly context: string;
  readonly dialed: string;
  /** How long each trunk rings (the outcall has no ring time of its own in the seed). */
  readonly ringSeconds: number;
  /** The contacts registered by a `host: dynamic` trunk's peer under its username. */
  readonly registeredContacts: (username: string) => Promise<readonly call.DialTarget[]>;
}

/** The call's outcome when the number reaches an outcall, else undefined (route it as usual). */
export async function outcallRoute(input: OutcallRouteInput): Promise<call.RouteOutcome | undefined> {
  const resolution = routing.resolveOutcall(input.table, input.objects.outcalls, { context: input.context, dialed: input.dialed });
  if (resolution.type === 'not-outcall' || resolution.type === 'not-found') return undefined;
  if (resolution.type === 'unavailable') return refuse(resolution.status, `outcall ${resolution.outcall.name}: ${resolution.reason}`);
  const { outcall, pattern, digits } = resolution;
  const guarded = guardOutcall(input.guard, input.dialed, outcall.callPermissionIds);
  if (guarded !== undefined) return guarded;
  const shown = callerShown(input, outcall, pattern);
  const attempts: call.TrunkAttempt[] = [];
  for (const trunkId of resolution.trunkIds) {
    const target = await trunkTarget(input, trunkId, digits);
    if (target !== undefined) attempts.push({ trunkId, target, caller: shown });
  }
  if (attempts.length === 0) return refuse(503, `outcall ${outcall.name}: no trunk available`);
  return { type: 'trunks', attempts, ringSeconds: input.ringSeconds };
}

/**
 * Where the INVITE for `digits` goes on a trunk, or undefined when the trunk cannot take it now.
 *
 * @remarks A `host: dynamic` trunk is called at the first contact its peer registered, with the
 * digits as the Request-URI's user part (as chan_sip dials `SIP/trunk/<number>` to a registered
 * peer); with none registered, it is skipped like a trunk known down.
 */
async function trunkTarget(input: OutcallRouteInput, trunkId: number, digits: string): Promise<call.DialTarget | undefined> {
  const trunk = input.trunks?.dialTarget(trunkId);
  if (trunk === undefined || !trunk.available) return undefined;
  if (trunk.type === 'fixed') {
    const uri = `sip:${digits}@${trunk.requestUriHost}`;
    return { requestUri: uri, destination: trunk.destination, toUri: uri, trunkId };
  }
  const [contact] = await input.registeredContacts(trunk.username);
  if (contact === undefined) return undefined;
  const requestUri = withUser(contact.requestUri, digits);
  return requestUri === undefined ? undefined : { requestUri, destination: contact.destination, toUri: requestUri, trunkId };
}

/** The contact URI with `user` as its user part (its parameters kept), or undefined when it is no SIP URI. */
function withUser(contactUri: string, user: string): string | undefined {
  const uri = sipMessage.parseUri(contactUri);
  if (uri === undefined || uri.scheme === 'tel') return undefined;
  const { password: _password, ...rest } = uri;
  return sipMessage.formatUri({ ...rest, user });
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
  if (chosen.type === 'caller-id') return { name: chosen.callerId.name, number: chosen.callerId.number };
  // Withheld (RFC 3323): the caller ID it would have had goes to a trusted trunk only (caller-privacy.ts).
  const real = who.type === 'user' ? routing.outgoingCallerId({ ...who, outgoingCallerId: { type: 'default' } }, { internalCallerId: outcall.internalCallerId, associationCallerId: pattern.callerId }) : undefined;
  const withheld = real?.type === 'caller-id' ? { withheld: { name: real.callerId.name, number: real.callerId.number } } : {};
  return { name: 'Anonymous', number: 'anonymous', ...withheld };
}

function refuse(status: number, text: string): call.RouteOutcome {
  return { type: 'refuse', cause: channel.causeFromSip(status, text) };
}
