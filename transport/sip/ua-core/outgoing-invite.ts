/**
 * Building the INVITE that opens an outbound leg, and the CANCEL for it.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-8.1.1
 * https://www.rfc-editor.org/rfc/rfc3261#section-9.1
 */
import type { SipRequest } from '../message/index.ts';
import { getHeaders, parseNameAddress } from '../message/index.ts';
import { mergeHeaders } from './in-dialog-responses.ts';
import { sdpBody } from './session-body.ts';
import type { ExtraHeaders } from './session-events.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import type { UacCredentials } from './invite-authorization.ts';

/** What the call layer gives to place an outbound leg. */
export interface StartInviteOptions {
  readonly requestUri: string;
  /** Our address without tag, e.g. `"Alice" <sip:alice@example.com>`. */
  readonly from: string;
  /** The callee's address without tag. */
  readonly to: string;
  /** Our Contact header value; the node's Contact for the destination's transport by default. */
  readonly contact?: string;
  readonly sdp?: string;
  readonly headers?: ExtraHeaders;
  readonly destination: SipEndpoint;
  /** The Call-ID; a new random one by default (a B2BUA never reuses the inbound leg's). */
  readonly callId?: string;
  /** Answers a 401 or 407 with these (a trunk towards a provider that authenticates us). */
  readonly credentials?: UacCredentials;
}

/** The fields of an outbound INVITE. */
export interface OutgoingInviteFields {
  readonly requestUri: string;
  /** Our address, without tag: `"Alice" <sip:alice@example.com>`. */
  readonly from: string;
  /** The callee's address, without tag. */
  readonly to: string;
  readonly fromTag: string;
  readonly callId: string;
  readonly sequence: number;
  readonly via: string;
  readonly contact: string;
  readonly sdp?: string;
  /** Allow, Supported, session timer and the caller's own headers; later names win. */
  readonly headers: ExtraHeaders;
}

/**
 * The INVITE, or undefined when `from` or `to` is not an address.
 *
 * @remarks "A valid SIP request formulated by a UAC MUST, at a minimum, contain the following
 * header fields: To, From, CSeq, Call-ID, Max-Forwards, and Via"; "The From field MUST contain a
 * new "tag" parameter"; "The Contact header field MUST be present and contain exactly one SIP or
 * SIPS URI in any request that can result in the establishment of a dialog."
 * https://www.rfc-editor.org/rfc/rfc3261#section-8.1.1
 */
export function buildOutgoingInvite(fields: OutgoingInviteFields): SipRequest | undefined {
  if (parseNameAddress(fields.from) === undefined || parseNameAddress(fields.to) === undefined) return undefined;
  const body = sdpBody(fields.sdp);
  const headers = mergeHeaders(
    {
      via: [fields.via],
      'max-forwards': ['70'],
      from: [`${fields.from};tag=${fields.fromTag}`],
      to: [fields.to],
      'call-id': [fields.callId],
      cseq: [`${String(fields.sequence)} INVITE`],
      contact: [fields.contact],
    },
    fields.headers,
    body.headers,
  );
  return { type: 'request', method: 'INVITE', uri: fields.requestUri, headers, body: body.body };
}

/**
 * The CANCEL of `invite`.
 *
 * @remarks "The Request-URI, Call-ID, To, the numeric part of CSeq, and From header fields in the
 * CANCEL request MUST be identical to those in the request being cancelled, including tags. A
 * CANCEL constructed by a client MUST have only a single Via header field value matching the top
 * Via value in the request being cancelled. ... If the request being cancelled contains a Route
 * header field, the CANCEL request MUST include that Route header field's values."
 * https://www.rfc-editor.org/rfc/rfc3261#section-9.1
 */
export function buildCancel(invite: SipRequest, sequence: number, extraHeaders: Readonly<Record<string, readonly string[]>> = {}): SipRequest {
  const route = getHeaders(invite, 'route');
  const headers: Record<string, readonly string[]> = {
    via: getHeaders(invite, 'via').slice(0, 1),
    'max-forwards': ['70'],
    from: getHeaders(invite, 'from'),
    to: getHeaders(invite, 'to'),
    'call-id': getHeaders(invite, 'call-id'),
    cseq: [`${String(sequence)} CANCEL`],
    ...(route.length > 0 ? { route } : {}),
    ...extraHeaders,
  };
  return { type: 'request', method: 'CANCEL', uri: invite.uri, headers, body: new Uint8Array(0) };
}
