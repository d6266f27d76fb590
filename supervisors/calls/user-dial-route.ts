/**
 * The routing port's user side: a call reaching a user rings the user's registered phones, with
 * the user's forwards and fallbacks, unless the user is busy.
 */
import { channel, routing, type call } from '../../actors/index.ts';
import { contactsOf, type LineContactsOptions } from './line-contacts.ts';
import { calleeFallbacks } from './destination-fallback.ts';
import type { LoadedDialplan } from './loaded-dialplan.ts';

/** What ringing a user needs of the routing port's options. */
export type UserDialOptions = LineContactsOptions & {
  /** Calls the user has now (ringing or connected), without the one being routed. */
  readonly activeCalls: (userId: number) => number;
};

/**
 * The dial outcome for a user: its contacts, its forwards, and whether it is busy now.
 *
 * @remarks Past `simultaneousCalls` the user is busy (`decideOnBusy`): the busy forward, when
 * usable, is handed to the call to follow, else the busy fallback, else the call is refused with 486 Busy Here
 * (https://www.rfc-editor.org/rfc/rfc3261#section-21.4.24).
 */
export async function dialUser(options: UserDialOptions, loaded: LoadedDialplan, target: routing.UserRoute, dialed: string): Promise<call.RouteOutcome> {
  const user = loaded.table.users.get(target.userId);
  if (user === undefined) return { type: 'refuse', cause: channel.causeFromSip(404, 'user left the dialplan') };
  const userId = Number(target.userId);
  const decision = routing.decideOnBusy(user, { activeCalls: options.activeCalls(userId), devicesBusy: false });
  const fallbacks = calleeFallbacks(loaded.userFallbacks.get(userId), loaded.tenants.get(user.uuid) ?? '', dialed);
  // A user in do not disturb is refused without fallback (routing's busyOutcome); one over their calls takes the busy fallback.
  if (decision.type === 'busy' && (decision.reason === 'dnd' || fallbacks?.busy === undefined)) return { type: 'refuse', cause: channel.causeFromSip(486, `busy (${decision.reason})`) };
  const noAnswer = routing.forwardDecision(user, 'noanswer');
  const busy = routing.forwardDecision(user, 'busy');
  const contacts = decision.type === 'ring' ? await contactsOf(options, loaded.usernames.get(userId) ?? []) : [];
  const musicOnHold = loaded.musicOnHold.get(userId);
  return {
    type: 'dial',
    user: { userId, userUuid: user.uuid, name: user.callerIdName, number: user.callerIdNumber ?? dialed, context: target.context, ...(musicOnHold === undefined ? {} : { musicOnHold }) },
    ringSeconds: target.ringSeconds,
    contacts,
    busy: decision.type !== 'ring',
    ...(noAnswer === undefined ? {} : { noAnswerForward: noAnswer.destination }),
    ...(busy === undefined ? {} : { busyForward: busy.destination }),
    ...(fallbacks === undefined ? {} : { fallbacks }),
  };
}
