/**
 * What a channel receives (commands from its call, facts from its SIP leg) and what it tells its
 * call. Plain data: they cross worker and node boundaries.
 *
 * @remarks
 * Commands are imperative (`channel.answer`), facts past tense (`channel.answered`). SIP facts come
 * from the leg's INVITE session in the UA core, adapted by the channel's shell.
 */
import type { HangupCause } from './hangup-cause.ts';

/** Where an outbound leg is sent: a registered contact of the callee. */
export interface DialTarget {
  /** The Request-URI (the contact's URI). */
  readonly requestUri: string;
  /** Transport destination: where the REGISTER really came from (NAT), with its connection. */
  readonly destination: { readonly transport: 'udp' | 'tcp' | 'ws'; readonly address: string; readonly port: number; readonly connectionId?: string };
  /** The AOR being called, for the To header. */
  readonly toUri: string;
  /** The trunk the INVITE goes through, when it goes out; its credentials stay with the trunk, never in a snapshot. */
  readonly trunkId?: number;
}

/** The caller's identity as shown to the callee (From display name and user). */
export interface PartyIdentity {
  readonly name: string;
  readonly number: string;
  /**
   * The caller withholds its identity (RFC 3323 `Privacy: id`; `name` and `number` then show it as
   * anonymous): its real one, which only a trusted peer learns (RFC 3325 P-Asserted-Identity).
   */
  readonly withheld?: { readonly name: string; readonly number: string };
}

/** Commands from the call. */
export type ChannelCommand =
  | { readonly type: 'channel.dial'; readonly target: DialTarget; readonly caller: PartyIdentity; readonly sdp: string }
  | { readonly type: 'channel.progress'; readonly status: 180 | 183; readonly sdp?: string }
  | { readonly type: 'channel.answer'; readonly sdp: string }
  | { readonly type: 'channel.hangup'; readonly cause: HangupCause }
  | { readonly type: 'channel.update_media'; readonly sdp: string }
  | { readonly type: 'channel.reinvite_answer'; readonly sdp: string }
  | { readonly type: 'channel.send_info'; readonly contentType: string; readonly body: string };

/** Facts from the SIP leg (the INVITE session of the UA core). */
export type SipLegFact =
  | { readonly type: 'sip.provisional'; readonly status: number; readonly sdp?: string }
  | { readonly type: 'sip.answered'; readonly sdp: string }
  | { readonly type: 'sip.confirmed' }
  | { readonly type: 'sip.failed'; readonly status: number; readonly reason: string }
  | { readonly type: 'sip.cancelled' }
  | { readonly type: 'sip.bye_received' }
  | { readonly type: 'sip.reinvite_received'; readonly sdp: string; readonly hold: boolean }
  | { readonly type: 'sip.reinvite_answered'; readonly sdp: string }
  | { readonly type: 'sip.info_received'; readonly contentType: string; readonly body: string }
  | { readonly type: 'sip.ack_timeout' }
  | { readonly type: 'sip.session_expired' };

/** Every message a channel handles. */
export type ChannelMessage = ChannelCommand | SipLegFact;

/** Facts a channel tells its call. */
export type ChannelFact =
  | { readonly type: 'channel.ringing'; readonly channelId: string; readonly status: number; readonly sdp?: string }
  | { readonly type: 'channel.answered'; readonly channelId: string; readonly sdp?: string }
  | { readonly type: 'channel.hung_up'; readonly channelId: string; readonly cause: HangupCause; readonly byRemote: boolean }
  | { readonly type: 'channel.held'; readonly channelId: string; readonly sdp: string }
  | { readonly type: 'channel.resumed'; readonly channelId: string; readonly sdp: string }
  | { readonly type: 'channel.media_changed'; readonly channelId: string; readonly sdp: string }
  /** The peer answered the offer of our re-INVITE or UPDATE (`channel.update_media`) with `sdp`. */
  | { readonly type: 'channel.reoffer_answered'; readonly channelId: string; readonly sdp: string }
  | { readonly type: 'channel.info'; readonly channelId: string; readonly contentType: string; readonly body: string };

/** Effects a channel asks of its SIP leg port. */
export type ChannelEffect =
  | { readonly type: 'sip.invite'; readonly target: DialTarget; readonly caller: PartyIdentity; readonly sdp: string }
  | { readonly type: 'sip.provisional'; readonly status: 180 | 183; readonly sdp?: string }
  | { readonly type: 'sip.accept'; readonly sdp: string }
  | { readonly type: 'sip.reject'; readonly status: number; readonly reason: string }
  /** Cancel the INVITE; `reason` goes in a Reason header (RFC 3326). */
  | { readonly type: 'sip.cancel'; readonly reason?: string }
  | { readonly type: 'sip.bye' }
  | { readonly type: 'sip.reinvite'; readonly sdp: string }
  | { readonly type: 'sip.answer_reinvite'; readonly sdp: string }
  | { readonly type: 'sip.info'; readonly contentType: string; readonly body: string };
