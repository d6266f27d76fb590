/**
 * A call originated for a user (calld's `POST /users/me/calls`): the user's own phone rings first,
 * showing whom they are about to call; once they answer, the destination is routed and dialed as
 * if they had dialed it.
 */
import { handled, ignored, type KernelEffect, type Transition } from '../kernel/index.ts';
import type { DialTarget } from '../channel/channel-messages.ts';
import type { CallEffect } from './call-messages.ts';
import type { CallSnapshot } from './call-snapshot.ts';
import { RING_TIMEOUT } from './call-ending.ts';
import { command } from './call-legs.ts';
import { callerChannelModel, channelEvent } from './call-events.ts';

type Effect = CallEffect | KernelEffect;
type Result = Transition<CallSnapshot, Effect>;

/** How long the originating user's phone rings before the originate gives up (Asterisk's originate timeout). */
export const ORIGINATE_RING_MS = 30_000;

/** Rings the originating user's phone at `source`, bounded by the originate timeout. */
export function startOriginate(snapshot: CallSnapshot, source: DialTarget): Result {
  const caller = snapshot.caller.channelId;
  // The user's phone shows whom they are about to call, as an originate does in the seed.
  return handled(snapshot, [
    channelEvent('call_created', callerChannelModel(snapshot)),
    { type: 'channel.spawn', channelId: caller, target: source },
    command(caller, { type: 'channel.dial', target: source, caller: { name: snapshot.dialed, number: snapshot.dialed }, sdp: snapshot.media.callerAnswerSdp }),
    { type: 'timer.start', name: RING_TIMEOUT, delayMs: ORIGINATE_RING_MS },
  ]);
}

/** The originating user answered: their leg gets its media, their channel is up, and the destination is dialed. */
export function onSourceAnswered(snapshot: CallSnapshot, sdp: string | undefined): Result {
  if (snapshot.originate === undefined) return ignored('not an originated call');
  const next: CallSnapshot = { ...snapshot, originate: { ...snapshot.originate, sourceAnswered: true } };
  return handled(next, [
    { type: 'timer.cancel', name: RING_TIMEOUT },
    ...(sdp === undefined ? [] : [{ type: 'media.reoffer_answered' as const, channelId: snapshot.caller.channelId, party: 'caller' as const, sdp }]),
    channelEvent('call_updated', callerChannelModel(next)),
    { type: 'route.resolve', dialed: snapshot.dialed, context: snapshot.caller.context, reason: 'dialed' },
  ]);
}
