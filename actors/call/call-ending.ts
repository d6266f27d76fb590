/**
 * How a call ends: everything still up is hung up, the call waits for its channels to report (or
 * a grace timer), then writes exactly one call log, releases its media and stops.
 */
import { assertTransition, handled, type KernelEffect, type MachineEnv, type Transition } from '../kernel/index.ts';
import { CAUSES, type HangupCause } from '../channel/hangup-cause.ts';
import { CALL_ALLOWED, type CallState } from './call-state.ts';
import type { CallEffect, CallEnv } from './call-messages.ts';
import type { CallSnapshot } from './call-snapshot.ts';
import { callLogOf } from './call-records.ts';
import { command, everyChannelGone, hangUpLegs } from './call-legs.ts';
import type { Handover } from './call-handover.ts';
import { relocateEvent, transferEvent } from './call-handover-events.ts';

export const RING_TIMEOUT = 'ringTimeout';
export const TERMINATE_GRACE = 'terminateGrace';
/** How long a terminating call waits for its legs to report before it closes anyway (64·T1). */
export const TERMINATE_GRACE_MS = 32_000;
/** How long a transfer's recipient or a relocate's device rings (armed by the handover). */
export const HANDOVER_TIMEOUT = 'handoverTimeout';

/** Kernel timers of a hosted IVR are named with this prefix and the IVR machine's timer id (call-ivr.ts). */
export const IVR_TIMER_PREFIX = 'ivr.';

/** Kernel timers of a password challenge: this prefix and the challenge machine's timer id (call-challenge.ts). */
export const CHALLENGE_TIMER_PREFIX = 'challenge.';

/** Kernel timers of a mailbox consultation: this prefix and the consultation machine's timer id (call-mailbox-consult.ts). */
export const CONSULT_TIMER_PREFIX = 'mailbox.';

export function ivrTimerName(timerId: number): string {
  return `${IVR_TIMER_PREFIX}${timerId}`;
}

/** The id of a hosted machine's timer from a kernel timer name `<prefix><id>`; none for another name. */
export function prefixedTimerId(prefix: string, name: string): number | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const id = Number(name.slice(prefix.length));
  return Number.isSafeInteger(id) ? id : undefined;
}

/** The IVR machine's timer id of a kernel timer name, when it is an IVR timer. */
export function ivrTimerId(name: string): number | undefined {
  return prefixedTimerId(IVR_TIMER_PREFIX, name);
}

type Env = MachineEnv<CallEnv>;
type Effect = CallEffect | KernelEffect;
type Result = Transition<CallSnapshot, Effect>;

export function move(snapshot: CallSnapshot, to: CallState, changes: Partial<CallSnapshot> = {}): CallSnapshot {
  assertTransition('call', CALL_ALLOWED, snapshot.state, to);
  return { ...snapshot, ...changes, state: to };
}


/** Hangs up everything still up and waits for the legs to report. */
export function terminate(snapshot: CallSnapshot, cause: HangupCause, env: Env): Result {
  const callerEffects: Effect[] = snapshot.callerLive ? [command(snapshot.caller.channelId, { type: 'channel.hangup', cause })] : [];
  const { handover, ...rest } = snapshot;
  const next = move(rest, 'terminating', { cause: snapshot.cause ?? cause });
  // An IVR still running ends with the call: its pending timer is cancelled (its prompt ends with the media).
  const ivrPhase = snapshot.ivr?.machine.phase;
  const ivrEnd: Effect[] = ivrPhase !== undefined && 'timerId' in ivrPhase ? [{ type: 'timer.cancel', name: ivrTimerName(ivrPhase.timerId) }] : [];
  const challengePhase = snapshot.challenge?.machine.phase;
  if (challengePhase?.type === 'collecting') ivrEnd.push({ type: 'timer.cancel', name: `${CHALLENGE_TIMER_PREFIX}${challengePhase.timerId}` });
  const consultPhase = snapshot.mailboxConsult?.machine.phase;
  if (consultPhase?.type === 'waiting') ivrEnd.push({ type: 'timer.cancel', name: `${CONSULT_TIMER_PREFIX}${consultPhase.timerId}` });
  // A transfer or relocate still in progress ends with the call.
  const handoverEnd: Effect[] = handover === undefined ? [] : [{ type: 'timer.cancel', name: HANDOVER_TIMEOUT }, ...handoverEndEvents(snapshot, handover)];
  const effects: Effect[] = [...hangUpLegs(snapshot, cause), ...callerEffects, { type: 'timer.cancel', name: RING_TIMEOUT }, ...handoverEnd, ...ivrEnd, ...conferenceLeave(snapshot), ...queueEnd(snapshot)];
  return everyChannelGone(next) ? finish(next, effects, env.now) : handled(next, [...effects, { type: 'timer.start', name: TERMINATE_GRACE, delayMs: TERMINATE_GRACE_MS }]);
}

