/**
 * The password challenge hosted inside a call (seed CF-10): a call whose route is guarded by a
 * call permission with a password answers its caller, runs the challenge machine
 * (password-challenge.ts) and, once the routing port accepted the digits, goes on to where it was
 * going with the caller already answered.
 *
 * @remarks
 * The machine's effects become the call's: prompts are `media.play` / `media.stop_play` on the
 * caller's leg, timers are kernel timers named `challenge.<id>`, `verify` routes the guarded route
 * again with the digits (`route.resolve`, reason `password`) and `hangup` ends the call. The port
 * answers a wrong entry with another `challenge` outcome and a right one with the route's outcome,
 * which the call then follows as any routed answer. A caller who hangs up ends the call as in any
 * other state; `terminate` cancels the pending timer.
 */
import { handled, ignored, type KernelEffect, type MachineEnv, type Transition } from '../kernel/index.ts';
import { CAUSES } from '../channel/hangup-cause.ts';
import type { CallEffect, CallEnv, RouteOutcome } from './call-messages.ts';
import type { CallChallenge, CallSnapshot } from './call-snapshot.ts';
import { CHALLENGE_TIMER_PREFIX, move, prefixedTimerId, terminate } from './call-ending.ts';
import { startChallenge, stepChallenge, type ChallengeEffect, type ChallengeInput } from './password-challenge.ts';
import { DEFAULT_PROMPT_LANGUAGE } from './call-ivr.ts';
import { answerCallerOnce } from './caller-answer.ts';

type Env = MachineEnv<CallEnv>;
type Effect = CallEffect | KernelEffect;
type Result = Transition<CallSnapshot, Effect>;


export function challengeTimerName(timerId: number): string {
  return `${CHALLENGE_TIMER_PREFIX}${timerId}`;
}

/** The challenge machine's timer id of a kernel timer name, when it is a challenge timer. */
export function challengeTimerId(name: string): number | undefined {
  return prefixedTimerId(CHALLENGE_TIMER_PREFIX, name);
}

/** A route asked for a password: the call enters `challenge`, answers its caller (once) and asks. */
export function enterChallenge(snapshot: CallSnapshot, outcome: Extract<RouteOutcome, { type: 'challenge' }>, env: Env): Result {
  // Prompt ids go on after an IVR's, so a late report of one of its prompts is never taken for ours.
  const step = startChallenge((snapshot.ivr?.machine.lastId ?? 0) + 1, outcome.kind ?? 'permission');
  const changes = { challenge: { tenantUuid: outcome.tenantUuid, request: outcome.request, machine: step.state } };
  // A route followed after a passed challenge (a forward) may meet another one.
  const entered: CallSnapshot = snapshot.state === 'challenge' ? { ...snapshot, ...changes } : move(snapshot, 'challenge', changes);
  const answered = answerCallerOnce(entered, env.now);
  return prefixed(answered.effects, carryOut(answered.snapshot, step.effects, env));
}

/** An input for the challenge: ignored unless the call is in a challenge still running. */
export function onChallengeInput(snapshot: CallSnapshot, input: ChallengeInput, env: Env): Result {
  const { challenge } = snapshot;
  if (snapshot.state !== 'challenge' || challenge === undefined) return ignored(`${input.type} outside a password challenge`);
  const step = stepChallenge(challenge.machine, input);
  if (step.state === challenge.machine) return ignored(`${input.type} not awaited by the password challenge`);
  return carryOut({ ...snapshot, challenge: { ...challenge, machine: step.state } }, step.effects, env);
}

/**
 * The routing port answered the digits: another `challenge` means a wrong password; anything else
 * is the route's outcome for a right one, followed by `follow` (the call's routed answer).
 */
export function onChallengeRouted(snapshot: CallSnapshot, outcome: RouteOutcome, env: Env, follow: (snapshot: CallSnapshot, outcome: RouteOutcome, env: Env) => Result): Result {
  if (snapshot.challenge?.machine.phase.type !== 'verifying') return ignored('routed while the password challenge does not wait for it');
  const verified = onChallengeInput(snapshot, { type: 'verified', right: outcome.type !== 'challenge' }, env);
  if (verified.type !== 'handled' || outcome.type === 'challenge') return verified;
  return prefixed(verified.effects, follow(verified.snapshot, outcome, env));
}

/** Carries out the machine's effects in order; `hangup` (always last) ends the call. */
function carryOut(snapshot: CallSnapshot, effects: readonly ChallengeEffect[], env: Env): Result {
  const challenge = snapshot.challenge as CallChallenge;
  const out: Effect[] = [];
  for (const effect of effects) {
    switch (effect.type) {
      case 'play':
        out.push({ type: 'media.play', playId: effect.playId, sound: effect.sound, tenantUuid: challenge.tenantUuid, language: DEFAULT_PROMPT_LANGUAGE });
        break;
      case 'stop_play':
        out.push({ type: 'media.stop_play', playId: effect.playId });
        break;
      case 'timer.arm':
        out.push({ type: 'timer.start', name: challengeTimerName(effect.timerId), delayMs: effect.afterMs });
        break;
      case 'timer.cancel':
        out.push({ type: 'timer.cancel', name: challengeTimerName(effect.timerId) });
        break;
      case 'verify': {
        const { request } = challenge;
        out.push({ type: 'route.resolve', dialed: request.dialed, context: request.context, reason: 'password', password: effect.digits, ...(request.target === undefined ? {} : { target: request.target }) });
        break;
      }
      case 'allowed':
        break;
      case 'hangup':
        return prefixed(out, terminate(snapshot, CAUSES.normal, env));
    }
  }
  return handled(snapshot, out);
}

function prefixed(effects: readonly Effect[], result: Result): Result {
  return result.type === 'handled' ? handled(result.snapshot, [...effects, ...result.effects]) : result;
}
