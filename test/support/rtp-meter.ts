/**
 * The test's own RTP endpoints for many calls at once: each endpoint is one UDP socket that a
 * party's SDP points at; once told where the node's media for it is, it sends a G.711 A-law packet
 * every 20 ms and records when each packet of the far end arrives.
 *
 * @remarks
 * Every payload starts with a tag: a marker and the sending endpoint's index. The node relays
 * A-law to A-law untouched, so the receiving endpoint knows which endpoint each packet came from:
 * that pairs a caller's endpoint with its callee's (their SIP signalling runs through two SIPp
 * instances that do not know each other), and a packet of a third endpoint shows crossed media.
 * Arrival times are epoch milliseconds with sub-millisecond precision.
 */
import { createSocket, type Socket } from 'node:dgram';
import { createRtpStream, type RtpStream } from './rtp-stream.ts';

/** G.711 A-law (RFC 3551 §6). */
export const PCMA_PAYLOAD_TYPE = 8;
/** One packet per 20 ms, 160 samples at 8 kHz. */
export const PACKET_INTERVAL_MS = 20;
const SAMPLES_PER_PACKET = 160;
const TAG_MARKER = 0x5a5a;
/** A-law silence, the rest of each payload. */
const ALAW_SILENCE = 0xd5;

/** Where an endpoint sends its RTP. */
export interface RtpTarget {
  readonly address: string;
  readonly port: number;
}

export interface MeterEndpoint {
  readonly index: number;
  readonly port: number;
  /** Where it sends, once aimed. */
  readonly target: RtpTarget | undefined;
  readonly sent: number;
  /** Tagged packets received, by the index of the endpoint that sent them. */
  readonly receivedFrom: ReadonlyMap<number, number>;
  /** Arrival times of the tagged packets received (epoch ms), in order. */
  readonly arrivals: readonly number[];
  /** Datagrams that were not tagged A-law RTP (RTCP, strays). */
  readonly untagged: number;
  /** The source addresses of the tagged packets, with the first and last arrival from each: a node's own address tells which node relayed. */
  readonly sources: ReadonlyMap<string, SourceSpan>;
}

/** When packets came from one source address. */
export interface SourceSpan {
  readonly firstMs: number;
  readonly lastMs: number;
  readonly count: number;
}

export interface RtpMeter {
  readonly address: string;
  readonly endpoints: readonly MeterEndpoint[];
  /** The endpoint bound to `port`, if any. */
  endpointAt(port: number): MeterEndpoint | undefined;
  /** Points the endpoint at `target` (again after a re-INVITE); it sends from then on. */
  aim(port: number, target: RtpTarget): void;
  /**
   * The send instants (epoch ms), one per 20 ms tick that sent: the meter's own pacing, to tell
   * a stall of the test process from one of the node.
   */
  readonly sendTicks: readonly number[];
  /** Stops every endpoint sending; they still record arrivals. */
  stopSending(): void;
  close(): Promise<void>;
}

interface EndpointState {
  readonly index: number;
  readonly port: number;
  readonly socket: Socket;
  readonly stream: RtpStream;
  target: RtpTarget | undefined;
  sent: number;
  readonly receivedFrom: Map<number, number>;
  readonly arrivals: number[];
  untagged: number;
  readonly sources: Map<string, SourceSpan>;
}

