/**
 * The IVR hosted inside a call (seed CF-19): the call routed to an IVR answers its caller, keeps
 * the IVR machine's state in its snapshot and carries out its effects, then routes the call to the
 * destination the caller chose with the caller already answered.
 *
 * @remarks
 * The machine's effects become the call's: `answer` answers the caller's channel with the call's
 * answer SDP (once: an IVR reached from another IVR does not answer again), prompts are
 * `media.play` / `media.stop_play` on the caller's leg, timers are kernel timers named
 * `ivr.<id>`, `route` routes the destination and `hangup` ends the call. Its inputs come back as
 * call messages: `call.dtmf` from the caller's leg, `call.play_finished`, and the timers. A caller
 * who hangs up ends the call as in any other state; `terminate` cancels the IVR's pending timer.
 */
import { handled, ignored, type KernelEffect, type MachineEnv, type Transition } from '../kernel/index.ts';
import { CAUSES, type HangupCause } from '../channel/hangup-cause.ts';
import { startIvr, stepIvr, type IvrEffect, type IvrInput } from '../ivr/index.ts';
import type { CallEffect, CallEnv, IvrDestination, RouteOutcome } from './call-messages.ts';
import type { CallIvr, CallSnapshot } from './call-snapshot.ts';
import { ivrTimerName, move, terminate } from './call-ending.ts';

export { ivrTimerId, IVR_TIMER_PREFIX } from './call-ending.ts';
import { answerCallerOnce } from './caller-answer.ts';

type Env = MachineEnv<CallEnv>;
type Effect = CallEffect | KernelEffect;
type Result = Transition<CallSnapshot, Effect>;

/** The language prompts are looked up in until callers carry their own (docs/decisions.md). */
export const DEFAULT_PROMPT_LANGUAGE = 'en_US';

/** An IVR destination of a kind the call cannot follow yet ends the call with this cause. */
export function unsupportedDestinationCause(kind: string): HangupCause {
  return { q850: 79, sipStatus: 501, text: `IVR destination ${kind} is not supported` };
}

/** The call was routed to an IVR: it enters state `ivr` (or restarts there, from another IVR) and the machine starts. */
export function enterIvr(snapshot: CallSnapshot, outcome: Extract<RouteOutcome, { type: 'ivr' }>, env: Env): Result {
  const entered = snapshot.state === 'ivr' ? snapshot : move(snapshot, 'ivr');
  const step = startIvr(outcome.menu);
  const ivr: CallIvr = { ivrId: outcome.ivrId, tenantUuid: outcome.tenantUuid, menu: outcome.menu, machine: step.state };
  return carryOut({ ...entered, ivr }, step.effects, env);
}

/** An input for the IVR: ignored unless the call is in an IVR still running. */
export function onIvrInput(snapshot: CallSnapshot, input: IvrInput, env: Env): Result {
  const { ivr } = snapshot;
  if (snapshot.state !== 'ivr' || ivr === undefined || ivr.machine.phase.type === 'finished') return ignored(`${input.type} outside an IVR`);
  const step = stepIvr(ivr.menu, ivr.machine, input);
  if (step.state === ivr.machine) return ignored(`${input.type} not awaited by the IVR`);
  return carryOut({ ...snapshot, ivr: { ...ivr, machine: step.state } }, step.effects, env);
}

/** Carries out the machine's effects in order; `route` and `hangup` (always last) leave the IVR. */
function carryOut(snapshot: CallSnapshot, effects: readonly IvrEffect<IvrDestination>[], env: Env): Result {
  let current = snapshot;
  const out: Effect[] = [];
  for (const effect of effects) {
    switch (effect.type) {
      case 'answer': {
        const answered = answerCallerOnce(current, env.now);
        current = answered.snapshot;
        out.push(...answered.effects);
        break;
      }
      case 'play':
        out.push({ type: 'media.play', playId: effect.playId, sound: effect.sound, tenantUuid: current.ivr?.tenantUuid ?? '', language: DEFAULT_PROMPT_LANGUAGE });
        break;
      case 'stop_play':
        out.push({ type: 'media.stop_play', playId: effect.playId });
        break;
      case 'timer.arm':
        out.push({ type: 'timer.start', name: ivrTimerName(effect.timerId), delayMs: effect.afterMs });
        break;
      case 'timer.cancel':
        out.push({ type: 'timer.cancel', name: ivrTimerName(effect.timerId) });
        break;
      case 'route':
        return prefixed(out, leave(current, effect.destination, env));
      case 'hangup':
        return prefixed(out, terminate(current, CAUSES.normal, env));
    }
  }
  return handled(current, out);
}

function prefixed(effects: readonly Effect[], result: Result): Result {
  return result.type === 'handled' ? handled(result.snapshot, [...effects, ...result.effects]) : result;
}

/** Leaves the IVR for its destination: routes it (the routed answer comes as `call.routed` in state `ivr`), or ends the call. */
function leave(snapshot: CallSnapshot, destination: IvrDestination, env: Env): Result {
  const context = snapshot.caller.context;
  switch (destination.type) {
    case 'user': {
      const target = { type: 'user' as const, userId: destination.userId, ...(destination.ringSeconds === undefined ? {} : { ringSeconds: destination.ringSeconds }) };
      return handled(snapshot, [{ type: 'route.resolve', dialed: snapshot.dialed, context, reason: 'ivr', target }]);
    }
    case 'ivr': {
      const target = { type: 'ivr' as const, ivrId: destination.ivrId, tenantUuid: snapshot.ivr?.tenantUuid ?? '' };
      return handled(snapshot, [{ type: 'route.resolve', dialed: snapshot.dialed, context, reason: 'ivr', target }]);
    }
    case 'group':
      return handled(snapshot, [{ type: 'route.resolve', dialed: snapshot.dialed, context, reason: 'ivr', target: { type: 'group', groupId: destination.groupId } }]);
    case 'voicemail':
      return handled(snapshot, [{ type: 'route.resolve', dialed: snapshot.dialed, context, reason: 'ivr', target: { type: 'voicemail', voicemailId: destination.voicemailId } }]);
    case 'conference':
      return handled(snapshot, [{ type: 'route.resolve', dialed: snapshot.dialed, context, reason: 'ivr', target: { type: 'conference', conferenceId: destination.conferenceId } }]);
    case 'queue':
      return handled(snapshot, [{ type: 'route.resolve', dialed: snapshot.dialed, context, reason: 'ivr', target: destination }]);
    case 'extension':
      return handled(snapshot, [{ type: 'route.resolve', dialed: destination.exten, context: destination.context, reason: 'ivr' }]);
    case 'hangup':
      return terminate(snapshot, destination.cause === 'busy' ? CAUSES.busy : destination.cause === 'congestion' ? CAUSES.congestion : CAUSES.normal, env);
    case 'unsupported':
      return terminate(snapshot, unsupportedDestinationCause(destination.kind), env);
  }
}
