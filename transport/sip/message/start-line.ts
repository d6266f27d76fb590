/**
 * The first line of a SIP message: Request-Line or Status-Line.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-7.1 and
 * https://www.rfc-editor.org/rfc/rfc3261#section-7.2
 */
import type { SipUri } from './sip-message.ts';
import type { ParseFailure } from './parse-result.ts';
import { parseFailure } from './parse-result.ts';
import { equalsLowerCase, isToken } from './sip-grammar.ts';
import { isAbsoluteUri } from './name-address.ts';
import { checkUri } from './uri.ts';

/** A start line cut into its elements; a request line is checked later by {@link checkRequestLine}. */
export type StartLine =
  | { readonly type: 'request'; readonly method: string; readonly uri: string; readonly version: string }
  | { readonly type: 'response'; readonly status: number; readonly reason: string };

/**
 * Cuts `Method SP Request-URI SP SIP-Version`, or parses `SIP-Version SP Status-Code SP
 * Reason-Phrase`.
 *
 * @remarks A request line is only cut here (method up to the first SP, version after the last),
 * so that the header section can still be read and a malformed request answered with 400;
 * {@link checkRequestLine} judges it. A response whose Status-Code is followed by nothing at all
 * is accepted (only the SP before an empty Reason-Phrase is missing). A response with a bad
 * status line is dropped (RFC 4475 §3.1.2.19 "bigcode").
 * https://www.rfc-editor.org/rfc/rfc3261#section-7.1
 */
export function parseStartLine(line: string): StartLine | ParseFailure {
  const firstSpace = line.indexOf(' ');
  if (firstSpace <= 0) return parseFailure('PBX_ERR_SIP_PARSE_START_LINE', 'malformed start line');
  const first = line.slice(0, firstSpace);
  if (first.includes('/')) return parseStatusLine(line, first, firstSpace);
  const lastSpace = line.lastIndexOf(' ');
  if (lastSpace === firstSpace) return parseFailure('PBX_ERR_SIP_PARSE_START_LINE', 'malformed Request-Line');
  return { type: 'request', method: first, uri: line.slice(firstSpace + 1, lastSpace), version: line.slice(lastSpace + 1) };
}

function parseStatusLine(line: string, version: string, firstSpace: number): StartLine | ParseFailure {
  const versionProblem = checkVersion(version);
  if (versionProblem !== undefined) return versionProblem;
  const status = threeDigitStatus(line, firstSpace + 1);
  const afterStatus = line.charCodeAt(firstSpace + 4);
  if (status === undefined || !(Number.isNaN(afterStatus) || afterStatus === 32)) {
    return parseFailure('PBX_ERR_SIP_PARSE_START_LINE', 'malformed Status-Code');
  }
  return { type: 'response', status, reason: line.slice(firstSpace + 5) };
}

function threeDigitStatus(line: string, start: number): number | undefined {
  let status = 0;
  for (let index = start; index < start + 3; index++) {
    const code = line.charCodeAt(index);
    if (!(code >= 48 && code <= 57)) return undefined;
    status = status * 10 + (code - 48);
  }
  return status >= 100 && status <= 699 ? status : undefined;
}

/**
 * Judges a cut request line: a token method, single SP separators (so no LWS in or around the
 * Request-URI), version SIP/2.0, an absolute Request-URI.
 *
 * @remarks "The elements are separated by single SP characters. No CR or LF are allowed except
 * in the final CRLF sequence. No element of the Request-Line may contain LWS" (RFC 3261 §7.1;
 * RFC 4475 §3.1.2.7 "ltgtruri", §3.1.2.8 "lwsruri", §3.1.2.9 "lwsstart", §3.1.2.10 "trws").
 * Another version is answered 505 (§8.2.2; RFC 4475 §3.1.2.16 "badvers").
 * https://www.rfc-editor.org/rfc/rfc3261#section-7.1
 */
export function checkRequestLine(line: { method: string; uri: string; version: string }): ParseFailure | undefined {
  if (!isToken(line.method) || line.uri.length === 0 || line.uri.includes(' ')) {
    return parseFailure('PBX_ERR_SIP_PARSE_START_LINE', 'malformed Request-Line');
  }
  const versionProblem = checkVersion(line.version);
  if (versionProblem !== undefined) return versionProblem;
  if (!isValidRequestUri(line.uri)) return parseFailure('PBX_ERR_SIP_PARSE_REQUEST_URI', 'malformed Request-URI');
  return undefined;
}

/**
 * Only SIP/2.0 is spoken; another well-formed version is a 505, anything else a 400.
 *
 * @remarks The literal "SIP" is case-insensitive as every ABNF string (RFC 5234 §2.3).
 * https://www.rfc-editor.org/rfc/rfc3261#section-7.1
 */
function checkVersion(version: string): ParseFailure | undefined {
  if (version === 'SIP/2.0' || (version.length === 7 && version.toUpperCase() === 'SIP/2.0')) return undefined;
  if (/^sip\/[0-9]{1,4}\.[0-9]{1,4}$/i.test(version)) {
    return parseFailure('PBX_ERR_SIP_PARSE_VERSION', `unsupported version ${version}`);
  }
  return parseFailure('PBX_ERR_SIP_PARSE_START_LINE', 'malformed SIP-Version');
}

/**
 * A Request-URI is an absolute URI; a SIP or SIPS one must parse and carry no headers, which the
 * table of RFC 3261 §19.1.1 forbids there (RFC 4475 §3.1.2.11 "escruri").
 */
function isValidRequestUri(uri: string): boolean {
  if (!isAbsoluteUri(uri)) return false;
  const colon = uri.indexOf(':');
  const isSip = (colon === 3 && equalsLowerCase(uri, 0, 'sip')) || (colon === 4 && equalsLowerCase(uri, 0, 'sips'));
  return !isSip || checkUri(uri, hasNoHeaders);
}

function hasNoHeaders(uri: SipUri): boolean {
  for (const name in uri.headers) if (Object.hasOwn(uri.headers, name)) return false;
  return true;
}
