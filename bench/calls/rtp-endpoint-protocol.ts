/**
 * The messages between bench/calls and its RTP endpoints process (plain data over the IPC channel).
 */
import type { MediaPeer } from './ramp.ts';

/** The caller's phones and the callee's phones are counted apart, one direction each. */
export type EndpointGroup = 'caller' | 'callee';

export type EndpointCommand =
  /** Binds `count` sockets on even ports from `firstPort` up (taken ports are skipped). */
  | { readonly type: 'open'; readonly group: EndpointGroup; readonly count: number; readonly firstPort: number }
  /** Starts 20 ms G.711 A-law from each named endpoint to its peer. */
  | { readonly type: 'peers'; readonly group: EndpointGroup; readonly peers: readonly MediaPeer[] }
  /**
   * Counts, from now on, the packets sent and received whose send time (stamped in the payload)
   * falls in [fromMs, toMs): the two sides then count the same packets, whenever each is asked.
   */
  | { readonly type: 'window'; readonly fromMs: number; readonly toMs: number }
  | { readonly type: 'counters' }
  | { readonly type: 'close' };

export interface GroupCounters {
  /** Packets sent and received in all. */
  readonly sent: number;
  readonly received: number;
  /** Packets sent, and received, that were sent within the window. */
  readonly windowSent: number;
  readonly windowReceived: number;
  /** Endpoints that have a peer. */
  readonly sending: number;
}

export type EndpointReply =
  | { readonly type: 'opened'; readonly group: EndpointGroup; readonly ports: readonly number[] }
  | { readonly type: 'counters'; readonly caller: GroupCounters; readonly callee: GroupCounters }
  | { readonly type: 'error'; readonly message: string };
