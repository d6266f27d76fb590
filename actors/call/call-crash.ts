/**
 * What the call supervisor does for a call actor that crashed, from its last snapshot: calls are
 * temporary children and are never restarted (a restarted call would be a new call to the people
 * on it), so the supervisor ends it cleanly instead.
 *
 * @remarks
 * Every leg still up is told to hang up (each channel sends its BYE, CANCEL or final response),
 * the media session is released, and the call log is written with the crash as its cause, once:
 * the store's call log is idempotent on the call id, so a log the actor had already written is not
 * duplicated. Pure, so the rule is tested without a crash.
 */
import type { KernelEffect } from '../kernel/index.ts';
import { CAUSES } from '../channel/hangup-cause.ts';
import type { CallEffect } from './call-messages.ts';
import type { CallSnapshot } from './call-snapshot.ts';
import { callLogOf } from './call-records.ts';
import { channelLifecycleEvents } from './call-events.ts';
import { hangUpLegs, command } from './call-legs.ts';
import { conferenceLeave, handoverEndEvents, queueEnd } from './call-ending.ts';

/** The effects that end a crashed call (nothing when it had already terminated). */
export function crashedCallCleanup(snapshot: CallSnapshot, nowMs: number): readonly (CallEffect | KernelEffect)[] {
  if (snapshot.state === 'terminated') return [];
  const cause = CAUSES.crashed;
  const ended: CallSnapshot = { ...snapshot, state: 'terminated', endedAtMs: nowMs, cause };
  // Every channel that had not reported its end ends now: its `call_ended` goes out with the log.
  return [
    ...hangUpLegs(snapshot, cause),
    ...(snapshot.callerLive ? [command(snapshot.caller.channelId, { type: 'channel.hangup', cause })] : []),
    // A participant of a conference room leaves it.
    ...conferenceLeave(snapshot),
    // A caller waiting in a queue abandons it; a call a member took ends for the queue.
    ...queueEnd(snapshot),
    { type: 'media.release' },
    { type: 'call_log.write', log: callLogOf(ended, nowMs, cause) },
    ...channelLifecycleEvents(snapshot, ended, nowMs),
    // A transfer or relocate in progress ends with the call: its initiator is told.
    ...(snapshot.handover === undefined ? [] : handoverEndEvents(snapshot, snapshot.handover)),
  ];
}
