/**
 * What happens to a call when the called user is busy or does not answer, as pure decisions.
 *
 * @remarks
 * The live part (how many calls the user has, whether the phones answered within `ringSeconds`)
 * belongs to the call actor; these functions only turn that state and the user's configuration
 * into a value: ring, follow a forward (an extension dialed in the user's context), or give up with
 * the SIP status to answer. Past `simultaneousCalls` the user is busy (busy forward, else 486),
 * in do not disturb the user refuses the call (486, no forward), and a call not answered within
 * `ringSeconds` takes the no-answer forward, else ends with 480.
 */
import type { DialplanUser, UserForward } from './dialplan.ts';

/** Which forward a call follows. */
export type ForwardKind = 'unconditional' | 'busy' | 'noanswer';

/** Why a user is busy: do not disturb, every simultaneous call slot taken, or the phones said busy. */
export type BusyReason = 'dnd' | 'simultaneous-calls' | 'devices-busy';

/** Follow a forward of `userId`: dial `destination` in `context`. */
export interface ForwardDecision {
  readonly type: 'forward';
  readonly kind: ForwardKind;
  readonly userId: DialplanUser['id'];
  readonly destination: string;
  readonly context: string;
}

/** The user is busy and has no usable busy forward: answer 486 Busy Here. */
export interface BusyDecision {
  readonly type: 'busy';
  readonly reason: BusyReason;
  readonly userId: DialplanUser['id'];
  readonly status: 486;
}

/** The user did not answer and has no usable no-answer forward: answer 480 Temporarily Unavailable. */
export interface NoAnswerDecision {
  readonly type: 'no-answer';
  readonly userId: DialplanUser['id'];
  readonly status: 480;
}

/** What the callee's live state is when a new call would ring it. */
export interface CalleeState {
  /** Calls the user has now (ringing or connected), not counting the new one. */
  readonly activeCalls: number;
  /** Every phone of the user answered the new call with busy (486/600). */
  readonly devicesBusy: boolean;
}

/** Ring the user. */
export interface RingDecision {
  readonly type: 'ring';
  readonly userId: DialplanUser['id'];
}

/**
 * The destination of a forward, when it can be followed.
 *
 * @remarks
 * A forward that is enabled without a destination (`null`, empty or blank) leads nowhere, so it is
 * treated as disabled rather than as a call to an empty number.
 */
export function usableForwardDestination(forward: UserForward): string | undefined {
  if (!forward.enabled || forward.destination === null) return undefined;
  const destination = forward.destination.trim();
  return destination.length > 0 ? destination : undefined;
}

/**
 * The forward of `kind` as a decision, or `undefined` when it is off or has no destination.
 *
 * @remarks
 * Wazo semantics: a forward destination is an extension dialed in the user's own context.
 */
export function forwardDecision(user: DialplanUser, kind: ForwardKind): ForwardDecision | undefined {
  const destination = usableForwardDestination(user.forwards[kind]);
  if (destination === undefined) return undefined;
  return { type: 'forward', kind, userId: user.id, destination, context: user.context };
}

/**
 * The outcome for a busy user: the busy forward when usable, else busy (486); a user in do not
 * disturb is refused busy without any forward.
 *
 * @remarks
 * The platform's user dialplan checks DND first and sends such a call to a forward whose action is
 * fixed to `none` (`WAZO_FWD_USER_DND_ACTION=none`): neither the busy forward nor voicemail is
 * taken; the call is refused. 486 Busy Here is the SIP form of that refusal
 * (https://www.rfc-editor.org/rfc/rfc3261#section-21.4.24).
 */
export function busyOutcome(user: DialplanUser, reason: BusyReason): ForwardDecision | BusyDecision {
  const forward = reason === 'dnd' ? undefined : forwardDecision(user, 'busy');
  return forward ?? { type: 'busy', reason, userId: user.id, status: 486 };
}

/**
 * Decides whether a new call may ring the user or finds them busy, and what busy then means.
 *
 * @remarks
 * The user is busy when DND is on (refused, see {@link busyOutcome}), when `activeCalls` already
 * reaches `simultaneousCalls`, or when the phones themselves answered busy (or rejected the call);
 * then the call takes the busy forward if it is enabled with a destination, else ends with 486 Busy
 * Here (https://www.rfc-editor.org/rfc/rfc3261#section-21.4.24).
 */
export function decideOnBusy(user: DialplanUser, state: CalleeState): RingDecision | ForwardDecision | BusyDecision {
  if (user.services.dnd) return busyOutcome(user, 'dnd');
  if (state.activeCalls >= user.simultaneousCalls) return busyOutcome(user, 'simultaneous-calls');
  if (state.devicesBusy) return busyOutcome(user, 'devices-busy');
  return { type: 'ring', userId: user.id };
}

/**
 * Decides what happens when the user did not answer within `ringSeconds`.
 *
 * @remarks
 * `ringSeconds` is how long the user rings "before the call is forwarded elsewhere, or hung up if
 * no forward is configured": the no-answer forward if enabled with a destination, else the call
 * ends with 480 Temporarily Unavailable (https://www.rfc-editor.org/rfc/rfc3261#section-21.4.18).
 */
export function decideOnNoAnswer(user: DialplanUser): ForwardDecision | NoAnswerDecision {
  return forwardDecision(user, 'noanswer') ?? { type: 'no-answer', userId: user.id, status: 480 };
}
