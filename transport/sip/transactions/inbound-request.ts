/**
 * The checks a request passes before the transaction layer matches it.
 *
 * @remarks Matching needs the top Via (branch, sent-by), the CSeq, the Call-ID and the From and To
 * tags (RFC 3261 §17.2.3). A request without a usable top Via cannot even be answered, since the
 * Via says where responses go; one with a Via but a broken CSeq, Call-ID, From or To is answered
 * 400 (Bad Request), as §8.2 and §18.3 expect of malformed requests.
 * https://www.rfc-editor.org/rfc/rfc3261#section-8.1.1
 */
import type { CSeq, SipRequest, Via } from '../message/index.ts';
import { getHeader, getHeaders, parseCSeq, parseNameAddress, parseVia } from '../message/index.ts';

/** The result of {@link inspectRequest}. */
export type InboundRequest =
  | { readonly type: 'unroutable'; readonly reason: string }
  | { readonly type: 'invalid'; readonly via: Via; readonly reason: string }
  | { readonly type: 'valid'; readonly via: Via; readonly cseq: CSeq };

/**
 * Parses the top Via and CSeq of a received request and checks the headers matching relies on.
 *
 * @remarks "The method field in the CSeq header field value MUST match the method of the request"
 * (§8.1.1.5) — a mismatch would let an ACK or CANCEL pass for another transaction's request.
 * https://www.rfc-editor.org/rfc/rfc3261#section-8.1.1.5
 */
export function inspectRequest(request: SipRequest): InboundRequest {
  const topViaText = getHeaders(request, 'via')[0];
  const via = topViaText === undefined ? undefined : parseVia(topViaText);
  if (via === undefined) return { type: 'unroutable', reason: 'missing or malformed top Via' };
  const cseq = parseCSeq(getHeader(request, 'cseq') ?? '');
  if (cseq === undefined) return { type: 'invalid', via, reason: 'Malformed CSeq' };
  if (cseq.method !== request.method) return { type: 'invalid', via, reason: 'CSeq Method Mismatch' };
  if ((getHeader(request, 'call-id') ?? '').trim() === '') return { type: 'invalid', via, reason: 'Missing Call-ID' };
  for (const name of ['from', 'to'] as const) {
    const value = getHeader(request, name);
    if (value === undefined || parseNameAddress(value) === undefined) {
      return { type: 'invalid', via, reason: `Malformed ${name === 'from' ? 'From' : 'To'}` };
    }
  }
  return { type: 'valid', via, cseq };
}
