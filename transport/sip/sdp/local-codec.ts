/**
 * A codec we support, as configured (the allow list), and how it is matched against a peer's.
 *
 * @remarks Two formats are the same codec when their media subtype names match case-insensitively
 * (https://www.rfc-editor.org/rfc/rfc4855#section-3) and their clock rates and channel counts are
 * equal (https://www.rfc-editor.org/rfc/rfc3264#section-6.1: "the same codec" means the same
 * encoding, clock rate and encoding parameters).
 */
import type { Codec } from './session-description.ts';

/** A codec of our allow list. */
export interface LocalCodec {
  readonly name: string;
  readonly clockRate: number;
  /** Audio channels; absent means one. */
  readonly channels?: number;
  /** The payload type to offer it with; a static codec defaults to its static type. */
  readonly pt?: number;
  /** The fmtp parameters we send for it, if any. */
  readonly fmtp?: string;
}

/** The identity of a codec for matching: name, clock rate and channels. */
export type CodecIdentity = Pick<LocalCodec, 'name' | 'clockRate' | 'channels'>;

/** Whether two formats are the same codec. */
export function isSameCodec(left: CodecIdentity, right: CodecIdentity): boolean {
  return left.name.toLowerCase() === right.name.toLowerCase() && left.clockRate === right.clockRate && (left.channels ?? 1) === (right.channels ?? 1);
}

/** Our codec that matches the peer's format, if any. */
export function findLocalCodec(supported: readonly LocalCodec[], peer: Codec): LocalCodec | undefined {
  return supported.find((local) => isSameCodec(local, peer));
}

const ENCODING_NAME = /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]{1,64}$/;
const MAX_CLOCK_RATE = 9_999_999;

/**
 * Checks a configured codec list; undefined when every entry can be written in an rtpmap.
 *
 * @remarks `<encoding name>/<clock rate>[/<channels>]` with the name an RFC 8866 token
 * (https://www.rfc-editor.org/rfc/rfc8866#section-6.6); `telephone-event` is not a voice codec and
 * is configured apart.
 */
export function checkLocalCodecs(codecs: readonly LocalCodec[]): string | undefined {
  for (const codec of codecs) {
    if (!ENCODING_NAME.test(codec.name) || codec.name.toLowerCase() === 'telephone-event') return `codec name ${JSON.stringify(codec.name)} cannot be offered`;
    if (!Number.isInteger(codec.clockRate) || codec.clockRate < 1 || codec.clockRate > MAX_CLOCK_RATE) return `clock rate of ${codec.name} out of range`;
    if (codec.channels !== undefined && (!Number.isInteger(codec.channels) || codec.channels < 1 || codec.channels > 99)) return `channels of ${codec.name} out of range`;
  }
  return undefined;
}
