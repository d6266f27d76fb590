/**
 * The node's SIP stack: the UDP, TCP and WebSocket transports, the parser, the transaction layer
 * and the UA core, wired together.
 *
 * @remarks
 * Inbound bytes are parsed here, once. A request that cannot be parsed but whose head was readable
 * enough is answered `400 Bad Request` with the reason in a Warning header (RFC 3261 §21.4.1,
 * §20.43), outside any transaction; an unreadable response is dropped (RFC 3261 §18.1.2). No input
 * can throw out of this path: the property tests feed it random bytes.
 * https://www.rfc-editor.org/rfc/rfc3261#section-18
 */
import { randomBytes } from 'node:crypto';
import type { TemplatedApp } from 'uWebSockets.js';
import type { SipEndpoint, SipSender, SipTransportKind } from './sip/sip-endpoint.ts';
import { createResponse, parseMessage, serializeMessage, type ParseFailure } from './sip/message/index.ts';
import { createTransactionLayer, createSystemClock, type SipClock, type TransactionLayer } from './sip/transactions/index.ts';
import { createSipCore, type RequestHandler, type SessionOptions, type SipCore } from './sip/ua-core/sip-core.ts';
import type { SessionSnapshot } from './sip/ua-core/session-snapshot.ts';
import type { StartInviteOptions, StartInviteResult } from './sip/ua-core/invite-client-session.ts';
import { sendOutOfDialog, type OutOfDialogRequestOptions, type OutOfDialogResult } from './sip/ua-core/out-of-dialog-request.ts';
import { sendInDialog, type InDialogSendOptions, type InDialogSendResult } from './sip/ua-core/in-dialog-request.ts';
import { createUdpTransport, type UdpTransport } from './udp.ts';
import { createTcpTransport, type TcpTransport } from './tcp.ts';
import { attachWebSocketTransport, type WebSocketTransport } from './ws.ts';

export interface SipStackOptions {
  readonly address: string;
  readonly port: number;
  readonly transports: readonly SipTransportKind[];
  /** The HTTP app the WebSocket transport attaches to (required when `ws` is listed). */
  readonly webSocketApp?: TemplatedApp;
  readonly webSocketPath?: string;
  readonly handlers: Readonly<Record<string, RequestHandler>>;
  readonly serverName: string;
  readonly t1Ms?: number;
  readonly clock?: SipClock;
  readonly onConnectionClosed?: (connectionId: string) => void;
  readonly onEvent?: (event: SipStackEvent) => void;
  /** Whether requests from a source get responses at their source port even without `rport` (peers behind NAT). */
  readonly forceRport?: (source: SipEndpoint) => boolean;
  /**
   * INVITE sessions (the call layer's `onInvite`); without them INVITE is answered 405. The clock,
   * timers and random sources default to the stack's, the Contacts to the bound address.
   */
  readonly sessions?: StackSessionOptions;
}

/** Session options of the stack; what it can default is optional. */
export type StackSessionOptions = Omit<SessionOptions, 'clock' | 'timers' | 'randomBytes' | 'random' | 'contacts'> &
  Partial<Pick<SessionOptions, 'randomBytes' | 'random' | 'contacts'>>;

/** What the stack reports for logs and metrics. */
export type SipStackEvent =
  | { readonly type: 'sip.parse_failed'; readonly code: ParseFailure['code']; readonly reason: string; readonly source: SipEndpoint; readonly answered: boolean }
  | { readonly type: 'sip.handler_failed'; readonly method: string; readonly error: unknown };

export interface SipStack {
  readonly local: { readonly address: string; readonly port: number };
  readonly transactionLayer: TransactionLayer;
  /** Feeds bytes as if a transport received them (used by the transports and by tests). */
  receive(bytes: Uint8Array, source: SipEndpoint): void;
  connectionCount(): number;
  /**
   * Serves the SIP WebSocket endpoint on another app too (the HTTPS app, for WSS); a stack
   * without the ws transport ignores it. Connections of every app share one id space.
   */
  attachWebSocketApp(app: TemplatedApp): void;
  /** Places an outbound INVITE leg (an error value when `sessions` was not given). */
  startInvite(options: StartInviteOptions): StartInviteResult;
  /** Carries on an established session from its snapshot (a call moved from another node). */
  resumeSession(snapshot: SessionSnapshot): ReturnType<SipCore['resumeSession']>;
  /**
   * Sends one request outside any dialog (a NOTIFY to a phone, say) through a non-INVITE client
   * transaction and resolves with its final response, a Timer F timeout or why it was not sent.
   */
  sendOutOfDialog(options: OutOfDialogRequestOptions): Promise<OutOfDialogResult>;
  /** Sends one non-INVITE request within a dialog the caller keeps (a subscription's NOTIFY); the dialog returned is the one to keep. */
  sendInDialog(options: InDialogSendOptions): InDialogSendResult;
  /** See `SipCore.holdUnknownDialogs`: a new HA master holds in-dialog requests while it resumes the calls it took over. */
  holdUnknownDialogs(limitMs: number): () => void;
  /** Live dialogs and unanswered INVITEs of the sessions. */
  sessionCounts(): { readonly dialogs: number; readonly invites: number };
  close(): Promise<void>;
}

