/**
 * Fakes and message builders for the transaction and dialog tests.
 *
 * @remarks Not exported by the folder's index: tests import it directly. The recording sender
 * parses every datagram it is given back into a message, so tests check what reaches the wire.
 */
import type { SipMessage, SipRequest, SipResponse } from '../../message/index.ts';
import { createResponse, parseMessage } from '../../message/index.ts';
import type { SipEndpoint, SipSender } from '../../sip-endpoint.ts';

/** One message handed to the fake transport. */
export interface SentMessage {
  readonly message: SipMessage;
  readonly destination: SipEndpoint;
  /** The clock's time when it was sent. */
  readonly atMs: number;
}

/** A {@link SipSender} that records what it is given and fails on demand. */
export interface RecordingSender {
  readonly sender: SipSender;
  readonly sent: SentMessage[];
  /** Makes every later send resolve `false` (or succeed again with `false`). */
  failSends(fail: boolean): void;
  /** The requests sent, by method. */
  requests(method?: string): SipRequest[];
  /** The responses sent, by status. */
  responses(status?: number): SipResponse[];
}

/** Creates a {@link RecordingSender}; `now` stamps each send (0 when omitted). */
export function createRecordingSender(now: () => number = () => 0): RecordingSender {
  const sent: SentMessage[] = [];
  let failing = false;
  const messages = (): SipMessage[] => sent.map((entry) => entry.message);
  return {
    sent,
    sender: {
      send(bytes, destination) {
        const parsed = parseMessage(bytes);
        if (parsed.type !== 'ok') throw new Error(`the layer sent an unparsable message: ${parsed.reason}`);
        sent.push({ message: parsed.message, destination, atMs: now() });
        return Promise.resolve(!failing);
      },
    },
    failSends(fail) {
      failing = fail;
    },
    requests(method) {
      return messages().filter(
        (message): message is SipRequest => message.type === 'request' && (method === undefined || message.method === method),
      );
    },
    responses(status) {
      return messages().filter(
        (message): message is SipResponse => message.type === 'response' && (status === undefined || message.status === status),
      );
    },
  };
}

/** Lets pending promise callbacks (send results) run; no time passes. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 5; round++) await Promise.resolve();
}

/** A UDP endpoint. */
export function udp(address: string, port: number): SipEndpoint {
  return { transport: 'udp', address, port };
}

/** A TCP endpoint on a connection. */
export function tcp(address: string, port: number, connectionId: string): SipEndpoint {
  return { transport: 'tcp', address, port, connectionId };
}

/** Fields of a request built by {@link buildRequest}. */
export interface RequestFields {
  readonly method?: string;
  readonly uri?: string;
  readonly via?: string;
  readonly branch?: string;
  readonly cseq?: number;
  readonly callId?: string;
  readonly fromTag?: string;
  readonly toTag?: string;
  readonly extraHeaders?: Readonly<Record<string, readonly string[]>>;
}

/** A well-formed request (INVITE by default) from alice to bob. */
export function buildRequest(fields: RequestFields = {}): SipRequest {
  const method = fields.method ?? 'INVITE';
  const branch = fields.branch ?? 'z9hG4bKdefault1';
  const to = `Bob <sip:bob@biloxi.example.com>${fields.toTag === undefined ? '' : `;tag=${fields.toTag}`}`;
  return {
    type: 'request',
    method,
    uri: fields.uri ?? 'sip:bob@biloxi.example.com',
    headers: {
      via: [fields.via ?? `SIP/2.0/UDP 192.0.2.10:5060;branch=${branch}`],
      'max-forwards': ['70'],
      from: [`Alice <sip:alice@atlanta.example.com>;tag=${fields.fromTag ?? '1928301774'}`],
      to: [to],
      'call-id': [fields.callId ?? 'a84b4c76e66710@pc33.atlanta.example.com'],
      cseq: [`${String(fields.cseq ?? 314159)} ${method}`],
      ...fields.extraHeaders,
    },
    body: new Uint8Array(0),
  };
}

/** A response to `request` with a To tag (none on 100). */
export function buildResponse(request: SipRequest, status: number, toTag = 'as83kd9bs'): SipResponse {
  return createResponse(request, status, { toTag });
}
