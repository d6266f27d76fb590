/**
 * A UA core with INVITE sessions on a simulated clock and a recording wire, and the peer's
 * messages, for the session tests.
 *
 * @remarks Not exported by the folder's index: tests import it directly.
 */
import type { SipMessage, SipRequest, SipResponse } from '../../message/index.ts';
import { createResponse, getHeader } from '../../message/index.ts';
import type { SipEndpoint } from '../../sip-endpoint.ts';
import { createSimulatedClock, createTransactionLayer, type SimulatedClock, type TransactionLayer } from '../../transactions/index.ts';
import { createRecordingSender, type RecordingSender } from '../../transactions/testing/sip-fakes.ts';
import { createSipCore, type SipCore } from '../sip-core.ts';
import type { InviteServerSession } from '../invite-server-session.ts';
import type { SessionEvent } from '../session-events.ts';
import type { SessionTimerPolicy } from '../session-context.ts';

/** The peer's address. */
export const PEER: SipEndpoint = { transport: 'udp', address: '192.0.2.10', port: 5060 };

/** The node's Contact on UDP. */
export const NODE_CONTACT = 'sip:192.0.2.1:5060';

/** Everything a session test needs. */
export interface SessionHarness {
  readonly clock: SimulatedClock;
  readonly wire: RecordingSender;
  readonly layer: TransactionLayer;
  readonly core: SipCore;
  /** UAS sessions, in arrival order, each with the events it reported. */
  readonly sessions: { readonly session: InviteServerSession; readonly events: SessionEvent[] }[];
  /** Feeds a message from the peer. */
  receive(message: SipMessage): void;
  /** The event types a UAS session reported. */
  eventTypes(index?: number): string[];
}

/** Builds the harness; `onInvite` runs after the session's listener is attached. */
export function createSessionHarness(
  options: { readonly sessionTimer?: SessionTimerPolicy; readonly onInvite?: (session: InviteServerSession) => void } = {},
): SessionHarness {
  const clock = createSimulatedClock(1_000_000);
  const wire = createRecordingSender(() => clock.now());
  let counter = 0;
  const randomBytes = (size: number): Uint8Array => new Uint8Array(size).map(() => ++counter % 256);
  const sessions: { session: InviteServerSession; events: SessionEvent[] }[] = [];
  const core = createSipCore({
    handlers: {},
    serverName: 'parley-test',
    createTag: () => `core${String(++counter)}`,
    sessions: {
      onInvite: (session) => {
        const events: SessionEvent[] = [];
        session.listen((event) => events.push(event));
        sessions.push({ session, events });
        options.onInvite?.(session);
      },
      clock,
      randomBytes,
      random: () => 0.5,
      contacts: { udp: NODE_CONTACT },
      ...(options.sessionTimer === undefined ? {} : { sessionTimer: options.sessionTimer }),
    },
  });
  const layer = createTransactionLayer({ sender: wire.sender, clock, transactionUser: core, randomBytes });
  core.attach(layer);
  return {
    clock,
    wire,
    layer,
    core,
    sessions,
    receive: (message) => {
      layer.receive(message, PEER);
    },
    eventTypes: (index = 0) => sessions[index]?.events.map((event) => event.type) ?? [],
  };
}

const encoder = new TextEncoder();

/** An SDP offer or answer with the given direction attribute. */
export function sdp(direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' = 'sendrecv', version = 1): string {
  return `v=0\r\no=- 1 ${String(version)} IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=${direction}\r\n`;
}

/** Fields of a request the peer sends. */
export interface PeerRequestFields {
  readonly method?: string;
  readonly cseq?: number;
  readonly branch?: string;
  readonly toTag?: string;
  readonly fromTag?: string;
  readonly callId?: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, readonly string[]>>;
}

/** A request from the peer (an INVITE with an SDP offer by default). */
export function peerRequest(fields: PeerRequestFields = {}): SipRequest {
  const method = fields.method ?? 'INVITE';
  const body = fields.body ?? (method === 'INVITE' ? sdp() : '');
  return {
    type: 'request',
    method,
    uri: 'sip:bob@192.0.2.1',
    headers: {
      via: [`SIP/2.0/UDP 192.0.2.10:5060;branch=${fields.branch ?? `z9hG4bKpeer${method}${String(fields.cseq ?? 1)}`}`],
      'max-forwards': ['70'],
      from: [`Alice <sip:alice@example.com>;tag=${fields.fromTag ?? 'peertag'}`],
      to: [`Bob <sip:bob@example.com>${fields.toTag === undefined ? '' : `;tag=${fields.toTag}`}`],
      'call-id': [fields.callId ?? 'call-1@192.0.2.10'],
      cseq: [`${String(fields.cseq ?? 1)} ${method}`],
      contact: ['<sip:alice@192.0.2.10:5060>'],
      ...(body === '' ? {} : { 'content-type': ['application/sdp'] }),
      ...fields.headers,
    },
    body: encoder.encode(body),
  };
}

/** The To tag of a message. */
export function toTagOf(message: SipMessage): string {
  return /;\s*tag=([^;>\s]+)/i.exec(getHeader(message, 'to') ?? '')?.[1] ?? '';
}

/** The peer's response to a request the node sent, with the peer's To tag and Contact. */
export function peerResponse(request: SipRequest, status: number, fields: { readonly toTag?: string; readonly body?: string; readonly headers?: Readonly<Record<string, readonly string[]>> } = {}): SipResponse {
  const body = fields.body ?? '';
  return createResponse(request, status, {
    ...(status === 100 ? {} : { toTag: fields.toTag ?? 'calleetag' }),
    headers: {
      contact: ['<sip:carol@192.0.2.20:5060>'],
      ...(body === '' ? {} : { 'content-type': ['application/sdp'] }),
      ...fields.headers,
    },
    body: encoder.encode(body),
  });
}

/** The ACK the peer sends for the node's 2xx `response`. */
export function peerAck(response: SipResponse, cseq = 1, branch = 'z9hG4bKpeerack'): SipRequest {
  return peerRequest({ method: 'ACK', cseq, branch, toTag: toTagOf(response) });
}
