/**
 * One request the node sends outside any dialog (an unsolicited NOTIFY, say), and its final
 * response as a value.
 *
 * @remarks
 * The request is a UAC request as RFC 3261 §8.1.1 wants it: Request-URI, To, From with a new tag,
 * a new Call-ID, CSeq, Max-Forwards and a Via whose branch starts the client transaction; the node's
 * Contact for the destination's transport. It runs a non-INVITE client transaction (§17.1.2): the
 * first final response ends it, provisional ones are ignored, and Timer F (64·T1) without a final
 * response is a timeout. INVITE (a session), ACK and CANCEL (no transaction of their own) are not
 * sent this way. https://www.rfc-editor.org/rfc/rfc3261#section-8.1.1
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.1.2
 */
import { parseUri, type SipRequest, type SipResponse } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import { mergeHeaders } from './in-dialog-responses.ts';
import { contactHeader, createVia, newCallId, newTag, type SessionContext } from './session-context.ts';
import type { ExtraHeaders } from './session-events.ts';

/** What the stack's user gives to send one out-of-dialog request. */
export interface OutOfDialogRequestOptions {
  /** The method, e.g. `NOTIFY` or `MESSAGE`; not INVITE, ACK or CANCEL. */
  readonly method: string;
  readonly requestUri: string;
  /** The URI of the To header: the address of record of the contact, e.g. `sip:1002@example.com`. */
  readonly toUri: string;
  /** Our address without tag; the node's Contact URI by default. */
  readonly from?: string;
  /** Event, Content-Type and the like; they cannot replace Via, From, To, Call-ID or CSeq. */
  readonly headers?: ExtraHeaders;
  readonly destination: SipEndpoint;
}

/** Why a request was not sent at all. */
export type OutOfDialogErrorCode = 'invalid-method' | 'invalid-address' | 'no-contact' | 'send-failed';

/** How an out-of-dialog request ended. */
export type OutOfDialogResult =
  | { readonly type: 'answered'; readonly status: number; readonly reason: string; readonly response: SipResponse }
  /** Timer F fired: no final response (RFC 3261 §17.1.2.2; the TU treats it as a 408). */
  | { readonly type: 'timeout' }
  /** The transport could not send it (a closed connection, say; the TU treats it as a 503). */
  | { readonly type: 'transport-error' }
  | { readonly type: 'error'; readonly code: OutOfDialogErrorCode; readonly detail: string };

/** What the request needs from the stack: its transaction layer, its Contacts, its random source. */
export type OutOfDialogContext = Pick<SessionContext, 'layer' | 'contacts' | 'randomBytes' | 'userAgent'>;

/** Methods with a dialog or transaction logic of their own. */
const NOT_OUT_OF_DIALOG = new Set(['INVITE', 'ACK', 'CANCEL']);
const METHOD_TOKEN = /^[A-Z][A-Z-]{0,31}$/;

/** The fields of an out-of-dialog request. */
export interface OutOfDialogFields {
  readonly method: string;
  readonly requestUri: string;
  readonly toUri: string;
  readonly from: string;
  readonly fromTag: string;
  readonly callId: string;
  readonly via: string;
  readonly contact: string;
  readonly userAgent: string;
  readonly headers: ExtraHeaders;
}

/**
 * The request, without a body (Content-Length 0 is written by the serializer). The caller's
 * headers come between the defaults (Contact, User-Agent) and the fields a transaction and the
 * far end match on, which they cannot change.
 */
export function buildOutOfDialogRequest(fields: OutOfDialogFields): SipRequest {
  const headers = mergeHeaders(
    { 'max-forwards': ['70'], contact: [fields.contact], 'user-agent': [fields.userAgent] },
    fields.headers,
    {
      via: [fields.via],
      from: [`${fields.from};tag=${fields.fromTag}`],
      to: [`<${fields.toUri}>`],
      'call-id': [fields.callId],
      cseq: [`1 ${fields.method}`],
    },
  );
  return { type: 'request', method: fields.method, uri: fields.requestUri, headers, body: new Uint8Array(0) };
}

/** Sends the request and resolves with its final response, a timeout, or why it was not sent. */
export function sendOutOfDialog(context: OutOfDialogContext, options: OutOfDialogRequestOptions): Promise<OutOfDialogResult> {
  const refused = (code: OutOfDialogErrorCode, detail: string): Promise<OutOfDialogResult> => Promise.resolve({ type: 'error', code, detail });
  if (!METHOD_TOKEN.test(options.method) || NOT_OUT_OF_DIALOG.has(options.method)) {
    return refused('invalid-method', `${options.method} is not sent as an out-of-dialog request`);
  }
  if (parseUri(options.requestUri) === undefined) return refused('invalid-address', `not a SIP URI: ${options.requestUri}`);
  if (parseUri(options.toUri) === undefined) return refused('invalid-address', `not a SIP URI: ${options.toUri}`);
  const transport = options.destination.transport;
  const contact = contactHeader(context, transport);
  if (contact === undefined) return refused('no-contact', `no Contact configured for ${transport}`);
  const request = buildOutOfDialogRequest({
    method: options.method,
    requestUri: options.requestUri,
    toUri: options.toUri,
    from: options.from ?? contact,
    fromTag: newTag(context),
    callId: newCallId(context),
    via: createVia(context, transport),
    contact,
    userAgent: context.userAgent,
    headers: options.headers ?? {},
  });
  return new Promise((resolve) => {
    const started = context.layer.sendRequest(request, options.destination, {
      onFinal: (response) => resolve({ type: 'answered', status: response.status, reason: response.reason, response }),
      onTimeout: () => resolve({ type: 'timeout' }),
      onTransportError: () => resolve({ type: 'transport-error' }),
    });
    if (started.type === 'error') resolve({ type: 'error', code: 'send-failed', detail: `${started.code}: ${started.detail}` });
  });
}
