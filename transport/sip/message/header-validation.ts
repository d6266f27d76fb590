/**
 * The checks a message must pass before the transaction layer sees it.
 *
 * @remarks The transaction layer matches on the top Via branch, CSeq and Call-ID, dialogs on the
 * From and To tags (RFC 3261 §8.1.1, §17.1.3, §17.2.3), so these must be present once and well
 * formed; everything else is parsed on demand by whoever reads it.
 * https://www.rfc-editor.org/rfc/rfc3261#section-8.1.1
 */
import type { SipHeaders } from './sip-message.ts';
import type { ParseErrorCode } from './parse-result.ts';
import type { StartLine } from './start-line.ts';
import { checkCSeq as checkCSeqText, parseCSeq } from './cseq.ts';
import { checkNameAddress } from './name-address.ts';
import { checkVia } from './via.ts';
import { getOwn, inTable } from './sip-grammar.ts';

/** A failed check: its code and a short reason. */
export interface HeaderProblem {
  readonly code: ParseErrorCode;
  readonly reason: string;
}

/**
 * Checks that the top Via parses. Done first: without it no response can be routed back, so no
 * 400 can be sent either (RFC 3261 §18.2.2).
 */
export function checkTopVia(headers: SipHeaders): HeaderProblem | undefined {
  const top = getOwn(headers, 'via')?.[0];
  if (top === undefined) return { code: 'PBX_ERR_SIP_PARSE_MISSING_HEADER', reason: 'missing Via' };
  if (!checkVia(top)) return { code: 'PBX_ERR_SIP_PARSE_VIA', reason: 'malformed Via' };
  return undefined;
}

/**
 * Checks Call-ID, From, To, CSeq and Max-Forwards.
 *
 * @remarks A request's CSeq method must equal its method (RFC 3261 §8.1.1.5; RFC 4475 §3.1.2.17
 * "mismatch01", §3.1.2.18 "mismatch02"). Max-Forwards is "an integer in the range 0-255"
 * (§20.22; RFC 4475 §3.1.2.4 "scalar02"). Call-ID, From, To and CSeq appear exactly once
 * (RFC 4475 §3.3.1 "insuf", §3.3.8 "multi01").
 */
export function checkRequiredHeaders(startLine: StartLine, headers: SipHeaders): HeaderProblem | undefined {
  return (
    checkCallId(headers) ??
    checkAddress(headers, 'from') ??
    checkAddress(headers, 'to') ??
    checkCSeq(startLine, headers) ??
    checkMaxForwards(headers)
  );
}

function single(headers: SipHeaders, name: string, label: string): string | HeaderProblem {
  return onlyValue(getOwn(headers, name), label);
}

function onlyValue(values: readonly string[] | undefined, label: string): string | HeaderProblem {
  if (values === undefined || values.length === 0) {
    return { code: 'PBX_ERR_SIP_PARSE_MISSING_HEADER', reason: `missing ${label}` };
  }
  if (values.length > 1) return { code: 'PBX_ERR_SIP_PARSE_DUPLICATE_HEADER', reason: `more than one ${label}` };
  return values[0] ?? '';
}

/** word characters (RFC 3261 §25.1): token characters and `()<>:\"/[]?{}`. */
const WORD_CHARACTERS = (() => {
  const table = new Uint8Array(128);
  const characters = "-.!%*_+`'~()<>:\\\"/[]?{}";
  for (let code = 48; code <= 57; code++) table[code] = 1;
  for (let code = 65; code <= 90; code++) table[code] = 1;
  for (let code = 97; code <= 122; code++) table[code] = 1;
  for (let index = 0; index < characters.length; index++) table[characters.charCodeAt(index)] = 1;
  return table;
})();

function checkCallId(headers: SipHeaders): HeaderProblem | undefined {
  const value = single(headers, 'call-id', 'Call-ID');
  if (typeof value !== 'string') return value;
  return isCallId(value) ? undefined : { code: 'PBX_ERR_SIP_PARSE_CALL_ID', reason: 'malformed Call-ID' };
}

/** `word [ "@" word ]` (RFC 3261 §25.1, callid). */
function isCallId(value: string): boolean {
  let atSigns = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code === 64 /* @ */) {
      if (++atSigns > 1 || index === 0 || index === value.length - 1) return false;
    } else if (!inTable(WORD_CHARACTERS, code)) {
      return false;
    }
  }
  return value.length > 0;
}

function everyCharacter(text: string, accept: (code: number) => boolean): boolean {
  for (let index = 0; index < text.length; index++) if (!accept(text.charCodeAt(index))) return false;
  return true;
}

function checkAddress(headers: SipHeaders, name: 'from' | 'to'): HeaderProblem | undefined {
  const label = name === 'from' ? 'From' : 'To';
  const value = single(headers, name, label);
  if (typeof value !== 'string') return value;
  return !checkNameAddress(value) ? { code: 'PBX_ERR_SIP_PARSE_ADDRESS', reason: `malformed ${label}` } : undefined;
}

function checkCSeq(startLine: StartLine, headers: SipHeaders): HeaderProblem | undefined {
  const value = single(headers, 'cseq', 'CSeq');
  if (typeof value !== 'string') return value;
  const method = startLine.type === 'request' ? startLine.method : undefined;
  if (checkCSeqText(value, (cseq) => method === undefined || cseq.method === method)) return undefined;
  return parseCSeq(value) === undefined
    ? { code: 'PBX_ERR_SIP_PARSE_CSEQ', reason: 'malformed CSeq' }
    : { code: 'PBX_ERR_SIP_PARSE_CSEQ', reason: 'CSeq method does not match the request method' };
}

function checkMaxForwards(headers: SipHeaders): HeaderProblem | undefined {
  const values = getOwn(headers, 'max-forwards');
  if (values === undefined) return undefined;
  const value = onlyValue(values, 'Max-Forwards');
  if (typeof value !== 'string') return value;
  const valid = value.length > 0 && value.length <= 10 && everyCharacter(value, isDigit) && Number(value) <= 255;
  return valid ? undefined : { code: 'PBX_ERR_SIP_PARSE_MAX_FORWARDS', reason: 'malformed Max-Forwards' };
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * The Content-Length value, undefined when absent, or a problem when repeated, not a decimal
 * number, or beyond `limit`.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-20.14 (Content-Length = 1*DIGIT)
 */
export function readContentLength(headers: SipHeaders, limit: number): number | undefined | HeaderProblem {
  const values = getOwn(headers, 'content-length');
  if (values === undefined) return undefined;
  const value = onlyValue(values, 'Content-Length');
  if (typeof value !== 'string') return value;
  return parseContentLengthValue(value, limit) ?? { code: 'PBX_ERR_SIP_PARSE_CONTENT_LENGTH', reason: 'malformed Content-Length' };
}

/** `1*DIGIT` up to `limit`, or undefined. Leading zeros are allowed; more than 10 digits are not. */
export function parseContentLengthValue(value: string, limit: number): number | undefined {
  if (value.length === 0 || value.length > 10 || !everyCharacter(value, isDigit)) return undefined;
  const length = Number(value);
  return length <= limit ? length : undefined;
}
