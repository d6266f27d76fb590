/**
 * The requests a trunk sends outside any dialog (REGISTER, OPTIONS): the headers RFC 3261 §8.1.1
 * requires, built from what the registration and qualify clients keep between requests.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-8.1.1
 */
import type { SipRequest } from '../message/index.ts';
import type { SipTransportKind } from '../sip-endpoint.ts';

export interface OutboundRequestFields {
  readonly method: string;
  readonly requestUri: string;
  /** Our address without tag, e.g. `<sip:trunk@provider.example>`. */
  readonly from: string;
  readonly fromTag: string;
  readonly to: string;
  readonly callId: string;
  readonly sequence: number;
  /** The top Via, with its branch. */
  readonly via: string;
  readonly contact?: string;
  readonly headers?: Readonly<Record<string, readonly string[]>>;
}

/** The request, without body. */
export function buildOutboundRequest(fields: OutboundRequestFields): SipRequest {
  return {
    type: 'request',
    method: fields.method,
    uri: fields.requestUri,
    headers: {
      via: [fields.via],
      'max-forwards': ['70'],
      from: [`${fields.from};tag=${fields.fromTag}`],
      to: [fields.to],
      'call-id': [fields.callId],
      cseq: [`${String(fields.sequence)} ${fields.method}`],
      ...(fields.contact === undefined ? {} : { contact: [fields.contact] }),
      ...fields.headers,
    },
    body: new Uint8Array(0),
  };
}

/** A top Via with a new branch and `rport` (RFC 3581 §3); `sentBy` is our host[:port]. */
export function outboundVia(transport: SipTransportKind, sentBy: string, branch: string): string {
  return `SIP/2.0/${transport.toUpperCase()} ${sentBy};branch=${branch};rport`;
}

/** Random hex of `bytes` bytes (tags, Call-IDs, cnonces). */
export function randomHex(randomBytes: (size: number) => Uint8Array, bytes: number): string {
  return Buffer.from(randomBytes(bytes)).toString('hex');
}
