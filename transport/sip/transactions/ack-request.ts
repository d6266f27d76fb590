/**
 * The ACK an INVITE client transaction sends for a non-2xx final response.
 *
 * @remarks The ACK for a 2xx is the UA core's (RFC 3261 §13.2.2.4) and is not built here.
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1.3
 */
import type { SipRequest, SipResponse } from '../message/index.ts';
import { getHeader, getHeaders, parseCSeq } from '../message/index.ts';

/**
 * Builds the ACK for `response`, a 300–699 response to `invite`.
 *
 * @remarks "The ACK request constructed by the client transaction MUST contain values for the
 * Call-ID, From, and Request-URI that are equal to the values of those header fields in the
 * request passed to the transport by the client transaction (call this the "original request").
 * The To header field in the ACK MUST equal the To header field in the response being
 * acknowledged ... The ACK MUST contain a single Via header field, and this MUST be equal to the
 * top Via header field of the original request. The CSeq header field in the ACK MUST contain the
 * same value for the sequence number as was present in the original request, but the method
 * parameter MUST be equal to "ACK"." and "If the INVITE request whose response is being
 * acknowledged had Route header fields, those header fields MUST appear in the ACK."
 * Max-Forwards is copied from the INVITE (70 when it had none); no body is sent, as a body in this
 * ACK is NOT RECOMMENDED. https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1.3
 */
export function buildAckForNon2xx(invite: SipRequest, response: SipResponse): SipRequest {
  const headers: Record<string, readonly string[]> = {};
  headers['via'] = getHeaders(invite, 'via').slice(0, 1);
  const routes = getHeaders(invite, 'route');
  if (routes.length > 0) headers['route'] = routes;
  headers['max-forwards'] = [getHeader(invite, 'max-forwards') ?? '70'];
  headers['from'] = getHeaders(invite, 'from').slice(0, 1);
  headers['to'] = getHeaders(response, 'to').slice(0, 1);
  headers['call-id'] = getHeaders(invite, 'call-id').slice(0, 1);
  headers['cseq'] = [`${String(inviteSequence(invite))} ACK`];
  return { type: 'request', method: 'ACK', uri: invite.uri, headers, body: new Uint8Array(0) };
}

function inviteSequence(invite: SipRequest): number {
  const cseq = parseCSeq(getHeader(invite, 'cseq') ?? '');
  // The layer refuses to start a client transaction whose CSeq does not parse.
  if (cseq === undefined) throw new Error('INVITE client transaction without a valid CSeq');
  return cseq.sequence;
}
