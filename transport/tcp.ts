/**
 * The SIP TCP transport: a listener plus outbound connections, each framed by Content-Length
 * (RFC 3261 §18.3), with keep-alive pings answered (RFC 5626 §3.5.1).
 *
 * @remarks
 * Connections are reused in both directions (RFC 3261 §18.1.1, §18.2.2): a response goes back on
 * the connection its request arrived on, and a request to an address that already has a
 * connection uses it. A framing error is fatal for the connection (the stream cannot be
 * resynchronised), as are an idle peer and a peer that does not read what we send.
 */
import { createServer, connect, isIPv6, type Server, type Socket } from 'node:net';
import type { SipEndpoint } from './sip/sip-endpoint.ts';
import { createStreamFramer } from './sip/message/index.ts';
import { TransportBindError } from './errors.ts';

export interface TcpTransportOptions {
  readonly address: string;
  readonly port: number;
  readonly onMessage: (bytes: Uint8Array, source: SipEndpoint) => void;
  readonly onConnectionClosed?: (connectionId: string) => void;
  /** A connection with no traffic for this long is closed (default 10 minutes). */
  readonly idleTimeoutMs?: number;
  /** Connections beyond this number are refused (default 10,000). */
  readonly maxConnections?: number;
  /** Outbound connection set-up limit (default 5 s). */
  readonly connectTimeoutMs?: number;
  /** A peer that leaves more than this unread is disconnected (default 1 MiB). */
  readonly maxPendingWriteBytes?: number;
}

export interface TcpTransport {
  readonly kind: 'tcp';
  readonly local: { readonly address: string; readonly port: number };
  /** Open connections, for metrics. */
  connectionCount(): number;
  send(bytes: Uint8Array, destination: SipEndpoint): Promise<boolean>;
  close(): Promise<void>;
}

interface Connection {
  readonly id: string;
  readonly socket: Socket;
  readonly remote: { readonly address: string; readonly port: number };
}

/** Starts listening; rejects with {@link TransportBindError} when the port cannot be bound. */
export async function createTcpTransport(options: TcpTransportOptions): Promise<TcpTransport> {
  const connections = new Map<string, Connection>();
  const byRemote = new Map<string, string>();
  const maxPendingWriteBytes = options.maxPendingWriteBytes ?? 1024 * 1024;
  let nextId = 1;
  let closed = false;

  const adopt = (socket: Socket): Connection | undefined => {
    const address = normaliseAddress(socket.remoteAddress);
    const port = socket.remotePort;
    if (address === undefined || port === undefined) {
      socket.destroy();
      return undefined;
    }
    const connection: Connection = { id: `tcp-${nextId++}`, socket, remote: { address, port } };
    connections.set(connection.id, connection);
    byRemote.set(remoteKey(address, port), connection.id);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.setTimeout(options.idleTimeoutMs ?? 600_000, () => socket.destroy());
    const framer = createStreamFramer();
    socket.on('data', (chunk) => {
      for (const event of framer.push(chunk)) {
        if (event.type === 'message') {
          options.onMessage(event.bytes, { transport: 'tcp', address, port, connectionId: connection.id });
        } else if (event.type === 'keepalive') {
          if (event.pong) socket.write('\r\n');
        } else {
          socket.destroy();
          return;
        }
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      connections.delete(connection.id);
      if (byRemote.get(remoteKey(address, port)) === connection.id) byRemote.delete(remoteKey(address, port));
      options.onConnectionClosed?.(connection.id);
    });
    return connection;
  };

  const server = createServer((socket) => {
    if (closed || connections.size >= (options.maxConnections ?? 10_000)) {
      socket.destroy();
      return;
    }
    adopt(socket);
  });
  await listen(server, options);
  const bound = server.address();
  const local = typeof bound === 'object' && bound !== null ? { address: bound.address, port: bound.port } : { address: options.address, port: options.port };

  const openConnection = (destination: SipEndpoint): Promise<Connection | undefined> =>
    new Promise((resolve) => {
      const socket = connect({ host: destination.address, port: destination.port });
      const timer = setTimeout(() => socket.destroy(), options.connectTimeoutMs ?? 5_000);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(adopt(socket));
      });
      socket.once('error', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });

  const findConnection = (destination: SipEndpoint): Connection | undefined => {
    const byId = destination.connectionId === undefined ? undefined : connections.get(destination.connectionId);
    if (byId) return byId;
    const id = byRemote.get(remoteKey(destination.address, destination.port));
    return id === undefined ? undefined : connections.get(id);
  };

  return {
    kind: 'tcp',
    local,
    connectionCount: () => connections.size,
    async send(bytes, destination) {
      if (closed) return false;
      const connection = findConnection(destination) ?? (await openConnection(destination));
      if (!connection || connection.socket.destroyed) return false;
      connection.socket.write(bytes);
      if (connection.socket.writableLength > maxPendingWriteBytes) {
        connection.socket.destroy();
        return false;
      }
      return true;
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      for (const connection of connections.values()) connection.socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, options: TcpTransportOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(new TransportBindError(`tcp ${options.address}:${options.port}`, error));
    server.once('error', onError);
    server.listen({ host: options.address, port: options.port, backlog: 1024 }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** `::ffff:127.0.0.1` (a v4 peer on a dual-stack socket) is reported as `127.0.0.1`. */
function normaliseAddress(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  return address.startsWith('::ffff:') && !isIPv6(address.slice(7)) ? address.slice(7) : address;
}

function remoteKey(address: string, port: number): string {
  return `${address}|${port}`;
}
