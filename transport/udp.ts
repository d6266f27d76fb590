/**
 * The SIP UDP transport: one datagram is one message (RFC 3261 §18.1.1, §18.2.1).
 *
 * @remarks
 * The socket buffers are enlarged because a PBX takes bursts (a registration storm after a
 * restart, retransmissions under loss): the kernel default drops datagrams long before the event
 * loop is the bottleneck. Keep-alive datagrams (a bare CRLF, RFC 5626 §3.5.1) are dropped here.
 * Messages over the path MTU are still sent over UDP; RFC 3261 §18.1.1's switch to TCP for large
 * requests is left to the caller, which knows whether the peer listens on TCP.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { SipEndpoint } from './sip/sip-endpoint.ts';
import { TransportBindError } from './errors.ts';

export interface UdpTransportOptions {
  readonly address: string;
  readonly port: number;
  readonly onDatagram: (bytes: Uint8Array, source: SipEndpoint) => void;
  /** Socket receive/send buffer in bytes (default 4 MiB). */
  readonly bufferBytes?: number;
}

export interface UdpTransport {
  readonly kind: 'udp';
  /** The bound address and port (the port is the real one when 0 was asked). */
  readonly local: { readonly address: string; readonly port: number };
  send(bytes: Uint8Array, destination: SipEndpoint): Promise<boolean>;
  close(): Promise<void>;
}

const DEFAULT_BUFFER_BYTES = 4 * 1024 * 1024;

/** Opens the UDP socket; rejects with {@link TransportBindError} when the port cannot be bound. */
export async function createUdpTransport(options: UdpTransportOptions): Promise<UdpTransport> {
  const socket = createSocket({ type: isIPv6(options.address) ? 'udp6' : 'udp4', reuseAddr: false });
  await bind(socket, options);
  tuneBuffers(socket, options.bufferBytes ?? DEFAULT_BUFFER_BYTES);
  socket.on('message', (bytes, remote) => {
    if (isKeepAlive(bytes)) return;
    options.onDatagram(bytes, { transport: 'udp', address: remote.address, port: remote.port });
  });
  // After bind, socket errors are per-datagram (ICMP unreachable on some systems): never fatal.
  socket.on('error', () => undefined);
  const bound = socket.address();
  let closed = false;
  return {
    kind: 'udp',
    local: { address: bound.address, port: bound.port },
    send(bytes, destination) {
      if (closed) return Promise.resolve(false);
      return new Promise((resolve) => {
        socket.send(bytes, destination.port, destination.address, (error) => resolve(!error));
      });
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise((resolve) => socket.close(() => resolve()));
    },
  };
}

function bind(socket: Socket, options: UdpTransportOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      socket.close();
      reject(new TransportBindError(`udp ${options.address}:${options.port}`, error));
    };
    socket.once('error', onError);
    socket.bind(options.port, options.address, () => {
      socket.off('error', onError);
      resolve();
    });
  });
}

function tuneBuffers(socket: Socket, bytes: number): void {
  // The kernel caps these at net.core.rmem_max / wmem_max without failing; a refusal is not fatal.
  try {
    socket.setRecvBufferSize(bytes);
    socket.setSendBufferSize(bytes);
  } catch {
    /* keep the kernel defaults */
  }
}

function isKeepAlive(bytes: Uint8Array): boolean {
  if (bytes.length > 4) return false;
  for (const byte of bytes) if (byte !== 0x0d && byte !== 0x0a) return false;
  return true;
}
