/**
 * The header section of a message, after its start line: field lines into {@link SipHeaders}.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-7.3
 */
import type { SipHeaders } from './sip-message.ts';
import type { ParseFailure, ParseLimits } from './parse-result.ts';
import { parseFailure } from './parse-result.ts';
import { canonicalHeaderName, normalizeHeaderName } from './headers.ts';
import { LIST_HEADERS, splitList } from './header-list.ts';
import { setOwn, TOKEN_CHARACTERS } from './sip-grammar.ts';

/** How a header name is stored and whether its value is a comma-separated list. */
interface FieldName {
  readonly key: string;
  readonly isList: boolean;
}

/** Header names seen in almost every message, in their usual spellings, already normalised. */
const COMMON_NAMES = [
  'via', 'from', 'to', 'call-id', 'cseq', 'contact', 'max-forwards', 'content-length', 'content-type', 'allow',
  'supported', 'require', 'proxy-require', 'unsupported', 'user-agent', 'server', 'route', 'record-route', 'expires',
  'min-expires', 'authorization', 'proxy-authorization', 'www-authenticate', 'proxy-authenticate', 'accept', 'event',
  'allow-events', 'subscription-state', 'date', 'timestamp', 'subject', 'organization', 'p-asserted-identity',
  'p-preferred-identity', 'privacy', 'session-expires', 'min-se', 'rseq', 'rack', 'refer-to', 'referred-by', 'path',
  'reason', 'diversion', 'history-info', 'content-disposition', 'content-encoding', 'warning', 'retry-after',
  'authentication-info', 'service-route', 'security-client', 'security-server', 'security-verify', 'accept-language',
  'accept-encoding', 'in-reply-to', 'call-info', 'alert-info', 'error-info', 'mime-version', 'priority', 'reply-to',
];

/** Spellings of common names grouped by length and first character, compared in place. */
const SPELLINGS: ReadonlyMap<number, readonly (readonly [string, FieldName])[]> = (() => {
  const table = new Map<number, [string, FieldName][]>();
  const add = (spelling: string, entry: FieldName): void => {
    const slot = spellingSlot(spelling.length, spelling.charCodeAt(0));
    const list = table.get(slot);
    if (list === undefined) table.set(slot, [[spelling, entry]]);
    else list.push([spelling, entry]);
  };
  for (const key of COMMON_NAMES) {
    const entry = { key, isList: LIST_HEADERS.has(key) };
    add(canonicalHeaderName(key), entry);
    add(key, entry);
  }
  for (const compact of 'ifmtvlceksoubrxyajd') {
    const key = normalizeHeaderName(compact);
    const entry = { key, isList: LIST_HEADERS.has(key) };
    add(compact, entry);
    add(compact.toUpperCase(), entry);
  }
  return table;
})();

function spellingSlot(length: number, firstCode: number): number {
  return length * 256 + (firstCode & 255);
}

/** The stored name of the header named by `head[start, end)`, or undefined when it is not a token. */
function fieldName(head: string, start: number, end: number): FieldName | undefined {
  const candidates = SPELLINGS.get(spellingSlot(end - start, head.charCodeAt(start)));
  if (candidates !== undefined) {
    for (const [spelling, entry] of candidates) if (head.startsWith(spelling, start)) return entry;
  }
  if (end === start) return undefined;
  for (let position = start; position < end; position++) {
    const code = head.charCodeAt(position);
    if (code >= 128 || TOKEN_CHARACTERS[code] !== 1) return undefined;
  }
  const key = normalizeHeaderName(head.slice(start, end));
  return { key, isList: LIST_HEADERS.has(key) };
}

/** The collected header fields, mutable while the section is read. */
type MutableHeaders = Record<string, string[]>;

/** The header fields of a section, or why they could not be read. */
export type HeaderFieldsResult = { readonly type: 'ok'; readonly headers: SipHeaders } | ParseFailure;

