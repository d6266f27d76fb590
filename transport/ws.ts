/**
 * The SIP WebSocket transport (RFC 7118) on uWebSockets.js: one WebSocket message is one SIP
 * message, text or binary, and the connection carries both requests and responses.
 *
 * @remarks
 * The handshake must offer the `sip` subprotocol (RFC 7118 §4.1); a client that does not is
 * refused with 400 instead of being upgraded into a socket that speaks something else.
 * uWebSockets.js does not expose the peer's port, so WebSocket endpoints carry port 0: requests
 * and responses to a WebSocket peer are routed by connection id only (RFC 7118 §5: a server can
 * never open a connection to a WebSocket client).
 */
import type { TemplatedApp, WebSocket, WebSocketBehavior } from 'uWebSockets.js';
import type { SipEndpoint } from './sip/sip-endpoint.ts';

export interface WebSocketTransportOptions {
  /** URL path of the SIP WebSocket endpoint (default `/ws`, as Asterisk serves it). */
  readonly path?: string;
  readonly onMessage: (bytes: Uint8Array, source: SipEndpoint) => void;
  readonly onConnectionClosed?: (connectionId: string) => void;
  /** Largest accepted SIP message (default 64 KiB). */
  readonly maxMessageBytes?: number;
  /** Seconds without traffic before the server pings, then closes (default 120). */
  readonly idleTimeoutS?: number;
}

export interface WebSocketTransport {
  readonly kind: 'ws';
  readonly path: string;
  connectionCount(): number;
  /** Serves the same endpoint on another app as well (the TLS app: SIP over WSS, RFC 7118 §1). */
  attach(app: TemplatedApp): void;
  send(bytes: Uint8Array, destination: SipEndpoint): Promise<boolean>;
  close(): Promise<void>;
}

interface PeerData {
  connectionId: string;
  address: string;
}

const SIP_SUBPROTOCOL = 'sip';
const decoder = new TextDecoder();

/**
 * The live transport behind each app route: a route cannot be removed from a uWebSockets.js app,
 * so it is registered once and delegates to the transport attached last (after a restart of the
 * SIP service, the new one).
 */
const routes = new WeakMap<TemplatedApp, Map<string, { current: WebSocketBehavior<PeerData> }>>();

/** Registers the SIP WebSocket route on an HTTP app that the caller listens with. */
export function attachWebSocketTransport(app: TemplatedApp, options: WebSocketTransportOptions): WebSocketTransport {
  const path = options.path ?? '/ws';
  const sockets = new Map<string, WebSocket<PeerData>>();
  let nextId = 1;
  let closed = false;

  const behavior: WebSocketBehavior<PeerData> = {
    maxPayloadLength: options.maxMessageBytes ?? 64 * 1024,
    idleTimeout: options.idleTimeoutS ?? 120,
    sendPingsAutomatically: true,
    maxBackpressure: 1024 * 1024,
    closeOnBackpressureLimit: 1,
    upgrade: (res, req, context) => {
      const offered = req.getHeader('sec-websocket-protocol').split(',').map((item) => item.trim().toLowerCase());
      if (closed || !offered.includes(SIP_SUBPROTOCOL)) {
        res.writeStatus('400 Bad Request').end('the SIP WebSocket endpoint requires the "sip" subprotocol (RFC 7118)');
        return;
      }
      const data: PeerData = {
        connectionId: `ws-${nextId++}`,
        address: decoder.decode(res.getRemoteAddressAsText()),
      };
      res.upgrade(data, req.getHeader('sec-websocket-key'), SIP_SUBPROTOCOL, req.getHeader('sec-websocket-extensions'), context);
    },
    open: (socket) => {
      sockets.set(socket.getUserData().connectionId, socket);
    },
    message: (socket, message) => {
      const peer = socket.getUserData();
      // The ArrayBuffer is only valid during this callback: copy it before handing it on.
      const bytes = Buffer.from(new Uint8Array(message));
      options.onMessage(bytes, { transport: 'ws', address: peer.address, port: 0, connectionId: peer.connectionId });
    },
    close: (socket) => {
      const { connectionId } = socket.getUserData();
      sockets.delete(connectionId);
      options.onConnectionClosed?.(connectionId);
    },
  };
  route(app, path, behavior);

  return {
    kind: 'ws',
    path,
    connectionCount: () => sockets.size,
    attach: (other) => route(other, path, behavior),
    send(bytes, destination) {
      const socket = destination.connectionId === undefined ? undefined : sockets.get(destination.connectionId);
      if (closed || !socket) return Promise.resolve(false);
      // SIP over WebSocket is text in practice (RFC 7118 §5.1 allows both); browsers expect text.
      const status = socket.send(bytes, false);
      return Promise.resolve(status !== 2);
    },
    close() {
      closed = true;
      for (const socket of sockets.values()) socket.end(1001, 'server shutting down');
      sockets.clear();
      return Promise.resolve();
    },
  };
}

function route(app: TemplatedApp, path: string, behavior: WebSocketBehavior<PeerData>): void {
  const byPath = routes.get(app) ?? new Map<string, { current: WebSocketBehavior<PeerData> }>();
  routes.set(app, byPath);
  const existing = byPath.get(path);
  if (existing) {
    existing.current = behavior;
    return;
  }
  const slot = { current: behavior };
  byPath.set(path, slot);
  app.ws<PeerData>(path, {
    ...behavior,
    upgrade: (res, req, context) => slot.current.upgrade?.(res, req, context),
    open: (socket) => slot.current.open?.(socket),
    message: (socket, message, isBinary) => slot.current.message?.(socket, message, isBinary),
    close: (socket, code, message) => slot.current.close?.(socket, code, message),
  });
}
