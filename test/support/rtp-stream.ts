/**
 * One RTP stream a test phone sends (RFC 3550 §5.1): version 2, no padding, extension or CSRC,
 * one SSRC, and a sequence number that moves on with each packet. Tests that pace their media by
 * packets read the sequence to make timestamps.
 */
export interface RtpStream {
  /** The next packet of the stream. */
  packet(payloadType: number, timestamp: number, payload: Uint8Array, marker?: boolean): Buffer;
  /** The sequence number of the last packet written. */
  readonly sequence: number;
  /** Moves the sequence number on by `count` without sending (a gap), and returns it. */
  skip(count: number): number;
}

export function createRtpStream(ssrc: number): RtpStream {
  let sequence = 1;
  return {
    packet(payloadType, timestamp, payload, marker = false) {
      const packet = Buffer.alloc(12 + payload.length);
      packet.writeUInt8(0x80, 0);
      packet.writeUInt8((marker ? 0x80 : 0) | payloadType, 1);
      packet.writeUInt16BE((sequence += 1) & 0xffff, 2);
      packet.writeUInt32BE(timestamp >>> 0, 4);
      packet.writeUInt32BE(ssrc >>> 0, 8);
      packet.set(payload, 12);
      return packet;
    },
    get sequence() {
      return sequence;
    },
    skip(count) {
      sequence += count;
      return sequence;
    },
  };
}
