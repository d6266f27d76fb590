/**
 * A voicemail deposit (seed CF-18): the call routed to a mailbox answers its caller, plays the
 * greeting (Asterisk's `vm-intro`), then a beep, then records the caller's leg; the caller ends the
 * message with `#`, by hanging up, or by reaching the maximum length, as with Asterisk's
 * `VoiceMail()`. The call then hangs up.
 *
 * @remarks
 * The call stays in state `announcing` (the node answered and the caller hears prompts). Storing
 * the message is the port's job (`voicemail.record`): it also stores it when the caller hangs up
 * while recording, after the call has ended; a caller who hangs up during the greeting or the beep
 * leaves no message since nothing was recorded. `#` during the greeting skips to the beep.
 */
import { handled, ignored, type KernelEffect, type MachineEnv, type Transition } from '../kernel/index.ts';
import { CAUSES } from '../channel/hangup-cause.ts';
import type { CallEffect, CallEnv, RouteOutcome } from './call-messages.ts';
import type { CallSnapshot, CallVoicemail } from './call-snapshot.ts';
import { move, terminate } from './call-ending.ts';
import { DEFAULT_PROMPT_LANGUAGE } from './call-ivr.ts';
import { answerCallerOnce } from './caller-answer.ts';

type Env = MachineEnv<CallEnv>;
type Effect = CallEffect | KernelEffect;
type Result = Transition<CallSnapshot, Effect>;

/** The play ids of the greeting and the beep. */
export const VOICEMAIL_GREETING_PLAY_ID = 101;
export const VOICEMAIL_BEEP_PLAY_ID = 102;
/** The prompts played (Asterisk's sound names). */
export const VOICEMAIL_GREETING_SOUND = 'vm-intro';
export const VOICEMAIL_BEEP_SOUND = 'beep';

function play(snapshot: CallSnapshot, playId: number, sound: string): Effect {
  return { type: 'media.play', playId, sound, tenantUuid: snapshot.voicemail?.mailbox.tenantUuid ?? '', language: DEFAULT_PROMPT_LANGUAGE };
}

function withPhase(snapshot: CallSnapshot, voicemail: CallVoicemail, phase: CallVoicemail['phase']): CallSnapshot {
  return { ...snapshot, voicemail: { ...voicemail, phase } };
}

/** The call reached a mailbox: answer the caller (unless an IVR did) and play the greeting. */
export function enterVoicemail(snapshot: CallSnapshot, outcome: Extract<RouteOutcome, { type: 'voicemail' }>, env: Env): Result {
  const { snapshot: moved, effects: answering } = answerCallerOnce(move(snapshot, 'announcing', { voicemail: { mailbox: outcome.mailbox, phase: 'greeting' } }), env.now);
  return handled(moved, [...answering, play(moved, VOICEMAIL_GREETING_PLAY_ID, VOICEMAIL_GREETING_SOUND)]);
}

/** A prompt ended: after the greeting the beep, after the beep the recording. */
export function onVoicemailPlayed(snapshot: CallSnapshot, playId: number): Result {
  const { voicemail } = snapshot;
  if (voicemail === undefined) return ignored('no voicemail deposit');
  if (voicemail.phase === 'greeting' && playId === VOICEMAIL_GREETING_PLAY_ID) {
    const next = withPhase(snapshot, voicemail, 'beep');
    return handled(next, [play(next, VOICEMAIL_BEEP_PLAY_ID, VOICEMAIL_BEEP_SOUND)]);
  }
  if (voicemail.phase === 'beep' && playId === VOICEMAIL_BEEP_PLAY_ID) {
    const caller = { name: snapshot.caller.name, number: snapshot.caller.number };
    return handled(withPhase(snapshot, voicemail, 'recording'), [{ type: 'voicemail.record', mailbox: voicemail.mailbox, caller }]);
  }
  return ignored(`prompt ${playId} in voicemail ${voicemail.phase}`);
}

/** A digit from the caller: `#` during the greeting skips it (while recording, the recorder itself stops on `#`). */
export function onVoicemailDigit(snapshot: CallSnapshot, digit: string): Result {
  const { voicemail } = snapshot;
  if (voicemail?.phase !== 'greeting' || digit !== '#') return ignored(`digit ${digit} in voicemail ${voicemail?.phase ?? 'none'}`);
  const next = withPhase(snapshot, voicemail, 'beep');
  return handled(next, [{ type: 'media.stop_play', playId: VOICEMAIL_GREETING_PLAY_ID }, play(next, VOICEMAIL_BEEP_PLAY_ID, VOICEMAIL_BEEP_SOUND)]);
}

/** The recording ended (`#` or its maximum length): the call hangs up normally. */
export function onVoicemailRecorded(snapshot: CallSnapshot, env: Env): Result {
  if (snapshot.state !== 'announcing' || snapshot.voicemail?.phase !== 'recording') return ignored('recording end outside a voicemail deposit');
  return terminate(snapshot, CAUSES.normal, env);
}
