/**
 * Ringing a group (hunt group, seed CF-22), as Asterisk's Queue application rings a Wazo group:
 * the members of one step ring together for the group's `user_timeout`, then the next step rings;
 * after the last step the call waits `retry_delay` and a new round starts; the group's `timeout`
 * bounds the whole (none: until the caller hangs up). With `all` a round is one step of every
 * member; with `linear` and `random` one member per step, in the order the routing port chose.
 *
 * @remarks
 * Pure. The first leg to answer takes the call (the call machine's answer path hangs up the
 * others, which are CANCELled as answered elsewhere). When every phone of a step fails at once
 * (busy, declined, unreachable) the next step rings without waiting. No answer within `timeout`
 * sends the call to the group's no-answer fallback, else ends it with NOANSWER (Q.850 19, SIP
 * 480), as Wazo's group dialplan does after Queue returns TIMEOUT.
 */
import { handled, type KernelEffect, type MachineEnv, type Transition } from '../kernel/index.ts';
import { CAUSES } from '../channel/hangup-cause.ts';
import type { CallEffect, CallEnv } from './call-messages.ts';
import type { CallSnapshot, OutboundLeg } from './call-snapshot.ts';
import type { CallHunt, HuntFallback, HuntPlan } from './hunt-plan.ts';
import { command, findLeg, hangUpLegs, liveLegs } from './call-legs.ts';
import { move, RING_TIMEOUT, terminate } from './call-ending.ts';
import { followFallback } from './call-fallback.ts';

type Env = MachineEnv<CallEnv>;
type Effect = CallEffect | KernelEffect;
type Result = Transition<CallSnapshot, Effect>;

/** The timer of one step (a member's ring time in a round). */
export const HUNT_STEP_TIMEOUT = 'huntStep';
/** The timer of the pause between two rounds. */
export const HUNT_RETRY = 'huntRetry';
/** The shortest pause between rounds, so a group whose members all refuse at once does not spin. */
export const MIN_RETRY_DELAY_MS = 1000;
/** Fallbacks one call follows at most (groups falling back to each other), as forwards (D-015). */
export const MAX_HUNT_FALLBACKS = 10;

/** The call reached a group: ring its first step, or go to its fallback when no member can be rung. */
export function startHunt(snapshot: CallSnapshot, plan: HuntPlan, env: Env): Result {
  if (plan.steps.length === 0) return leaveHunt(snapshot, plan.fallback, env);
  const hunt: CallHunt = { plan, step: 0, round: 0, pausing: false };
  const started = snapshot.state === 'initial' || snapshot.state === 'ivr' ? move(snapshot, 'establishing', { hunt }) : { ...snapshot, hunt };
  const deadline: Effect[] = plan.timeoutSeconds === null ? [] : [{ type: 'timer.start', name: RING_TIMEOUT, delayMs: plan.timeoutSeconds * 1000 }];
  return dialStep(started, hunt, deadline, env);
}

/** Rings the members of `hunt.step`: one leg per phone, each naming its member. */
function dialStep(snapshot: CallSnapshot, hunt: CallHunt, effects: readonly Effect[], env: Env): Result {
  const members = hunt.plan.steps[hunt.step] ?? [];
  const legs: OutboundLeg[] = members.flatMap((member) => member.contacts.map((target) => ({
    channelId: env.newChannelId(), target, status: 'dialing' as const, createdAtMs: env.now, user: member.user,
  })));
  const caller = { name: shownName(snapshot.caller.name, hunt.plan.callerIdName), number: snapshot.caller.number };
  const dials = legs.flatMap((leg): Effect[] => [
    { type: 'channel.spawn', channelId: leg.channelId, target: leg.target },
    command(leg.channelId, { type: 'channel.dial', target: leg.target, caller, sdp: snapshot.media.calleeOfferSdp }),
  ]);
  const next: CallSnapshot = { ...snapshot, hunt: { ...hunt, pausing: false }, legs: [...snapshot.legs, ...legs] };
  return handled(next, [...effects, ...dials, { type: 'timer.start', name: HUNT_STEP_TIMEOUT, delayMs: hunt.plan.stepSeconds * 1000 }]);
}

