/**
 * A mailbox consulted from a call (seed CF-18, `*98` and `*99<number>`): the call answers its
 * caller (unless a password challenge already did), runs the consultation machine
 * (mailbox-consult.ts) and hangs up when it ends.
 *
 * @remarks
 * The machine's effects become the call's: prompts are `media.play` / `media.stop_play` of the
 * mailbox tenant's sounds, a message is `voicemail.play_message` (reported as any prompt, with
 * `call.play_finished`), timers are kernel timers named `mailbox.<id>`, `mark_heard` and `delete`
 * go to the voicemail port, and `hangup` ends the call normally. The call stays in `announcing`.
 * A caller who hangs up ends the call as in any other state; `terminate` cancels the pending timer.
 */
import { handled, ignored, type KernelEffect, type MachineEnv, type Transition } from '../kernel/index.ts';
import { CAUSES } from '../channel/hangup-cause.ts';
import type { CallEffect, CallEnv, RouteOutcome } from './call-messages.ts';
import type { CallMailboxConsult, CallSnapshot } from './call-snapshot.ts';
import { CONSULT_TIMER_PREFIX, move, prefixedTimerId, terminate } from './call-ending.ts';
import { startConsult, stepConsult, type ConsultEffect, type ConsultInput } from './mailbox-consult.ts';
import { DEFAULT_PROMPT_LANGUAGE } from './call-ivr.ts';
import { answerCallerOnce } from './caller-answer.ts';

type Env = MachineEnv<CallEnv>;
type Effect = CallEffect | KernelEffect;
type Result = Transition<CallSnapshot, Effect>;

export function consultTimerName(timerId: number): string {
  return `${CONSULT_TIMER_PREFIX}${timerId}`;
}

/** The consultation machine's timer id of a kernel timer name, when it is one of its timers. */
export function consultTimerId(name: string): number | undefined {
  return prefixedTimerId(CONSULT_TIMER_PREFIX, name);
}

/** The call reached a mailbox to consult: answer the caller (once) and start the summary. */
export function enterMailboxConsult(snapshot: CallSnapshot, outcome: Extract<RouteOutcome, { type: 'mailbox' }>, env: Env): Result {
  // Prompt ids go on after a challenge's, so a late report of one of its prompts is never taken for ours.
  const step = startConsult(outcome.messages, (snapshot.challenge?.machine.lastId ?? snapshot.ivr?.machine.lastId ?? 0) + 1);
  const { snapshot: moved, effects: answering } = answerCallerOnce(move(snapshot, 'announcing', { mailboxConsult: { mailbox: outcome.mailbox, machine: step.state } }), env.now);
  return prefixed(answering, carryOut(moved, step.effects, env));
}

/** An input for the consultation: ignored unless the call consults a mailbox. */
export function onMailboxConsultInput(snapshot: CallSnapshot, input: ConsultInput, env: Env): Result {
  const consult = snapshot.mailboxConsult;
  if (snapshot.state !== 'announcing' || consult === undefined) return ignored(`${input.type} outside a mailbox consultation`);
  const step = stepConsult(consult.machine, input);
  if (step.state === consult.machine) return ignored(`${input.type} not awaited by the mailbox consultation`);
  return carryOut({ ...snapshot, mailboxConsult: { ...consult, machine: step.state } }, step.effects, env);
}

/** Carries out the machine's effects in order; `hangup` (always last) ends the call. */
function carryOut(snapshot: CallSnapshot, effects: readonly ConsultEffect[], env: Env): Result {
  const { mailbox } = snapshot.mailboxConsult as CallMailboxConsult;
  const out: Effect[] = [];
  for (const effect of effects) {
    switch (effect.type) {
      case 'play':
        out.push({ type: 'media.play', playId: effect.playId, sound: effect.sound, tenantUuid: mailbox.tenantUuid, language: DEFAULT_PROMPT_LANGUAGE });
        break;
      case 'play_message':
        out.push({ type: 'voicemail.play_message', playId: effect.playId, mailbox, messageId: effect.messageId });
        break;
      case 'stop_play':
        out.push({ type: 'media.stop_play', playId: effect.playId });
        break;
      case 'timer.arm':
        out.push({ type: 'timer.start', name: consultTimerName(effect.timerId), delayMs: effect.afterMs });
        break;
      case 'timer.cancel':
        out.push({ type: 'timer.cancel', name: consultTimerName(effect.timerId) });
        break;
      case 'mark_heard':
        out.push({ type: 'voicemail.mark_heard', mailbox, messageId: effect.messageId });
        break;
      case 'delete':
        out.push({ type: 'voicemail.delete', mailbox, messageId: effect.messageId });
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
