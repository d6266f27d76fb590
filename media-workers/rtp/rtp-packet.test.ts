import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRtpPacket, rewriteRtpHeader, serializeRtpPacket } from './rtp-packet.ts';
import type { RtpPacket } from './rtp-packet.ts';

/** A PCMA packet as sent by a phone: V=2, PT 8, seq 0x1234, ts 0xdeadbeef, SSRC 0x01020304, 4 payload bytes. */
const KNOWN_PCMA = Uint8Array.from([0x80, 0x08, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04, 0xd5, 0xd5, 0x55, 0x55]);

function parsed(bytes: Uint8Array): RtpPacket {
  const result = parseRtpPacket(bytes);
  assert.equal(result.type, 'rtp');
  return (result as { packet: RtpPacket }).packet;
}

describe('RTP fixed header (RFC 3550 §5.1)', () => {
  it('MUST read payload type, sequence number, timestamp and SSRC of a known packet', () => {
    const packet = parsed(KNOWN_PCMA);
    assert.deepEqual([packet.payloadType, packet.sequenceNumber, packet.timestamp, packet.ssrc, packet.marker], [8, 0x1234, 0xdeadbeef, 0x01020304, false]);
  });

  it('MUST read the marker bit', () => {
    const bytes = KNOWN_PCMA.slice();
    bytes[1] = 0x88;
    assert.equal(parsed(bytes).marker, true);
  });

  it('MUST serialize a parsed packet back to the same bytes', () => {
    assert.deepEqual(serializeRtpPacket(parsed(KNOWN_PCMA)), KNOWN_PCMA);
  });

  it('MUST skip CSRCs and a header extension to find the payload', () => {
    const packet: RtpPacket = {
      marker: true, payloadType: 0, sequenceNumber: 65535, timestamp: 1, ssrc: 2, csrcs: [7, 8],
      extension: { profile: 0xbede, data: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) }, payload: Uint8Array.of(9, 9, 9), paddingLength: 0,
    };
    assert.deepEqual(parsed(serializeRtpPacket(packet)), packet);
  });

  it('MUST strip padding using the count in the last octet', () => {
    const bytes = serializeRtpPacket({ ...parsed(KNOWN_PCMA), paddingLength: 4 });
    assert.deepEqual([...parsed(bytes).payload], [0xd5, 0xd5, 0x55, 0x55]);
  });

  it('MUST reject a packet shorter than the fixed header', () => {
    assert.deepEqual(parseRtpPacket(KNOWN_PCMA.subarray(0, 11)), { type: 'invalid', reason: 'too_short' });
  });

  it('MUST reject a version other than 2', () => {
    const bytes = KNOWN_PCMA.slice();
    bytes[0] = 0x40;
    assert.deepEqual(parseRtpPacket(bytes), { type: 'invalid', reason: 'bad_version' });
  });

  it('MUST reject a CSRC count that runs past the end', () => {
    const bytes = KNOWN_PCMA.slice();
    bytes[0] = 0x82;
    assert.deepEqual(parseRtpPacket(bytes), { type: 'invalid', reason: 'truncated_csrc' });
  });

  it('MUST reject an extension length that runs past the end', () => {
    const bytes = Uint8Array.from([0x90, 0x08, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xbe, 0xde, 0x00, 0x09]);
    assert.deepEqual(parseRtpPacket(bytes), { type: 'invalid', reason: 'truncated_extension' });
  });

  it('MUST reject a padding count of zero or larger than the payload', () => {
    const zero = KNOWN_PCMA.slice();
    zero[0] = 0xa0;
    zero[15] = 0;
    const large = KNOWN_PCMA.slice();
    large[0] = 0xa0;
    large[15] = 5;
    assert.deepEqual([parseRtpPacket(zero).type, parseRtpPacket(large).type], ['invalid', 'invalid']);
  });

  it('MUST rewrite marker, payload type, sequence number, timestamp and SSRC in place, leaving the payload', () => {
    const bytes = KNOWN_PCMA.slice();
    rewriteRtpHeader(bytes, { marker: true, payloadType: 0, sequenceNumber: 7, timestamp: 160, ssrc: 0xcafebabe });
    assert.deepEqual(parsed(bytes), { ...parsed(KNOWN_PCMA), marker: true, payloadType: 0, sequenceNumber: 7, timestamp: 160, ssrc: 0xcafebabe });
  });
});
