/**
 * Calls that come in through a trunk (seed CF-07, CF-06): the caller ID as the PBX shows it
 * (normalisation rules of the trunk's tenant, the blacklist), and where the DID leads (the incall's
 * destination, dialed as an internal call with the incall's ring time).
 *
 * @remarks
 * Pure over the loaded routing objects. A user destination is reached through the user's own
 * extension in the user's context, so the user's services and forwards apply as to any call; an
 * `extension` destination is dialed in its context; a `custom` command's `Goto` is dialed where it
 * names (custom-command.ts); an IVR is run by the call; a group rings its members (group-route.ts);
 * a voicemail takes a message (voicemail-route.ts); a conference room takes the caller (conference-route.ts);
 * a queue takes the caller with the skill rule set the incall gives (queue-route.ts, seed CC-07);
 * `hangup` ends the call with its cause; the destinations that have no engine yet (sounds) are
 * refused with 480 and logged by the caller.
 */
import { routing } from '../../actors/index.ts';
import { queueTargetOf, type QueueTarget } from './destination-fallback.ts';

/** Where an incoming DID goes. */
export type IncallTarget =
  | { readonly type: 'route'; readonly context: string; readonly dialed: string; readonly ringSeconds: number | null }
  | { readonly type: 'ivr'; readonly ivrId: number; readonly extensionId: number }
  | { readonly type: 'group'; readonly groupId: number }
  | { readonly type: 'voicemail'; readonly voicemailId: number }
  | { readonly type: 'conference'; readonly conferenceId: number }
  | QueueTarget
  | { readonly type: 'refuse'; readonly status: number; readonly reason: string };

/** The incall a DID reaches from `context`, as a number to route; undefined when the DID is no incall. */
export function incallTarget(table: routing.RoutingTable, objects: routing.RoutingObjects, request: { readonly context: string; readonly did: string }): IncallTarget | undefined {
  const resolution = routing.resolveIncall(table, objects.incalls, request);
  if (resolution.type !== 'incall') return undefined;
  const { destination, ringSeconds } = resolution;
  switch (destination.type) {
    case 'user': {
      const user = table.users.get(destination.userId);
      const extension = user === undefined ? undefined : (table.extensionsByContext.get(user.context) ?? []).find((candidate) =>
        candidate.extension.destination.type === 'user' && candidate.extension.destination.userId === destination.userId && !candidate.extension.exten.startsWith('_'));
      if (user === undefined || extension === undefined) return { type: 'refuse', status: 404, reason: `incall ${resolution.incall.id}: its user has no extension` };
      return { type: 'route', context: user.context, dialed: extension.extension.exten, ringSeconds };
    }
    case 'extension':
      return { type: 'route', context: destination.context, dialed: destination.exten, ringSeconds };
    case 'ivr':
      return { type: 'ivr', ivrId: destination.ivrId, extensionId: Number(resolution.extensionId) };
    case 'group':
      return { type: 'group', groupId: destination.groupId };
    case 'voicemail':
      return { type: 'voicemail', voicemailId: destination.voicemailId };
    case 'conference':
      return { type: 'conference', conferenceId: destination.conferenceId };
    case 'queue':
      return queueTargetOf(destination);
    case 'hangup':
      return hangUp(destination.cause, `incall ${resolution.incall.id}: hang up (${destination.cause})`);
    case 'custom': {
      const command = routing.readCustomCommand(destination.command, { dialed: request.did });
      if (command.type === 'goto') return { type: 'route', context: command.context ?? request.context, dialed: command.exten, ringSeconds };
      if (command.type === 'hangup') return hangUp(command.cause, `incall ${resolution.incall.id}: ${destination.command}`);
      return { type: 'refuse', status: 480, reason: `incall ${resolution.incall.id}: ${command.reason}` };
    }
    case 'none':
      return { type: 'refuse', status: 404, reason: `incall ${resolution.incall.id} leads nowhere` };
    default:
      return { type: 'refuse', status: 480, reason: `incall ${resolution.incall.id}: destination ${destination.type} is not served yet` };
  }
}

/** The refusal of a hang-up destination: 486 for busy, 503 for congestion, else 480. */
function hangUp(cause: 'normal' | 'busy' | 'congestion', reason: string): IncallTarget {
  return { type: 'refuse', status: cause === 'busy' ? 486 : cause === 'congestion' ? 503 : 480, reason };
}

/** Each tenant's caller-ID normalisation rules, compiled once per configuration (not per call). */
export function compileTenantCallerIdRules(objects: routing.RoutingObjects): ReadonlyMap<string, readonly routing.CompiledCallerIdRule[]> {
  return new Map([...objects.callerIdRules].map(([tenantUuid, rules]) => [tenantUuid, routing.compileCallerIdRules(rules).rules]));
}

/** The caller of a call from a trunk of `tenantUuid`, as the PBX shows it, or why it is refused. */
export function incomingCaller(
  objects: routing.RoutingObjects,
  compiledRules: ReadonlyMap<string, readonly routing.CompiledCallerIdRule[]>,
  tenantUuid: string,
  received: routing.CallerId,
  /** The trunk's own caller ID (its endpoint's `callerid`), which overwrites the received one. */
  trunkCallerId: string | null = null,
): { readonly type: 'caller'; readonly callerId: routing.CallerId; readonly reverseLookup: routing.ReverseLookupDecision } | { readonly type: 'blacklisted'; readonly reason: string } {
  const rules = compiledRules.get(tenantUuid) ?? [];
  const shown = routing.incomingCallerId(received, { trunkCallerId, rules });
  const blacklist = objects.blacklists.get(tenantUuid);
  const check = blacklist === undefined ? { type: 'allowed' as const } : routing.checkBlacklist(blacklist, shown.callerId);
  return check.type === 'blacklisted' ? { type: 'blacklisted', reason: check.reason } : { type: 'caller', callerId: shown.callerId, reverseLookup: shown.reverseLookup };
}
