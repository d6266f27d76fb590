/**
 * Bookkeeping of a call's outbound legs: pure helpers over the snapshot.
 */
import type { KernelEffect } from '../kernel/index.ts';
import type { ChannelCommand } from '../channel/channel-messages.ts';
import { Q850, type HangupCause } from '../channel/hangup-cause.ts';
import { channelAddress, type CallSnapshot, type OutboundLeg } from './call-snapshot.ts';

/** Sends a command to one of the call's channels. */
export function command(channelId: string, message: ChannelCommand): KernelEffect {
  return { type: 'send', to: channelAddress(channelId), message };
}

export function findLeg(snapshot: CallSnapshot, channelId: string): OutboundLeg | undefined {
  return snapshot.legs.find((leg) => leg.channelId === channelId);
}

export function withLeg(snapshot: CallSnapshot, channelId: string, changes: Partial<OutboundLeg>): CallSnapshot {
  return { ...snapshot, legs: snapshot.legs.map((leg) => (leg.channelId === channelId ? { ...leg, ...changes } : leg)) };
}

export function liveLegs(snapshot: CallSnapshot): readonly OutboundLeg[] {
  return snapshot.legs.filter((leg) => leg.status !== 'gone');
}

/** Hangs up every live outbound leg (except `keep`) with `cause`. */
export function hangUpLegs(snapshot: CallSnapshot, cause: HangupCause, keep?: string): KernelEffect[] {
  return liveLegs(snapshot)
    .filter((leg) => leg.channelId !== keep)
    .map((leg) => command(leg.channelId, { type: 'channel.hangup', cause }));
}

/**
 * The outcome of a ring attempt whose legs all failed, as Asterisk's Dial reports it: BUSY when a
 * leg was busy, else the cause of the last leg to fail (a declined call stays declined).
 */
export function failedAttemptCause(snapshot: CallSnapshot): HangupCause | undefined {
  const causes = snapshot.legs.map((leg) => leg.cause).filter((cause): cause is HangupCause => cause !== undefined);
  return causes.find((cause) => cause.q850 === Q850.userBusy) ?? causes.at(-1);
}

/** Whether every channel of the call has reported its end. */
export function everyChannelGone(snapshot: CallSnapshot): boolean {
  return !snapshot.callerLive && liveLegs(snapshot).length === 0;
}
