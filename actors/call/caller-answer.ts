/**
 * The node answers the caller itself (an IVR, a password or PIN, a mailbox, a room): once per call,
 * whatever hosts the call next, with the answer's `call_updated`.
 */
import type { KernelEffect } from '../kernel/index.ts';
import type { CallEffect } from './call-messages.ts';
import type { CallSnapshot } from './call-snapshot.ts';
import { command } from './call-legs.ts';
import { callerChannelModel, channelEvent } from './call-events.ts';

/** Answers the caller unless it is answered already: the snapshot marked answered and the effects (none when it was). */
export function answerCallerOnce(snapshot: CallSnapshot, nowMs: number): { readonly snapshot: CallSnapshot; readonly effects: (CallEffect | KernelEffect)[] } {
  if (snapshot.callerAnswered === true) return { snapshot, effects: [] };
  const answered: CallSnapshot = { ...snapshot, callerAnswered: true, answeredAtMs: nowMs };
  return {
    snapshot: answered,
    effects: [command(answered.caller.channelId, { type: 'channel.answer', sdp: answered.media.callerAnswerSdp }), channelEvent('call_updated', callerChannelModel(answered))],
  };
}