/** The current time in epoch milliseconds, with the monotonic clock's precision. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Binds `count` even UDP ports on `address` and starts the 20 ms clock. */
export async function startRtpMeter(address: string, count: number): Promise<RtpMeter> {
  const endpoints: EndpointState[] = [];
  try {
    for (let index = 0; index < count; index += 1) endpoints.push(track(index, await bindEven(address)));
  } catch (error) {
    await Promise.all(endpoints.map((endpoint) => closeSocket(endpoint.socket)));
    throw error;
  }
  const byPort = new Map(endpoints.map((endpoint) => [endpoint.port, endpoint]));
  let sending = true;
  const startedMs = nowMs();
  let ticks = 0;
  const sendTicks: number[] = [];
  // Paced by the clock rather than by the timer's drift; a late tick skips the packets it missed
  // (a gap, as a stalled phone makes) instead of sending them in a burst.
  const timer = setInterval(() => {
    const due = Math.floor((nowMs() - startedMs) / PACKET_INTERVAL_MS);
    if (due <= ticks || !sending) return;
    ticks = due;
    if (endpoints.some((endpoint) => endpoint.target !== undefined)) sendTicks.push(nowMs());
    for (const endpoint of endpoints) send(endpoint, ticks);
  }, PACKET_INTERVAL_MS / 4);
  return {
    address,
    endpoints,
    sendTicks,
    endpointAt: (port) => byPort.get(port),
    aim(port, target) {
      const endpoint = byPort.get(port);
      if (endpoint === undefined) throw new Error(`no meter endpoint at port ${String(port)}`);
      endpoint.target = target;
    },
    stopSending() {
      sending = false;
    },
    async close() {
      clearInterval(timer);
      await Promise.all(endpoints.map((endpoint) => closeSocket(endpoint.socket)));
    },
  };
}

function send(endpoint: EndpointState, tick: number): void {
  if (endpoint.target === undefined) return;
  const payload = Buffer.alloc(SAMPLES_PER_PACKET, ALAW_SILENCE);
  payload.writeUInt16BE(TAG_MARKER, 0);
  payload.writeUInt16BE(endpoint.index, 2);
  const packet = endpoint.stream.packet(PCMA_PAYLOAD_TYPE, tick * SAMPLES_PER_PACKET, payload, endpoint.sent === 0);
  endpoint.socket.send(packet, endpoint.target.port, endpoint.target.address);
  endpoint.sent += 1;
}

function track(index: number, bound: { socket: Socket; port: number }): EndpointState {
  const endpoint: EndpointState = {
    index, port: bound.port, socket: bound.socket, stream: createRtpStream(0x10000 + index), target: undefined, sent: 0, receivedFrom: new Map(), arrivals: [], untagged: 0, sources: new Map(),
  };
  bound.socket.on('message', (datagram, source) => {
    const arrivalMs = nowMs();
    const from = tagOf(datagram);
    if (from === undefined) {
      endpoint.untagged += 1;
      return;
    }
    endpoint.arrivals.push(arrivalMs);
    endpoint.receivedFrom.set(from, (endpoint.receivedFrom.get(from) ?? 0) + 1);
    const span = endpoint.sources.get(source.address);
    endpoint.sources.set(source.address, { firstMs: span?.firstMs ?? arrivalMs, lastMs: arrivalMs, count: (span?.count ?? 0) + 1 });
  });
  return endpoint;
}

/** The sender's index of a tagged A-law RTP packet (fixed 12-byte header), else undefined. */
function tagOf(datagram: Buffer): number | undefined {
  if (datagram.length < 16 || datagram.readUInt8(0) >> 6 !== 2) return undefined;
  if ((datagram.readUInt8(1) & 0x7f) !== PCMA_PAYLOAD_TYPE) return undefined;
  const headerLength = 12 + 4 * (datagram.readUInt8(0) & 0x0f);
  if (datagram.length < headerLength + 4 || datagram.readUInt16BE(headerLength) !== TAG_MARKER) return undefined;
  return datagram.readUInt16BE(headerLength + 2);
}

async function bindEven(address: string): Promise<{ socket: Socket; port: number }> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const socket = await bind(address, 0);
    if (socket === undefined) continue;
    const port = socket.address().port;
    if (port % 2 === 0) return { socket, port };
    await closeSocket(socket);
    const even = await bind(address, port - 1);
    if (even !== undefined) return { socket: even, port: port - 1 };
  }
  throw new Error(`no free even UDP port on ${address} for the RTP meter`);
}

function bind(address: string, port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(undefined));
    socket.bind(port, address, () => resolve(socket));
  });
}

function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve();
    }
  });
}
