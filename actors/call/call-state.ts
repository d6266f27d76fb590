/**
 * The states of a call: the conversation that owns its channels (one inbound leg, the outbound legs
 * it rings).
 *
 * @remarks
 * ```
 *   initial ──routed to a user──► establishing ──a leg answers──► established
 *      │                              │   ▲                             │
 *      │                              │   └── no-answer / busy forward  │
 *      └──refused (404, busy…)──┐     └──every leg failed, timeout──┐   │ a side hangs up
 *                               ▼                                   ▼   ▼
 *                          terminating ◄─────────────────────────── terminating ──every channel gone──► terminated
 *
 *   initial / establishing (a forward) ──routed to an IVR──► ivr ──the IVR chose a user or a number──► establishing
 *                                                             │  (the node answered the caller: no 180/183/200 again)
 *                                                             └──hang-up, abort, hangup destination──► terminating
 *
 *   initial ──a feature code ran──► announcing ──its confirmation played, or a hang-up──► terminating
 *   initial / ivr / challenge / establishing (a forward) ──routed to a mailbox──► announcing
 *       (greeting, beep, recording) ──#, maximum length, or a hang-up──► terminating
 *   initial / establishing / ivr ──a call permission asks for a password──► challenge
 *   challenge ──right password: the route's answer (a user, trunks)──► establishing (the caller is answered)
 *       │  (wrong: asked again, three attempts)
 *       └──three wrong attempts, hang-up, refusal──► terminating
 *   initial / ivr / challenge / establishing (a forward) ──routed to a conference room──► conference
 *       (joining, joined; alone: conf-onlyperson, music) ──hang-up, kicked (conf-kicked),
 *       refused by a full room (conf-locked)──► terminating
 *   initial / ivr / challenge / establishing (a forward) ──routed to a queue──► queued
 *       (waiting with the queue's music, its members rung as the queue offers them)
 *       ──a member answers──► established   ──not entered, timeout, empty──► the queue's fallback
 *       (establishing, ivr, announcing, conference, queued…) or terminating
 * ```
 * In `announcing` the node has answered the caller and plays the feature code's confirmation
 * (call-announcement.ts), or runs a voicemail deposit (call-voicemail.ts). In `challenge` the call hosts the password challenge (call-challenge.ts):
 * prompts on the caller's leg, its DTMF and its timers (kernel timers named `challenge.<id>`).
 * In `conference` the node answered the caller, who is a participant of a room (call-conference.ts).
 * In `ivr` the call hosts the IVR machine (call-ivr.ts): prompts on the caller's leg, its DTMF and
 * its timers (kernel timers named `ivr.<id>`); an IVR destination that is another IVR stays in `ivr`.
 * `terminating` waits for every channel to report `channel.hung_up` (or a grace timer), so the call
 * log is written once, with the real end time, after the last leg is gone.
 */
import type { AllowedTransitions } from '../kernel/index.ts';

export type CallState = 'initial' | 'ivr' | 'announcing' | 'challenge' | 'conference' | 'queued' | 'establishing' | 'established' | 'terminating' | 'terminated';

export const CALL_ALLOWED: AllowedTransitions<CallState> = {
  initial: ['establishing', 'ivr', 'announcing', 'challenge', 'conference', 'queued', 'terminating'],
  ivr: ['establishing', 'challenge', 'announcing', 'conference', 'queued', 'terminating'],
  announcing: ['terminating'],
  challenge: ['establishing', 'ivr', 'announcing', 'conference', 'queued', 'terminating'],
  conference: ['terminating'],
  queued: ['established', 'establishing', 'ivr', 'challenge', 'announcing', 'conference', 'terminating'],
  establishing: ['established', 'ivr', 'challenge', 'announcing', 'conference', 'queued', 'terminating'],
  established: ['terminating'],
  terminating: ['terminated'],
  terminated: [],
};
