/**
 * Where a configured destination sends a call that falls back to it: a group's no-answer fallback
 * or closed schedule, a user's fallbacks (no answer, busy, congestion, unreachable).
 */
import { routing, type call } from '../../actors/index.ts';

/** The queue a call reaches, with what its destination gives the call. */
export type QueueTarget = Extract<call.RouteTarget, { type: 'queue' }>;

/** The queue target of a routing destination: the queue and the skill rule set it gives the call. */
export function queueTargetOf(destination: Extract<routing.RoutingDestination, { type: 'queue' }>): QueueTarget {
  return {
    type: 'queue', queueId: destination.queueId,
    ...(destination.skillRuleSetId === undefined ? {} : { skillRuleSetId: destination.skillRuleSetId }),
    ...(destination.skillRuleVariables === undefined ? {} : { skillRuleVariables: destination.skillRuleVariables }),
  };
}

/**
 * The fallback of `destination` for a call dialed as `dialed`, an IVR read in `tenantUuid`;
 * undefined for a destination without an engine yet (sound) or `none`: the call then ends with
 * the cause of its case.
 */
export function destinationFallback(destination: routing.RoutingDestination | null, tenantUuid: string, dialed: string): call.HuntFallback | undefined {
  if (destination === null) return undefined;
  switch (destination.type) {
    case 'user':
      return { type: 'target', target: { type: 'user', userId: Number(destination.userId), ...(destination.ringSeconds === undefined ? {} : { ringSeconds: destination.ringSeconds }) } };
    case 'group':
      return { type: 'target', target: { type: 'group', groupId: destination.groupId } };
    case 'ivr':
      return { type: 'target', target: { type: 'ivr', ivrId: destination.ivrId, tenantUuid } };
    case 'voicemail':
      return { type: 'target', target: { type: 'voicemail', voicemailId: destination.voicemailId } };
    case 'conference':
      return { type: 'target', target: { type: 'conference', conferenceId: destination.conferenceId } };
    case 'queue':
      return { type: 'target', target: queueTargetOf(destination) };
    case 'extension':
      return { type: 'dial', dialed: destination.exten, context: destination.context };
    case 'hangup':
      return { type: 'hangup', cause: destination.cause };
    case 'custom': {
      const command = routing.readCustomCommand(destination.command, { dialed });
      if (command.type === 'hangup') return { type: 'hangup', cause: command.cause };
      return command.type === 'goto' && command.context !== undefined ? { type: 'dial', dialed: command.exten, context: command.context } : undefined;
    }
    default:
      // No engine yet (sound) or `none`: the call ends with NOANSWER.
      return undefined;
  }
}

/** A user's fallbacks as the call follows them, for a call dialed as `dialed`. */
export function calleeFallbacks(destinations: UserFallbackDestinations | undefined, tenantUuid: string, dialed: string): call.CalleeFallbacks | undefined {
  if (destinations === undefined) return undefined;
  const entries = FALLBACK_CASES.flatMap((fallbackCase) => {
    const fallback = destinationFallback(destinations[fallbackCase] ?? null, tenantUuid, dialed);
    return fallback === undefined ? [] : [[fallbackCase, fallback] as const];
  });
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** The routing destinations of a user's fallbacks, by case (absent: none). */
export type UserFallbackDestinations = Readonly<Partial<Record<call.FallbackCase, routing.RoutingDestination>>>;

const FALLBACK_CASES: readonly call.FallbackCase[] = ['noanswer', 'busy', 'congestion', 'fail'];

/** The routing destinations of a user's stored fallbacks (destination forms, null for none). */
export function userFallbackDestinations(stored: Readonly<Record<call.FallbackCase, unknown>>): UserFallbackDestinations | undefined {
  const entries = FALLBACK_CASES.flatMap((fallbackCase) => {
    const form = stored[fallbackCase];
    if (form === null || form === undefined) return [];
    const destination = routing.destinationFromForm(form);
    return destination.type === 'none' ? [] : [[fallbackCase, destination] as const];
  });
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}
