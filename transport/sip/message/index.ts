/**
 * The SIP message layer: the message model, parser, serializer, stream framer and the header
 * helpers the transaction layer, dialogs and the registrar use.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-7
 */
export type { SipHeaders, SipRequest, SipResponse, SipMessage, SipUri, NameAddress, Via, CSeq, DigestParams } from './sip-message.ts';
export { getHeader, getHeaders, withHeaders, canonicalHeaderName, normalizeHeaderName } from './headers.ts';
export { parseUri, formatUri } from './uri.ts';
export { parseNameAddress, formatNameAddress } from './name-address.ts';
export { parseVia, formatVia, topVia } from './via.ts';
export { parseCSeq, formatCSeq, MAX_CSEQ_SEQUENCE } from './cseq.ts';
export { parseDigest, formatDigest } from './digest-params.ts';
export { unquoteParam } from './sip-grammar.ts';
export { createResponse } from './create-response.ts';
export type { CreateResponseOptions } from './create-response.ts';
export { defaultReasonPhrase } from './reason-phrases.ts';
export { parseMessage } from './parser.ts';
export { DEFAULT_PARSE_LIMITS, PARSE_ERROR_CODES } from './parse-result.ts';
export type { ParseErrorCode, ParseFailure, ParseResult, ParseLimits } from './parse-result.ts';
export { serializeMessage } from './serializer.ts';
export { createStreamFramer } from './stream-framer.ts';
export type { StreamFramer, FramerEvent } from './stream-framer.ts';
export { isCrlfKeepalive } from './keepalive.ts';