/** The caller's name as the members' phones show it (Wazo's group caller-ID mode, as for incalls). */
export function shownName(name: string, mode: HuntPlan['callerIdName']): string {
  if (mode === undefined || mode.name === '') return name;
  if (mode.mode === 'overwrite' || name === '') return mode.name;
  return mode.mode === 'prepend' ? `${mode.name} ${name}` : `${name} ${mode.name}`;
}

/** Moves on after a step: the next step of the round, or the pause before the next round. */
function nextStep(snapshot: CallSnapshot, hunt: CallHunt, effects: readonly Effect[], env: Env): Result {
  const step = hunt.step + 1;
  if (step < hunt.plan.steps.length) return dialStep(snapshot, { ...hunt, step }, effects, env);
  const pause = Math.max(hunt.plan.retryDelaySeconds * 1000, MIN_RETRY_DELAY_MS);
  return handled({ ...snapshot, hunt: { ...hunt, pausing: true } }, [...effects, { type: 'timer.start', name: HUNT_RETRY, delayMs: pause }]);
}

/** Stops ringing every live leg of the call (they are hung up as not answered). */
function stopRinging(snapshot: CallSnapshot): { readonly snapshot: CallSnapshot; readonly effects: Effect[] } {
  const effects = hangUpLegs(snapshot, CAUSES.noAnswer);
  return { snapshot: { ...snapshot, legs: snapshot.legs.map((leg) => (leg.status === 'gone' ? leg : { ...leg, status: 'gone' as const })) }, effects };
}

/**
 * A timer of the hunt fired: the step's ring time is over (next step), the pause is over (new
 * round), or the group's timeout is reached (fallback). Undefined when the timer is not the hunt's.
 */
export function onHuntTimer(snapshot: CallSnapshot, name: string, env: Env): Result | undefined {
  const { hunt } = snapshot;
  if (hunt === undefined || snapshot.state !== 'establishing') return undefined;
  if (name === HUNT_STEP_TIMEOUT && !hunt.pausing) {
    const stopped = stopRinging(snapshot);
    return nextStep(stopped.snapshot, hunt, stopped.effects, env);
  }
  if (name === HUNT_RETRY && hunt.pausing) {
    // Legs of earlier rounds have long reported their end: they leave the snapshot.
    return dialStep({ ...snapshot, legs: liveLegs(snapshot) }, { ...hunt, step: 0, round: hunt.round + 1 }, [], env);
  }
  if (name === RING_TIMEOUT) {
    const stopped = stopRinging(snapshot);
    const left = leaveHunt(stopped.snapshot, hunt.plan.fallback, env);
    const cancels: Effect[] = [{ type: 'timer.cancel', name: HUNT_STEP_TIMEOUT }, { type: 'timer.cancel', name: HUNT_RETRY }];
    return left.type === 'handled' ? handled(left.snapshot, [...stopped.effects, ...cancels, ...left.effects]) : left;
  }
  return undefined;
}

/**
 * A leg of the hunt ended by itself (busy, declined, unreachable; one the hunt stopped is only
 * recorded): when no phone of the step rings any more, the next step rings at once.
 */
export function onHuntLegGone(before: CallSnapshot, after: CallSnapshot, channelId: string, env: Env): Result {
  const { hunt } = after;
  if (hunt === undefined) return handled(after, []);
  const stoppedBefore = findLeg(before, channelId)?.status === 'gone';
  if (stoppedBefore || hunt.pausing || liveLegs(after).length > 0) return handled(after, []);
  return nextStep(after, hunt, [{ type: 'timer.cancel', name: HUNT_STEP_TIMEOUT }], env);
}

/** Leaves the group for its no-answer fallback (routed as a forward would be), or ends the call with NOANSWER. */
function leaveHunt(snapshot: CallSnapshot, fallback: HuntFallback | undefined, env: Env): Result {
  const { hunt: _left, ...rest } = snapshot;
  const without: CallSnapshot = rest;
  if (fallback === undefined || without.forwards >= MAX_HUNT_FALLBACKS) return terminate(without, CAUSES.noAnswer, env);
  return followFallback(without, fallback, 'noanswer', env);
}
