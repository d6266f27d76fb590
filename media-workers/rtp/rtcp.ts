/**
 * RTCP recognition and the SSRC fields the relay maps.
 *
 * @remarks
 * When RTP and RTCP share a port, RFC 5761 §4 (https://www.rfc-editor.org/rfc/rfc5761#section-4)
 * tells them apart by the second octet: RTCP packet types 192–223 (SR 200, RR 201, SDES 202,
 * BYE 203, APP 204, and the feedback and XR types 205–207) cannot collide with the RTP payload
 * types a muxing endpoint may use. Without muxing, RTCP flows on the RTP port + 1 (RFC 3550 §11,
 * https://www.rfc-editor.org/rfc/rfc3550#section-11).
 */

/** RTCP sender report packet type (RFC 3550 §6.4.1). */
export const RTCP_SENDER_REPORT = 200;
/** RTCP receiver report packet type (RFC 3550 §6.4.2). */
export const RTCP_RECEIVER_REPORT = 201;
const RTCP_HEADER_BYTES = 8;

/**
 * Whether `bytes` looks like an RTCP packet (version 2, second octet 192–223, long enough to hold
 * the common header and a sender SSRC).
 */
export function isRtcpPacket(bytes: Uint8Array): boolean {
  if (bytes.length < RTCP_HEADER_BYTES) return false;
  const packetType = bytes[1] ?? 0;
  return (bytes[0] ?? 0) >> 6 === 2 && packetType >= 192 && packetType <= 223;
}

/**
 * Rewrites, in place, the SSRCs of a compound RTCP packet as the relay forwards it to the other leg.
 *
 * @remarks
 * Every sub-packet's sender SSRC (the word after the common header) is passed to `mapSsrc`, and so
 * is the SSRC of each report block of SR and RR packets (RFC 3550 §6.4.1–6.4.2), so that the far
 * end sees the SSRCs of the streams the relay sends and receives on its leg. Walks the compound
 * by the length fields and stops at the first inconsistent one; returns false when the compound
 * was malformed (the caller drops it).
 */
export function rewriteRtcpSsrcs(bytes: Uint8Array, mapSsrc: (ssrc: number) => number): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset + RTCP_HEADER_BYTES <= bytes.length) {
    const first = bytes[offset] ?? 0;
    const packetType = bytes[offset + 1] ?? 0;
    const packetBytes = 4 * (view.getUint16(offset + 2) + 1);
    if (first >> 6 !== 2 || offset + packetBytes > bytes.length) return false;
    view.setUint32(offset + 4, mapSsrc(view.getUint32(offset + 4)));
    const reportStart = packetType === RTCP_SENDER_REPORT ? offset + 28 : packetType === RTCP_RECEIVER_REPORT ? offset + 8 : -1;
    if (reportStart >= 0) {
      const reportCount = first & 0x1f;
      for (let index = 0; index < reportCount && reportStart + 24 * index + 24 <= offset + packetBytes; index += 1) {
        const at = reportStart + 24 * index;
        view.setUint32(at, mapSsrc(view.getUint32(at)));
      }
    }
    offset += packetBytes;
  }
  return offset === bytes.length;
}
