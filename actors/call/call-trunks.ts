/**
 * Calls out through an outcall's trunks (seed CF-08): the trunks are tried one after the other,
 * each with its own digits and caller ID, moving on when a trunk is congested or unavailable and
 * stopping on busy, no answer, a refusal or an answer, as Wazo's outcall dialplan does with
 * Asterisk's DIALSTATUS (CHANUNAVAIL and CONGESTION go to the next trunk).
 *
 * @remarks Pure. The causes that mean "this trunk could not carry the call" are Q.850's network
 * and resource classes (docs/decisions.md): no route, unregistered, destination or network out of
 * order, no circuit, temporary failure, congestion, resource unavailable, and the timer expiry of a
 * trunk that never answered (SIP 408 / Timer B, 504).
 */
import { handled, type KernelEffect, type MachineEnv, type Transition } from '../kernel/index.ts';
import type { HangupCause } from '../channel/hangup-cause.ts';
import type { CallEffect, CallEnv } from './call-messages.ts';
import type { CallSnapshot, TrunkAttempt } from './call-snapshot.ts';
import { command } from './call-legs.ts';
import { move, RING_TIMEOUT } from './call-ending.ts';

type Effect = CallEffect | KernelEffect;
type Result = Transition<CallSnapshot, Effect>;

/** Q.850 causes after which the next trunk is tried. */
const FAILOVER_CAUSES: ReadonlySet<number> = new Set([3, 20, 27, 34, 38, 41, 42, 47, 102]);

/** Whether a trunk that failed with `cause` leaves the call to the next trunk. */
export function triesNextTrunk(cause: HangupCause): boolean {
  return FAILOVER_CAUSES.has(cause.q850);
}

/** Dials the first of `attempts` (the call is routed or its previous trunk failed); the rest wait. */
export function dialTrunk(snapshot: CallSnapshot, attempts: readonly [TrunkAttempt, ...TrunkAttempt[]], ringSeconds: number, env: MachineEnv<CallEnv>): Result {
  const [attempt, ...rest] = attempts;
  const leg = { channelId: env.newChannelId(), target: attempt.target, status: 'dialing' as const, createdAtMs: env.now };
  const routed: CallSnapshot = { ...snapshot, legs: [...snapshot.legs, leg], trunkAttempts: rest, trunkRingSeconds: ringSeconds };
  const next = snapshot.state === 'initial' || snapshot.state === 'ivr' || snapshot.state === 'challenge' ? move(routed, 'establishing') : routed;
  return handled(next, [
    { type: 'channel.spawn', channelId: leg.channelId, target: attempt.target },
    command(leg.channelId, { type: 'channel.dial', target: attempt.target, caller: attempt.caller, sdp: snapshot.media.calleeOfferSdp }),
    { type: 'timer.start', name: RING_TIMEOUT, delayMs: ringSeconds * 1000 },
  ]);
}
