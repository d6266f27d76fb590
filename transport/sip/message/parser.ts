/**
 * Parsing one SIP message (a datagram, or a message the stream framer delimited) from bytes.
 *
 * @remarks
 * The header/body boundary is found on the bytes, the header section is decoded once as UTF-8,
 * and the body is copied out byte for byte (binary and multipart bodies stay intact). Only what
 * the transaction layer relies on is validated here; other headers are parsed on demand by the
 * helpers (`parseVia`, `parseNameAddress`, …). Nothing in here throws on any input.
 * https://www.rfc-editor.org/rfc/rfc3261#section-7
 */
import type { SipHeaders, SipMessage, SipRequest } from './sip-message.ts';
import type { ParseLimits, ParseResult } from './parse-result.ts';
import type { StartLine } from './start-line.ts';
import { DEFAULT_PARSE_LIMITS, parseFailure } from './parse-result.ts';
import { checkRequestLine, parseStartLine } from './start-line.ts';
import { parseHeaderFields } from './header-fields.ts';
import { checkRequiredHeaders, checkTopVia, readContentLength } from './header-validation.ts';
import { getOwn, setOwn } from './sip-grammar.ts';
import { findCleanHeadEnd, hasForbiddenControl, UNDECIDED } from './head-characters.ts';

const CRLF_CRLF = Buffer.from('\r\n\r\n', 'latin1');

/**
 * Parses one complete SIP message.
 *
 * @remarks On a datagram, Content-Length, when present, bounds the body (extra bytes are
 * ignored, a shorter body is an error); when absent the body is the rest of the datagram
 * (RFC 3261 §18.3). CRLFs before the start line are ignored (§7.5).
 * https://www.rfc-editor.org/rfc/rfc3261#section-18.3
 */
export function parseMessage(bytes: Uint8Array, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParseResult {
  if (bytes.length > limits.maxMessageBytes) return parseFailure('PBX_ERR_SIP_PARSE_TOO_LARGE', 'message too large');
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = 0;
  while (buffer[start] === 13 && buffer[start + 1] === 10) start += 2;
  const cleanHeadEnd = findCleanHeadEnd(buffer, start, Math.min(start + limits.maxHeaderBytes, buffer.length - 4));
  const headEnd = cleanHeadEnd === UNDECIDED ? buffer.indexOf(CRLF_CRLF, start) : cleanHeadEnd;
  if (headEnd < 0 || headEnd - start > limits.maxHeaderBytes) {
    return buffer.length - start > limits.maxHeaderBytes
      ? parseFailure('PBX_ERR_SIP_PARSE_TOO_LARGE', 'header section too large')
      : parseFailure('PBX_ERR_SIP_PARSE_INCOMPLETE_HEAD', 'no empty line after the header section');
  }
  if (cleanHeadEnd === UNDECIDED && hasForbiddenControl(buffer, start, headEnd)) {
    return parseFailure('PBX_ERR_SIP_PARSE_HEADER', 'control character in the header section');
  }
  const head = buffer.toString('utf8', start, headEnd);
  return parseHead(head, buffer, headEnd + 4, limits);
}

function parseHead(head: string, buffer: Buffer, bodyStart: number, limits: ParseLimits): ParseResult {
  const lineEnd = head.indexOf('\r\n');
  const startLine = parseStartLine(lineEnd < 0 ? head : head.slice(0, lineEnd));
  if (startLine.type === 'error') return startLine;
  const fields = parseHeaderFields(head, lineEnd < 0 ? head.length : lineEnd + 2, limits);
  if (fields.type === 'error') return fields;
  const { headers } = fields;
  const problem =
    (startLine.type === 'request' ? checkRequestLine(startLine) : undefined) ??
    checkTopVia(headers) ??
    checkRequiredHeaders(startLine, headers);
  if (problem !== undefined) return parseFailure(problem.code, problem.reason, answerable(startLine, headers));
  const contentLength = readContentLength(headers, Number.MAX_SAFE_INTEGER);
  if (typeof contentLength === 'object') {
    return parseFailure(contentLength.code, contentLength.reason, answerable(startLine, headers));
  }
  const available = buffer.length - bodyStart;
  if (contentLength !== undefined && contentLength > available) {
    return parseFailure('PBX_ERR_SIP_PARSE_TRUNCATED_BODY', 'body shorter than Content-Length', answerable(startLine, headers));
  }
  return { type: 'ok', message: buildMessage(startLine, headers, copyBody(buffer, bodyStart, contentLength ?? available)) };
}

/**
 * The empty body every message without one shares.
 *
 * @remarks A zero-length Uint8Array can hold nothing, and frozen it cannot even carry a property,
 * so sharing it is indistinguishable from a fresh one; allocating a fresh one costs as much as
 * a small message's whole header section.
 */
const EMPTY_BODY: Uint8Array = Object.freeze(new Uint8Array(0));

/** A copy of `buffer[start, start + length)`, as a plain Uint8Array independent of the input. */
function copyBody(buffer: Buffer, start: number, length: number): Uint8Array {
  if (length === 0) return EMPTY_BODY;
  const body = new Uint8Array(length);
  body.set(buffer.subarray(start, start + length));
  return body;
}

function buildMessage(startLine: StartLine, headers: SipHeaders, body: Uint8Array): SipMessage {
  if (startLine.type === 'request') {
    return { type: 'request', method: startLine.method, uri: startLine.uri, headers, body };
  }
  return { type: 'response', status: startLine.status, reason: startLine.reason, headers, body };
}

const ANSWER_HEADERS = ['via', 'from', 'to', 'call-id', 'cseq'] as const;

/**
 * The request reduced to what a 400 (or 505) response needs (RFC 3261 §8.2.6.2): undefined for a
 * response (never answered) and when there is no Via to send the answer back along.
 *
 * @remarks The top Via may itself be the malformed part (RFC 4475 §3.1.2.1 "badinv01" expects a
 * 400): the transport then answers to the source address of the request.
 */
function answerable(startLine: StartLine, headers: SipHeaders): SipRequest | undefined {
  if (startLine.type !== 'request' || getOwn(headers, 'via') === undefined) return undefined;
  const kept: Record<string, readonly string[]> = {};
  for (const name of ANSWER_HEADERS) {
    const values = getOwn(headers, name);
    if (values !== undefined) setOwn(kept, name, values);
  }
  return { type: 'request', method: startLine.method, uri: startLine.uri, headers: kept, body: new Uint8Array(0) };
}
