/**
 * The plain-data model of a Session Description (RFC 8866), reduced to what a media-anchoring
 * B2BUA relies on: the origin, the timing, and each media stream's transport, formats and direction.
 *
 * @remarks Plain data (no classes, no bigint) so that it survives structured clone and the cluster
 * serialisation inside a channel snapshot. Session id and version stay decimal strings: they are
 * often NTP timestamps or 64-bit values that a JavaScript number would round.
 * https://www.rfc-editor.org/rfc/rfc8866#section-5
 */

/**
 * A stream's direction attribute.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc8866#section-6.7 (default `sendrecv`, media level
 * overrides session level).
 */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** The four direction attributes, for validation and generators. */
export const MEDIA_DIRECTIONS: readonly MediaDirection[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

/** The address family of a connection or origin address (RFC 8866 §5.7 `addrtype`). */
export type AddressType = 'IP4' | 'IP6';

/**
 * One RTP payload format of a media stream.
 *
 * @remarks `name` keeps the peer's spelling; media subtype names compare case-insensitively
 * (https://www.rfc-editor.org/rfc/rfc4855#section-3). `pt` is the payload type the peer uses.
 */
export interface Codec {
  readonly name: string;
  readonly pt: number;
  readonly clockRate: number;
  /** Audio channels (the rtpmap encoding parameter); absent means one. */
  readonly channels?: number;
  /** The raw `a=fmtp` parameters of this payload type, when given. */
  readonly fmtp?: string;
}

/**
 * An inclusive range of RFC 4733 event codes, such as 0-15 (the DTMF digits) or 16 (flash).
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc4733#section-7.1.1
 */
export interface EventRange {
  readonly first: number;
  readonly last: number;
}

/**
 * The `telephone-event` payload format of a stream (RFC 4733 named events, DTMF).
 *
 * @remarks A stream may carry one per clock rate; the one whose rate matches the voice codec is used
 * (https://www.rfc-editor.org/rfc/rfc4733#section-2.3).
 */
export interface TelephoneEvent {
  readonly pt: number;
  readonly clockRate: number;
  /** The events the peer supports; 0-15 when the `events` fmtp parameter is absent. */
  readonly events: readonly EventRange[];
}

/**
 * Where RTCP goes when not on the RTP port plus one.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3605#section-2.1
 */
export interface RtcpAddress {
  readonly port: number;
  readonly address?: string;
}

/**
 * The negotiable part of one audio stream, as read from an offer or an answer.
 *
 * @remarks `direction` is the effective direction: the old RFC 2543 hold form (`c=0.0.0.0`) turns
 * `sendrecv` into `sendonly` and `recvonly` into `inactive`, because that peer will not receive.
 * `hold` is true when the peer asks not to receive (`sendonly`, `inactive` or `c=0.0.0.0`).
 * https://www.rfc-editor.org/rfc/rfc3264#section-8.4
 */
export interface MediaOffer {
  readonly address: string;
  readonly addressType: AddressType;
  readonly port: number;
  /** Voice formats in the peer's order of preference; `telephone-event` is kept apart. */
  readonly codecs: readonly Codec[];
  readonly telephoneEvent?: TelephoneEvent;
  /** Every `telephone-event` format offered (one per clock rate at most in practice). */
  readonly telephoneEvents: readonly TelephoneEvent[];
  readonly direction: MediaDirection;
  readonly hold: boolean;
  readonly ptime?: number;
  readonly maxptime?: number;
  readonly rtcp?: RtcpAddress;
  readonly rtcpMux: boolean;
}

/**
 * One `m=` section, whatever its media type.
 *
 * @remarks Every section is kept, supported or not, because an answer carries exactly as many
 * `m=` lines as the offer, in the same order (https://www.rfc-editor.org/rfc/rfc3264#section-6).
 * `address` is empty when neither the section nor the session has a `c=` line, which is legal only
 * for a disabled stream (port 0).
 */
export interface MediaDescription extends MediaOffer {
  /** The media type: `audio`, `video`, `image`, `application`, … (lower case as sent). */
  readonly kind: string;
  readonly protocol: string;
  /** The `<fmt>` list exactly as sent, in order. */
  readonly formats: readonly string[];
  /** The `/<number of ports>` suffix, when present. */
  readonly portCount?: number;
}

/**
 * The `o=` line.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc8866#section-5.2
 */
export interface Origin {
  readonly username: string;
  readonly sessionId: string;
  readonly sessionVersion: string;
  readonly addressType: AddressType;
  readonly address: string;
}

/** A parsed session description. */
export interface SessionDescription {
  readonly origin: Origin;
  readonly sessionName: string;
  /** The first `t=` line as `start stop` (decimal NTP seconds); `0 0` when absent. */
  readonly timing: string;
  readonly media: readonly MediaDescription[];
}
