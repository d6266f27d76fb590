/**
 * RTP header code against arbitrary packets and arbitrary bytes.
 */
import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseRtpPacket, serializeRtpPacket } from '../../media-workers/rtp/rtp-packet.ts';
import type { RtpPacket } from '../../media-workers/rtp/rtp-packet.ts';
import { parseTelephoneEvent, serializeTelephoneEvent } from '../../media-workers/rtp/telephone-event.ts';
import { isRtcpPacket, rewriteRtcpSsrcs } from '../../media-workers/rtp/rtcp.ts';

const uint32 = fc.integer({ min: 0, max: 0xffffffff });

const rtpPacket: fc.Arbitrary<RtpPacket> = fc.record(
  {
    marker: fc.boolean(),
    payloadType: fc.integer({ min: 0, max: 127 }),
    sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
    timestamp: uint32,
    ssrc: uint32,
    csrcs: fc.array(uint32, { maxLength: 15 }),
    extension: fc.record({
      profile: fc.integer({ min: 0, max: 0xffff }),
      data: fc.integer({ min: 0, max: 16 }).chain((words) => fc.uint8Array({ minLength: 4 * words, maxLength: 4 * words })),
    }, { noNullPrototype: true }),
    payload: fc.uint8Array({ maxLength: 320 }),
    paddingLength: fc.integer({ min: 0, max: 255 }),
  },
  { requiredKeys: ['marker', 'payloadType', 'sequenceNumber', 'timestamp', 'ssrc', 'csrcs', 'payload', 'paddingLength'], noNullPrototype: true },
);

describe('RTP packet properties', () => {
  it('parse(serialize(p)) MUST equal p', () => {
    fc.assert(
      fc.property(rtpPacket, (packet) => {
        const parsed = parseRtpPacket(serializeRtpPacket(packet));
        assert.equal(parsed.type, 'rtp');
        assert.deepEqual(parsed.type === 'rtp' ? parsed.packet : undefined, packet);
      }),
    );
  });

  it('parsing arbitrary bytes MUST never throw, and an accepted packet MUST fit in the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const parsed = parseRtpPacket(bytes);
        if (parsed.type === 'rtp') assert.ok(parsed.packet.payload.length + parsed.packet.paddingLength <= bytes.length - 12);
      }),
    );
  });

  it('bytes that start like RTP version 2 MUST never throw either (the likelier hostile case)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0x80, max: 0xbf }), fc.uint8Array({ maxLength: 200 }), (first, rest) => {
        parseRtpPacket(Uint8Array.of(first, ...rest));
      }),
    );
  });

  it('RTCP recognition and SSRC rewriting MUST never throw on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        if (isRtcpPacket(bytes)) rewriteRtcpSsrcs(bytes, (ssrc) => ssrc ^ 1);
      }),
    );
  });

  it('telephone-event parse(serialize(e)) MUST equal e', () => {
    const telephoneEvent = fc.record({ event: fc.integer({ min: 0, max: 255 }), end: fc.boolean(), volume: fc.integer({ min: 0, max: 63 }), duration: fc.integer({ min: 0, max: 0xffff }) }, { noNullPrototype: true });
    fc.assert(fc.property(telephoneEvent, (value) => assert.deepEqual(parseTelephoneEvent(serializeTelephoneEvent(value)), value)));
  });
});
