/**
 * A feature code's confirmation (seed CF-26): the routing port has made the change (a service
 * toggled, a forward set); the call answers its caller, plays the confirmation prompt and hangs up
 * once it played out, as Wazo's feature dialplan does (`Answer`, `Playback(activated)`, `Hangup`).
 *
 * @remarks
 * A prompt that cannot be found or played is reported finished at once by the media port, so the
 * call still ends. A caller who hangs up first ends the call as in any other state.
 */
import { handled, ignored, type KernelEffect, type MachineEnv, type Transition } from '../kernel/index.ts';
import { CAUSES } from '../channel/hangup-cause.ts';
import type { CallEffect, CallEnv, RouteOutcome } from './call-messages.ts';
import type { CallSnapshot } from './call-snapshot.ts';
import { move, terminate } from './call-ending.ts';
import { answerCallerOnce } from './caller-answer.ts';
import { DEFAULT_PROMPT_LANGUAGE } from './call-ivr.ts';

type Env = MachineEnv<CallEnv>;
type Result = Transition<CallSnapshot, CallEffect | KernelEffect>;

/** The play id of the confirmation, apart from the ids of the prompts that may come before it (an IVR, a password challenge). */
export const ANNOUNCEMENT_PLAY_ID = 301;

/**
 * The feature ran: answer the caller (unless a password challenge already did, as for an agent's
 * login) and play its confirmation.
 */
export function enterAnnouncement(snapshot: CallSnapshot, outcome: Extract<RouteOutcome, { type: 'feature' }>, env: Env): Result {
  const { snapshot: next, effects: answering } = answerCallerOnce(move(snapshot, 'announcing', { announcement: { feature: outcome.feature, playId: ANNOUNCEMENT_PLAY_ID } }), env.now);
  return handled(next, [
    ...answering,
    { type: 'media.play', playId: ANNOUNCEMENT_PLAY_ID, sound: outcome.sound, tenantUuid: outcome.tenantUuid, language: DEFAULT_PROMPT_LANGUAGE },
  ]);
}

/** A prompt ended: the confirmation's end hangs the call up normally. */
export function onAnnouncementPlayed(snapshot: CallSnapshot, playId: number, env: Env): Result {
  if (snapshot.announcement?.playId !== playId) return ignored(`prompt ${playId} is not the confirmation`);
  return terminate(snapshot, CAUSES.normal, env);
}
