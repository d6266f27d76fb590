/**
 * Sends a stray RTP stream (valid G.711 A-law packets from an address no call negotiated) to a set
 * of loopback ports, as the tail of an earlier call or an RTP Bleed attacker would: a node must
 * keep each call's media with the phones that signalled it.
 */
import { createSocket } from 'node:dgram';

export interface StrayRtp {
  /** Packets sent so far. */
  sent(): number;
  stop(): Promise<void>;
}

/** Starts sending one 20 ms packet to each port every `intervalMs`. */
export async function startStrayRtp(ports: readonly number[], intervalMs = 20): Promise<StrayRtp> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  socket.on('error', () => undefined);
  let sequenceNumber = 0;
  let sent = 0;
  const packet = Buffer.alloc(12 + 160, 0xd5);
  packet[0] = 0x80;
  packet[1] = 8;
  packet.writeUInt32BE(0x5712a7, 8);
  const timer = setInterval(() => {
    sequenceNumber = (sequenceNumber + 1) & 0xffff;
    packet.writeUInt16BE(sequenceNumber, 2);
    packet.writeUInt32BE((sequenceNumber * 160) >>> 0, 4);
    for (const port of ports) {
      socket.send(packet, port, '127.0.0.1');
      sent += 1;
    }
  }, intervalMs);
  return {
    sent: () => sent,
    stop: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        socket.close(() => resolve());
      }),
  };
}
