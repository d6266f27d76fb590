/**
 * RTP fixed header: parse and serialize.
 *
 * @remarks
 * Implements the header layout of RFC 3550 §5.1 (https://www.rfc-editor.org/rfc/rfc3550#section-5.1)
 * and the header extension of §5.3.1 (https://www.rfc-editor.org/rfc/rfc3550#section-5.3.1). The
 * parser never throws: bytes off the network are hostile, so every malformation is a value.
 */

/** The RTP version this code speaks (RFC 3550 §5.1: "This specification defines the version to be two"). */
export const RTP_VERSION = 2;
/** Length of the fixed RTP header in bytes. */
export const RTP_FIXED_HEADER_BYTES = 12;

/** An RTP header extension (RFC 3550 §5.3.1): a 16-bit profile word and whole 32-bit words of data. */
export type RtpHeaderExtension = { readonly profile: number; readonly data: Uint8Array };

/** A parsed RTP packet; `payload` excludes padding, `paddingLength` counts it (0 when none). */
export type RtpPacket = {
  readonly marker: boolean;
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly csrcs: readonly number[];
  readonly extension?: RtpHeaderExtension;
  readonly payload: Uint8Array;
  readonly paddingLength: number;
};

/** Why bytes are not an RTP packet. */
export type RtpParseFailure = {
  readonly type: 'invalid';
  readonly reason: 'too_short' | 'bad_version' | 'truncated_csrc' | 'truncated_extension' | 'bad_padding';
};

/** Result of {@link parseRtpPacket}. */
export type RtpParseResult = { readonly type: 'rtp'; readonly packet: RtpPacket } | RtpParseFailure;

/**
 * Parses one RTP packet.
 *
 * @remarks
 * The payload is a view into `bytes` (no copy): the relay rewrites headers and transcodes in place.
 * Padding (P bit): "The last octet of the padding contains a count of how many padding octets
 * should be ignored, including itself" (RFC 3550 §5.1); a count of zero or one larger than what
 * follows the header is rejected.
 */
export function parseRtpPacket(bytes: Uint8Array): RtpParseResult {
  if (bytes.length < RTP_FIXED_HEADER_BYTES) return { type: 'invalid', reason: 'too_short' };
  const first = bytes[0] ?? 0;
  if (first >> 6 !== RTP_VERSION) return { type: 'invalid', reason: 'bad_version' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const csrcCount = first & 0x0f;
  let offset = RTP_FIXED_HEADER_BYTES + 4 * csrcCount;
  if (offset > bytes.length) return { type: 'invalid', reason: 'truncated_csrc' };
  const csrcs: number[] = [];
  for (let index = 0; index < csrcCount; index += 1) csrcs.push(view.getUint32(RTP_FIXED_HEADER_BYTES + 4 * index));
  let extension: RtpHeaderExtension | undefined;
  if ((first & 0x10) !== 0) {
    if (offset + 4 > bytes.length) return { type: 'invalid', reason: 'truncated_extension' };
    const profile = view.getUint16(offset);
    const dataBytes = 4 * view.getUint16(offset + 2);
    if (offset + 4 + dataBytes > bytes.length) return { type: 'invalid', reason: 'truncated_extension' };
    extension = { profile, data: bytes.subarray(offset + 4, offset + 4 + dataBytes) };
    offset += 4 + dataBytes;
  }
  let paddingLength = 0;
  if ((first & 0x20) !== 0) {
    paddingLength = bytes[bytes.length - 1] ?? 0;
    if (paddingLength === 0 || offset + paddingLength > bytes.length) return { type: 'invalid', reason: 'bad_padding' };
  }
  const second = bytes[1] ?? 0;
  const packet: RtpPacket = {
    marker: (second & 0x80) !== 0,
    payloadType: second & 0x7f,
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    csrcs,
    ...(extension === undefined ? {} : { extension }),
    payload: bytes.subarray(offset, bytes.length - paddingLength),
    paddingLength,
  };
  return { type: 'rtp', packet };
}

/**
 * Serializes an RTP packet into new bytes.
 *
 * @remarks
 * Padding octets are zero except the last, which holds the count (RFC 3550 §5.1). The extension
 * data must be a whole number of 32-bit words (§5.3.1); at most 15 CSRCs fit the CC field.
 * Violations are bugs of the caller and throw a `RangeError`.
 */
export function serializeRtpPacket(packet: RtpPacket): Uint8Array {
  if (packet.csrcs.length > 15) throw new RangeError('an RTP packet carries at most 15 CSRCs');
  const extensionData = packet.extension?.data;
  if (extensionData !== undefined && extensionData.length % 4 !== 0) throw new RangeError('RTP extension data must be whole 32-bit words');
  if (packet.paddingLength < 0 || packet.paddingLength > 255) throw new RangeError('RTP padding length must be 0..255');
  const headerBytes = RTP_FIXED_HEADER_BYTES + 4 * packet.csrcs.length + (extensionData === undefined ? 0 : 4 + extensionData.length);
  const bytes = new Uint8Array(headerBytes + packet.payload.length + packet.paddingLength);
  const view = new DataView(bytes.buffer);
  const paddingBit = packet.paddingLength > 0 ? 0x20 : 0;
  const extensionBit = extensionData === undefined ? 0 : 0x10;
  bytes[0] = (RTP_VERSION << 6) | paddingBit | extensionBit | packet.csrcs.length;
  bytes[1] = (packet.marker ? 0x80 : 0) | (packet.payloadType & 0x7f);
  view.setUint16(2, packet.sequenceNumber & 0xffff);
  view.setUint32(4, packet.timestamp >>> 0);
  view.setUint32(8, packet.ssrc >>> 0);
  packet.csrcs.forEach((csrc, index) => view.setUint32(RTP_FIXED_HEADER_BYTES + 4 * index, csrc >>> 0));
  let offset = RTP_FIXED_HEADER_BYTES + 4 * packet.csrcs.length;
  if (packet.extension !== undefined && extensionData !== undefined) {
    view.setUint16(offset, packet.extension.profile & 0xffff);
    view.setUint16(offset + 2, extensionData.length / 4);
    bytes.set(extensionData, offset + 4);
    offset += 4 + extensionData.length;
  }
  bytes.set(packet.payload, offset);
  if (packet.paddingLength > 0) bytes[bytes.length - 1] = packet.paddingLength;
  return bytes;
}

/** Header fields the relay rewrites in place. */
export type RtpHeaderRewrite = {
  readonly marker: boolean;
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
};

/**
 * Overwrites marker, payload type, sequence number, timestamp and SSRC of an RTP packet in place.
 *
 * @remarks
 * The relay forwards the received buffer instead of re-serializing it, so CSRCs, header
 * extensions and padding pass through untouched. `bytes` must already have parsed as RTP.
 */
export function rewriteRtpHeader(bytes: Uint8Array, rewrite: RtpHeaderRewrite): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  bytes[1] = (rewrite.marker ? 0x80 : 0) | (rewrite.payloadType & 0x7f);
  view.setUint16(2, rewrite.sequenceNumber & 0xffff);
  view.setUint32(4, rewrite.timestamp >>> 0);
  view.setUint32(8, rewrite.ssrc >>> 0);
}