/** Opens the transports and starts the stack; rejects when a listening port cannot be bound. */
export async function createSipStack(options: SipStackOptions): Promise<SipStack> {
  const createTag = (): string => randomBytes(6).toString('hex');
  const clock = options.clock ?? createSystemClock();
  const contacts: Partial<Record<SipTransportKind, string>> = { ...options.sessions?.contacts };
  const core = createSipCore({
    handlers: options.handlers,
    serverName: options.serverName,
    createTag,
    onHandlerFailed: (method, error) => options.onEvent?.({ type: 'sip.handler_failed', method, error }),
    ...(options.sessions === undefined ? {} : { sessions: stackSessions(options.sessions, clock, contacts, options.t1Ms) }),
  });
  const transports: Partial<{ udp: UdpTransport; tcp: TcpTransport; ws: WebSocketTransport }> = {};
  const sender: SipSender = {
    send(bytes, destination) {
      const transport = transports[destination.transport];
      return transport ? transport.send(bytes, destination) : Promise.resolve(false);
    },
  };
  const layer = createTransactionLayer({
    sender,
    clock,
    transactionUser: core,
    timers: options.t1Ms === undefined ? {} : { t1Ms: options.t1Ms },
    ...(options.forceRport === undefined ? {} : { forceRport: options.forceRport }),
  });
  core.attach(layer);

  const receive = (bytes: Uint8Array, source: SipEndpoint): void => {
    const parsed = parseMessage(bytes);
    if (parsed.type === 'ok') layer.receive(parsed.message, source);
    else rejectMalformed(parsed, source, sender, options);
  };

  try {
    if (options.transports.includes('udp')) {
      transports.udp = await createUdpTransport({ address: options.address, port: options.port, onDatagram: receive });
    }
    if (options.transports.includes('tcp')) {
      const onConnectionClosed = options.onConnectionClosed;
      transports.tcp = await createTcpTransport({
        address: options.address,
        port: transports.udp?.local.port ?? options.port,
        onMessage: receive,
        ...(onConnectionClosed ? { onConnectionClosed } : {}),
      });
    }
    if (options.transports.includes('ws')) {
      if (!options.webSocketApp) throw new RangeError('the ws transport needs the HTTP app to attach to');
      const onConnectionClosed = options.onConnectionClosed;
      transports.ws = attachWebSocketTransport(options.webSocketApp, {
        onMessage: receive,
        ...(options.webSocketPath ? { path: options.webSocketPath } : {}),
        ...(onConnectionClosed ? { onConnectionClosed } : {}),
      });
    }
  } catch (error) {
    await Promise.all(Object.values(transports).map((transport) => transport.close()));
    throw error;
  }

  const local = transports.udp?.local ?? transports.tcp?.local ?? { address: options.address, port: options.port };
  if (options.sessions?.contacts === undefined) defaultContacts(contacts, transports);
  return {
    local,
    transactionLayer: layer,
    receive,
    connectionCount: () => (transports.tcp?.connectionCount() ?? 0) + (transports.ws?.connectionCount() ?? 0),
    attachWebSocketApp: (app) => transports.ws?.attach(app),
    startInvite: (invite) => core.startInvite(invite),
    resumeSession: (snapshot) => core.resumeSession(snapshot),
    sendOutOfDialog: (request) => sendOutOfDialog({ layer, contacts, randomBytes: options.sessions?.randomBytes ?? ((size) => randomBytes(size)), userAgent: options.serverName }, request),
    sendInDialog: (request) => sendInDialog({ layer, contacts, randomBytes: options.sessions?.randomBytes ?? ((size) => randomBytes(size)), userAgent: options.serverName }, request),
    holdUnknownDialogs: (limitMs) => core.holdUnknownDialogs(limitMs),
    sessionCounts: () => core.sessionCounts(),
    async close() {
      layer.close();
      await Promise.all(Object.values(transports).map((transport) => transport.close()));
    },
  };
}

function stackSessions(
  sessions: StackSessionOptions,
  clock: SipClock,
  contacts: Partial<Record<SipTransportKind, string>>,
  t1Ms: number | undefined,
): SessionOptions {
  return {
    ...sessions,
    clock,
    contacts,
    randomBytes: sessions.randomBytes ?? ((size) => randomBytes(size)),
    random: sessions.random ?? Math.random,
    ...(t1Ms === undefined ? {} : { timers: { t1Ms } }),
  };
}

/** The Contact of each bound transport: its address and port (RFC 3261 §8.1.1.8). */
function defaultContacts(
  contacts: Partial<Record<SipTransportKind, string>>,
  transports: Partial<{ udp: UdpTransport; tcp: TcpTransport }>,
): void {
  const host = (address: string): string => (address.includes(':') ? `[${address}]` : address);
  if (transports.udp) contacts.udp = `sip:${host(transports.udp.local.address)}:${String(transports.udp.local.port)}`;
  if (transports.tcp) contacts.tcp = `sip:${host(transports.tcp.local.address)}:${String(transports.tcp.local.port)};transport=tcp`;
}

function rejectMalformed(failure: ParseFailure, source: SipEndpoint, sender: SipSender, options: SipStackOptions): void {
  const request = failure.request;
  options.onEvent?.({ type: 'sip.parse_failed', code: failure.code, reason: failure.reason, source, answered: request !== undefined });
  // A malformed ACK is never answered: there is no response to an ACK (RFC 3261 §17.1.1.3).
  if (request === undefined || request.method === 'ACK') return;
  // An unsupported SIP version gets 505 (RFC 3261 §21.5.6), anything else 400 (§21.4.1).
  const status = failure.code === 'PBX_ERR_SIP_PARSE_VERSION' ? 505 : 400;
  const response = createResponse(request, status, {
    headers: { warning: [`399 parley "${failure.reason.replace(/["\\\r\n]/g, ' ')}"`], server: [options.serverName] },
  });
  // Answered where it came from, never to an address its (unreliable) Via names: a forged Via
  // must not turn the node into a reflector.
  void sender.send(serializeMessage(response), source);
}