/**
 * Reads the header fields of `head` from `start` (the first character after the start line's
 * CRLF) to its end. Lines are CRLF-separated; a line starting with SP or HTAB continues the
 * previous field (folding: the CRLF and the whitespace around it become one SP); names are
 * case-insensitive, compact forms expanded; values trimmed; list headers split into elements.
 *
 * @remarks "HCOLON = *( SP / HTAB ) ":" SWS": whitespace may precede the colon. The section is
 * scanned once, by index, without regular expressions.
 * https://www.rfc-editor.org/rfc/rfc3261#section-7.3.1
 */
export function parseHeaderFields(head: string, start: number, limits: ParseLimits): HeaderFieldsResult {
  const headers: MutableHeaders = {};
  const length = head.length;
  let fieldCount = 0;
  let lineStart = start;
  while (lineStart < length) {
    const colon = head.indexOf(':', lineStart);
    let lineEnd = head.indexOf('\r\n', lineStart);
    if (lineEnd < 0) lineEnd = length;
    if (colon < 0 || colon > lineEnd) return parseFailure('PBX_ERR_SIP_PARSE_HEADER', 'header line without a colon');
    let nameEnd = colon;
    while (nameEnd > lineStart && isBlank(head.charCodeAt(nameEnd - 1))) nameEnd--;
    const name = fieldName(head, lineStart, nameEnd);
    if (name === undefined) return parseFailure('PBX_ERR_SIP_PARSE_HEADER', 'malformed header name');
    if (++fieldCount > limits.maxHeaderCount) return parseFailure('PBX_ERR_SIP_PARSE_TOO_LARGE', 'too many header fields');
    let value: string;
    if (isBlank(head.charCodeAt(lineEnd + 2))) {
      const folded = readFoldedValue(head, colon + 1, lineEnd);
      value = folded.value;
      lineEnd = folded.end;
    } else {
      value = trimmedSlice(head, colon + 1, lineEnd);
    }
    addField(headers, name, value);
    lineStart = lineEnd + 2;
  }
  return { type: 'ok', headers };
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

function skipBlanks(text: string, index: number): number {
  let position = index;
  while (isBlank(text.charCodeAt(position))) position++;
  return position;
}

function trimmedSlice(text: string, start: number, end: number): string {
  let first = start;
  let last = end;
  while (first < last && isBlank(text.charCodeAt(first))) first++;
  while (last > first && isBlank(text.charCodeAt(last - 1))) last--;
  return text.slice(first, last);
}

/** Joins a value continued on following lines (each starting with SP/HTAB) with single spaces. */
function readFoldedValue(head: string, valueStart: number, firstLineEnd: number): { value: string; end: number } {
  let value = trimmedSlice(head, valueStart, firstLineEnd);
  let lineEnd = firstLineEnd;
  while (isBlank(head.charCodeAt(lineEnd + 2))) {
    const next = head.indexOf('\r\n', lineEnd + 2);
    const nextEnd = next < 0 ? head.length : next;
    const part = trimmedSlice(head, lineEnd + 2, nextEnd);
    if (part.length > 0) value = value.length > 0 ? value + ' ' + part : part;
    lineEnd = nextEnd;
  }
  return { value, end: lineEnd };
}

/**
 * Appends a value; own properties of the record are always arrays, so a non-array read (an
 * inherited `constructor` or `toString`) means the header is new.
 */
function addField(headers: MutableHeaders, name: FieldName, value: string): void {
  const key = name.key;
  const existing: unknown = headers[key];
  const values = name.isList && value.indexOf(',') >= 0 ? splitList(value) : undefined;
  if (Array.isArray(existing)) {
    if (values === undefined) existing.push(value);
    else for (const element of values) existing.push(element);
  } else if (key === '__proto__') {
    setOwn(headers, key, values ?? [value]);
  } else {
    headers[key] = values ?? [value];
  }
}
