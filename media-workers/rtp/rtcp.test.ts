import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isRtcpPacket, rewriteRtcpSsrcs } from './rtcp.ts';

/** A receiver report (PT 201) from SSRC 1 with one report block about SSRC 2. */
function receiverReport(): Uint8Array {
  const bytes = new Uint8Array(32);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x81;
  bytes[1] = 201;
  view.setUint16(2, 7);
  view.setUint32(4, 1);
  view.setUint32(8, 2);
  return bytes;
}

describe('RTCP recognition (RFC 5761 §4)', () => {
  it('MUST recognise SR, RR, SDES, BYE and APP by the second octet', () => {
    const types = [200, 201, 202, 203, 204].map((packetType) => isRtcpPacket(Uint8Array.of(0x80, packetType, 0, 1, 0, 0, 0, 1)));
    assert.deepEqual(types, [true, true, true, true, true]);
  });

  it('MUST NOT take RTP with payload type 0 or 8 (marker set or not) for RTCP', () => {
    const rtp = [0x00, 0x08, 0x80, 0x88].map((second) => isRtcpPacket(Uint8Array.of(0x80, second, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1)));
    assert.deepEqual(rtp, [false, false, false, false]);
  });

  it('MUST map the sender SSRC and the report block SSRC', () => {
    const bytes = receiverReport();
    rewriteRtcpSsrcs(bytes, (ssrc) => ssrc + 100);
    const view = new DataView(bytes.buffer);
    assert.deepEqual([view.getUint32(4), view.getUint32(8)], [101, 102]);
  });

  it('MUST report a compound whose length field runs past the end as malformed', () => {
    const bytes = receiverReport().subarray(0, 28);
    assert.equal(rewriteRtcpSsrcs(bytes, (ssrc) => ssrc), false);
  });
});
