/**
 * What the parser and the stream framer return: a message or a typed error, and their limits.
 *
 * @remarks Malformed input is an expected outcome on a network edge, so it is a value, never an
 * exception. The codes are stable: transports branch on them (400 vs 505 vs 513).
 */
import type { SipMessage, SipRequest } from './sip-message.ts';

/**
 * Stable error codes of the SIP message layer.
 *
 * @remarks What a transport should do with each:
 * - `START_LINE`, `HEADER`, `MISSING_HEADER`, `DUPLICATE_HEADER`, `CSEQ`, `VIA`, `MAX_FORWARDS`,
 *   `CALL_ID`, `ADDRESS`, `CONTENT_LENGTH`, `TRUNCATED_BODY`: 400 Bad Request when a request
 *   was read far enough (RFC 3261 §8.2.2 / §16.3), else drop;
 * - `VERSION`: 505 Version Not Supported (RFC 3261 §8.2.2, RFC 4475 §3.1.2.16);
 * - `REQUEST_URI`: 400 (RFC 4475 §3.1.2.7, §3.1.2.11); a Request-URI whose scheme is merely
 *   unknown parses, and is the UAS core's 416 (RFC 3261 §8.2.2.1);
 * - `TOO_LARGE`: 513 Message Too Large or drop (RFC 3261 §21.5.14);
 * - `INCOMPLETE_HEAD`: drop (a datagram without the empty line that ends the header section).
 */
export const PARSE_ERROR_CODES = [
  'PBX_ERR_SIP_PARSE_START_LINE',
  'PBX_ERR_SIP_PARSE_VERSION',
  'PBX_ERR_SIP_PARSE_REQUEST_URI',
  'PBX_ERR_SIP_PARSE_HEADER',
  'PBX_ERR_SIP_PARSE_MISSING_HEADER',
  'PBX_ERR_SIP_PARSE_DUPLICATE_HEADER',
  'PBX_ERR_SIP_PARSE_CSEQ',
  'PBX_ERR_SIP_PARSE_VIA',
  'PBX_ERR_SIP_PARSE_CALL_ID',
  'PBX_ERR_SIP_PARSE_ADDRESS',
  'PBX_ERR_SIP_PARSE_MAX_FORWARDS',
  'PBX_ERR_SIP_PARSE_CONTENT_LENGTH',
  'PBX_ERR_SIP_PARSE_TRUNCATED_BODY',
  'PBX_ERR_SIP_PARSE_TOO_LARGE',
  'PBX_ERR_SIP_PARSE_INCOMPLETE_HEAD',
] as const;

/** One of {@link PARSE_ERROR_CODES}. */
export type ParseErrorCode = (typeof PARSE_ERROR_CODES)[number];

/** A parse failure, with the request when enough of it was read to answer it. */
export interface ParseFailure {
  readonly type: 'error';
  readonly code: ParseErrorCode;
  /** For logs and the reason phrase or Warning text of a 400; never branch on it. */
  readonly reason: string;
  /** Present when enough of a request was read to answer it with 400 (Via, From, To, Call-ID, CSeq as raw values). */
  readonly request?: SipRequest;
}

/** The outcome of {@link parseMessage}. */
export type ParseResult = { readonly type: 'ok'; readonly message: SipMessage } | ParseFailure;

/** Size limits that keep hostile input bounded in time and memory. */
export interface ParseLimits {
  /** Whole message: header section plus body. */
  maxMessageBytes: number;
  /** Start line and header fields, up to (not including) the empty line. */
  maxHeaderBytes: number;
  /** Header field lines (a folded line counts once). */
  maxHeaderCount: number;
}

/**
 * The default limits.
 *
 * @remarks 65,535 bytes is the largest UDP payload; 16 KiB of header fields and 256 lines are far
 * above what real peers send (a REGISTER is about 600 bytes and 15 lines).
 */
export const DEFAULT_PARSE_LIMITS: ParseLimits = Object.freeze({
  maxMessageBytes: 65_535,
  maxHeaderBytes: 16_384,
  maxHeaderCount: 256,
});

/** Builds a {@link ParseFailure}. */
export function parseFailure(code: ParseErrorCode, reason: string, request?: SipRequest): ParseFailure {
  return request === undefined ? { type: 'error', code, reason } : { type: 'error', code, reason, request };
}
