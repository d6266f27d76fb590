/**
 * The routing port's IVR side: a call routed to an IVR gets the IVR's menu, read from the store
 * in the tenant of the extension that reached it, with its destinations as the call follows them.
 *
 * @remarks
 * Read at routing time, so a change made through confd applies to the next call. An IVR that is
 * gone (deleted since the dialplan was loaded) refuses the call with 404; a queue keeps the skill
 * rule set the choice gives the call (seed CC-07: calls are tagged by an IVR choice); a destination
 * of a kind calls cannot follow yet (custom, sound) is kept as
 * `unsupported` and logged here at each routing to the IVR, and ends the call if chosen.
 */
import { call, ivr, routing, type Logger } from '../../actors/index.ts';
import { findIvr, type Queryable } from '../../store/index.ts';
import { queueTargetOf } from './destination-fallback.ts';

/** The call's form of a routing destination. */
export function ivrDestinationOf(destination: routing.RoutingDestination): call.IvrDestination {
  switch (destination.type) {
    case 'user':
      return { type: 'user', userId: Number(destination.userId), ...(destination.ringSeconds === undefined ? {} : { ringSeconds: destination.ringSeconds }) };
    case 'extension':
      return { type: 'extension', exten: destination.exten, context: destination.context };
    case 'hangup':
      return { type: 'hangup', cause: destination.cause };
    case 'ivr':
      return { type: 'ivr', ivrId: destination.ivrId };
    case 'group':
      return { type: 'group', groupId: destination.groupId };
    case 'voicemail':
      return { type: 'voicemail', voicemailId: destination.voicemailId };
    case 'conference':
      return { type: 'conference', conferenceId: destination.conferenceId };
    case 'queue':
      return queueTargetOf(destination);
    default:
      return { type: 'unsupported', kind: destination.type };
  }
}

/** The outcome for a call routed to IVR `ivrId` of `tenantUuid`. */
export async function ivrOutcome(database: Queryable, ivrId: number, tenantUuid: string, logger: Pick<Logger, 'warn'>): Promise<call.RouteOutcome> {
  const row = await findIvr(database, String(ivrId), [tenantUuid]);
  if (row === undefined) return { type: 'refuse', cause: { q850: 1, sipStatus: 404, text: `IVR ${ivrId} not found` } };
  const read = (form: unknown): call.IvrDestination => ivrDestinationOf(routing.destinationFromForm(form));
  const optional = (form: unknown): call.IvrDestination | null => (form === null ? null : read(form));
  const menu = ivr.menuOfConfiguration<call.IvrDestination>({
    greetingSound: row.greetingSound, menuSound: row.menuSound, invalidSound: row.invalidSound, abortSound: row.abortSound,
    timeout: row.timeout, maxTries: row.maxTries,
    choices: row.choices.map((choice) => ({ exten: choice.exten, destination: read(choice.destination) })),
    invalidDestination: optional(row.invalidDestination), timeoutDestination: optional(row.timeoutDestination), abortDestination: optional(row.abortDestination),
  });
  const unsupported = [...row.choices.map((choice) => read(choice.destination)), optional(row.abortDestination)].flatMap((destination) =>
    destination?.type === 'unsupported' ? [destination.kind] : []);
  if (unsupported.length > 0) logger.warn({ ivrId, kinds: [...new Set(unsupported)] }, 'IVR destinations calls cannot follow yet: choosing one ends the call');
  return { type: 'ivr', ivrId, tenantUuid, menu };
}
