/**
 * A fake phone for tests: one UDP socket on 127.0.0.1 that sends RTP and records what it receives.
 *
 * @remarks
 * Waiting is by condition with a deadline, never by a fixed delay.
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { parseRtpPacket, serializeRtpPacket } from '../rtp/rtp-packet.ts';
import type { RtpPacket } from '../rtp/rtp-packet.ts';

/** A received datagram and when it arrived (ms, monotonic). */
export type Received = { readonly bytes: Buffer; readonly atMs: number };

/** A fake phone. */
export class UdpPhone {
  readonly received: Received[] = [];
  readonly #socket: Socket;
  #listeners: (() => void)[] = [];

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('message', (bytes) => {
      this.received.push({ bytes, atMs: performance.now() });
      for (const listener of this.#listeners) listener();
    });
  }

  /** Opens a phone on an ephemeral port of 127.0.0.1. */
  static async open(port = 0): Promise<UdpPhone> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, '127.0.0.1', () => resolve());
    });
    return new UdpPhone(socket);
  }

  /** The phone's address. */
  get address(): { address: string; port: number } {
    const bound = this.#socket.address();
    return { address: bound.address, port: bound.port };
  }

  /** Sends raw bytes to 127.0.0.1:`port`. */
  send(bytes: Uint8Array, port: number): Promise<void> {
    return new Promise((resolve, reject) => this.#socket.send(bytes, port, '127.0.0.1', (error) => (error === null ? resolve() : reject(error))));
  }

  /** Sends an RTP packet built from `packet`. */
  sendRtp(packet: Partial<RtpPacket> & { readonly payload: Uint8Array }, port: number): Promise<void> {
    return this.send(serializeRtpPacket({ marker: false, payloadType: 8, sequenceNumber: 0, timestamp: 0, ssrc: 0x0a0b0c0d, csrcs: [], paddingLength: 0, ...packet }), port);
  }

  /** The RTP packets received so far. */
  rtpPackets(): RtpPacket[] {
    return this.received.flatMap((entry) => {
      const parsed = parseRtpPacket(entry.bytes);
      return parsed.type === 'rtp' ? [parsed.packet] : [];
    });
  }

  /** Resolves once `count` datagrams have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs = 3000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (this.received.length < count) return false;
        clearTimeout(timer);
        this.#listeners = this.#listeners.filter((listener) => listener !== onMessage);
        resolve();
        return true;
      };
      const onMessage = (): void => void check();
      const timer = setTimeout(() => {
        this.#listeners = this.#listeners.filter((listener) => listener !== onMessage);
        reject(new Error(`received ${this.received.length} of ${count} datagrams within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) this.#listeners.push(onMessage);
    });
  }

  /** Closes the socket. */
  close(): void {
    this.#socket.close();
  }
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind({ port, address: '127.0.0.1', exclusive: true }, () => socket.close(() => resolve(true)));
  });
}

/** Finds an even port whose pair (port, port + 1) is free on 127.0.0.1. */
export async function freeRtpPort(): Promise<number> {
  for (;;) {
    const port = 20000 + 2 * Math.floor(Math.random() * 15000);
    if ((await canBind(port)) && (await canBind(port + 1))) return port;
  }
}

/** Resolves once `condition()` holds; rejects after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
