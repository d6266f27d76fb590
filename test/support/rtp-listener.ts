/**
 * A UDP socket a test points a phone's SDP at, to see the RTP the node sends that phone: it counts
 * the datagrams, reads their RTP headers and keeps where and when each came from.
 *
 * @remarks Other programs on the machine may send stray datagrams to a port that was theirs a
 * moment ago; tests select the node's packets by their source port (the leg's RTP port, which
 * the node wrote in the SDP the phone received).
 */
import { createSocket, type Socket } from 'node:dgram';

/** The RTP header fields a test checks (RFC 3550 §5.1). */
export interface RtpHeader {
  readonly version: number;
  readonly payloadType: number;
  readonly sequence: number;
  readonly ssrc: number;
}

/** A received RTP packet: its header, where it came from and when (epoch ms). */
export interface ReceivedRtp extends RtpHeader {
  /** What follows the fixed 12-byte header (the node sends no CSRC or extension). */
  readonly payload: Buffer;
  readonly sourceAddress: string;
  readonly sourcePort: number;
  readonly arrivalMs: number;
}

export interface RtpListener {
  readonly port: number;
  /** Datagrams received so far, RTP or not. */
  readonly count: number;
  /** The datagrams that parsed as RTP, in arrival order. */
  readonly packets: readonly ReceivedRtp[];
  /** Datagrams that were not RTP (too short, or another version). */
  readonly malformed: number;
  /** When the last datagram arrived (epoch ms), or undefined before the first. */
  readonly lastArrivalMs: number | undefined;
  /** Sends a datagram from the listener's own port (a phone talks from the port it listens on: symmetric RTP). */
  send(datagram: Buffer, port: number, address?: string): void;
  close(): Promise<void>;
}

/** Reads the fixed RTP header, or undefined when the datagram is not RTP version 2. */
export function readRtpHeader(datagram: Buffer): RtpHeader | undefined {
  if (datagram.length < 12) return undefined;
  const first = datagram.readUInt8(0);
  const version = first >> 6;
  if (version !== 2) return undefined;
  return { version, payloadType: datagram.readUInt8(1) & 0x7f, sequence: datagram.readUInt16BE(2), ssrc: datagram.readUInt32BE(8) };
}

/**
 * Binds an even UDP port on 127.0.0.1 (RTP ports are even, RFC 3550 §11) and starts counting.
 *
 * @remarks The kernel hands out the port; an odd one is traded for its even neighbour.
 */
export async function listenForRtp(): Promise<RtpListener> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const socket = await bind(0);
    if (socket === undefined) continue;
    const port = socket.address().port;
    if (port % 2 === 0) return track(socket, port);
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    const even = await bind(port - 1);
    if (even !== undefined) return track(even, port - 1);
  }
  throw new Error('no free even UDP port for an RTP listener');
}

function bind(port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(undefined));
    socket.bind(port, '127.0.0.1', () => resolve(socket));
  });
}

function track(socket: Socket, port: number): RtpListener {
  const packets: ReceivedRtp[] = [];
  let count = 0;
  let malformed = 0;
  let lastArrivalMs: number | undefined;
  socket.on('message', (datagram, source) => {
    count += 1;
    lastArrivalMs = Date.now();
    const header = readRtpHeader(datagram);
    if (header === undefined) malformed += 1;
    else packets.push({ ...header, payload: Buffer.from(datagram.subarray(12)), sourceAddress: source.address, sourcePort: source.port, arrivalMs: lastArrivalMs });
  });
  return {
    port,
    get count() {
      return count;
    },
    packets,
    get malformed() {
      return malformed;
    },
    get lastArrivalMs() {
      return lastArrivalMs;
    },
    send: (datagram, port, address = '127.0.0.1') => socket.send(datagram, port, address),
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
