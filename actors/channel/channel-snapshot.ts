/**
 * A channel's snapshot: everything its machine needs, as plain data, so it can be replicated and
 * rehydrated on another node.
 */
import type { ActorAddress } from '../kernel/index.ts';
import type { ChannelState } from './channel-state.ts';
import type { HangupCause } from './hangup-cause.ts';

export type ChannelDirection = 'inbound' | 'outbound';

export interface ChannelSnapshot {
  readonly state: ChannelState;
  readonly channelId: string;
  /** The call that owns this leg; facts are told to it. */
  readonly call: ActorAddress;
  readonly direction: ChannelDirection;
  readonly createdAtMs: number;
  readonly answeredAtMs?: number;
  readonly endedAtMs?: number;
  readonly cause?: HangupCause;
  /** True when the far end ended the leg (BYE, CANCEL, a final error response). */
  readonly endedByRemote?: boolean;
  /** The last session description received from the far end. */
  readonly remoteSdp?: string;
}

/** A new inbound leg: its INVITE has arrived, so it is offering at once. */
export function inboundChannel(channelId: string, call: ActorAddress, nowMs: number, remoteSdp?: string): ChannelSnapshot {
  return { state: 'offering', channelId, call, direction: 'inbound', createdAtMs: nowMs, ...(remoteSdp === undefined ? {} : { remoteSdp }) };
}

/** A new outbound leg, idle until its call dials it. */
export function outboundChannel(channelId: string, call: ActorAddress, nowMs: number): ChannelSnapshot {
  return { state: 'idle', channelId, call, direction: 'outbound', createdAtMs: nowMs };
}