/** The last leg is gone: one call log, the media released, `call_ended`, and the actor stops. */
export function finish(snapshot: CallSnapshot, effects: readonly Effect[], endMs: number): Result {
  const next = move(snapshot, 'terminated', { endedAtMs: endMs });
  const cause = next.cause ?? CAUSES.normal;
  return handled(next, [
    ...effects,
    { type: 'timer.cancel', name: TERMINATE_GRACE },
    { type: 'media.release' },
    { type: 'call_log.write', log: callLogOf(next, endMs, cause) },
    { type: 'stop', reason: `call ended: ${cause.text}` },
  ]);
}

/** A call in a conference room (joined, or joining) leaves it as it ends; a kicked or refused one is no longer in it. */
export function conferenceLeave(snapshot: CallSnapshot): Effect[] {
  const { conference } = snapshot;
  if (snapshot.state !== 'conference' || conference === undefined || (conference.phase !== 'joining' && conference.phase !== 'joined')) return [];
  return [{ type: 'conference.leave', conferenceId: conference.room.conferenceId }];
}

/**
 * What the queue is told as a call of its ends: a caller still waiting (or not yet let in)
 * abandoned (Asterisk's ABANDON); a call a member took ended, hung up by the caller when the
 * caller's leg is already gone, else by the member's side (the member, or an order to hang up).
 */
export function queueEnd(snapshot: CallSnapshot): Effect[] {
  const { queue } = snapshot;
  if (queue === undefined) return [];
  const { queueId } = queue.route;
  if (snapshot.state === 'queued' && queue.phase !== 'connected') return [{ type: 'queue.abandon', queueId }];
  if (snapshot.state !== 'established' || queue.phase !== 'connected' || queue.memberId === undefined) return [];
  return [{ type: 'queue.call_ended', queueId, memberId: queue.memberId, by: snapshot.callerLive ? 'agent' : 'caller' }];
}

/**
 * The member who took a queue's call transferred the caller to someone else: for the queue, the
 * member's call ended there (Asterisk frees the agent on the transfer), and the call goes on
 * outside the queue.
 */
export function queueMemberTransferredAway(snapshot: CallSnapshot): { readonly snapshot: CallSnapshot; readonly effects: Effect[] } {
  const { queue, ...rest } = snapshot;
  if (queue?.phase !== 'connected' || queue.memberId === undefined) return { snapshot, effects: [] };
  return { snapshot: rest, effects: [{ type: 'queue.call_ended', queueId: queue.route.queueId, memberId: queue.memberId, by: 'agent' }] };
}

/** What the initiator is told when the call ends under a handover: abandoned, then ended. */
export function handoverEndEvents(snapshot: CallSnapshot, handover: Handover): Effect[] {
  const ringing = snapshot.legs.find((leg) => leg.role === 'handover' && leg.status !== 'gone')?.channelId;
  if (handover.type === 'relocate') return [relocateEvent('ended', handover, ringing)];
  return [transferEvent('abandoned', handover, ringing), transferEvent('ended', handover, ringing)];
}
