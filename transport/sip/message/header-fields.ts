/**
 * The header section of a message, after its start line: field lines into {@link SipHeaders}.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-7.3
 */
import type { SipHeaders } from './sip-message.ts';
import type { ParseFailure, ParseLimits } from './parse-result.ts';
import { parseFailure } from './parse-result.ts';
import { knownHeaderName, otherHeaderName } from './header-names.ts';
import { splitList, splitListRange } from './header-list.ts';
import { setOwn, TOKEN_CHARACTERS } from './sip-grammar.ts';

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
 * scanned once, by index, without regular expressions. `head` must hold no CR outside a CRLF
 * (the parser checked it, see head-characters.ts), so the next CR ends the line.
 * https://www.rfc-editor.org/rfc/rfc3261#section-7.3.1
 */
export function parseHeaderFields(head: string, start: number, limits: ParseLimits): HeaderFieldsResult {
  const headers: MutableHeaders = {};
  const length = head.length;
  let fieldCount = 0;
  let lineStart = start;
  while (lineStart < length) {
    let nameEnd = lineStart;
    while (isTokenCharacter(head.charCodeAt(nameEnd))) nameEnd++;
    let colon = nameEnd;
    while (isBlank(head.charCodeAt(colon))) colon++;
    if (nameEnd === lineStart || head.charCodeAt(colon) !== 58 /* : */) return malformedLine(head, lineStart);
    if (++fieldCount > limits.maxHeaderCount) return parseFailure('PBX_ERR_SIP_PARSE_TOO_LARGE', 'too many header fields');
    const name = knownHeaderName(head, lineStart, nameEnd) ?? otherHeaderName(head.slice(lineStart, nameEnd));
    let lineEnd = head.indexOf('\r', colon);
    if (lineEnd < 0) lineEnd = length;
    if (isBlank(head.charCodeAt(lineEnd + 2))) {
      const folded = readFoldedValue(head, colon + 1, lineEnd);
      if (name.isList) addValues(headers, name.key, splitList(folded.value));
      else addValue(headers, name.key, folded.value);
      lineEnd = folded.end;
    } else {
      let first = colon + 1;
      let last = lineEnd;
      while (first < last && isBlank(head.charCodeAt(first))) first++;
      while (last > first && isBlank(head.charCodeAt(last - 1))) last--;
      if (name.isList) addValues(headers, name.key, splitListRange(head, first, last));
      else addValue(headers, name.key, head.slice(first, last));
    }
    lineStart = lineEnd + 2;
  }
  return { type: 'ok', headers };
}

/** The failure for a line whose name is not a token followed by optional blanks and a colon. */
function malformedLine(head: string, lineStart: number): ParseFailure {
  let lineEnd = head.indexOf('\r\n', lineStart);
  if (lineEnd < 0) lineEnd = head.length;
  const colon = head.indexOf(':', lineStart);
  return colon < 0 || colon > lineEnd
    ? parseFailure('PBX_ERR_SIP_PARSE_HEADER', 'header line without a colon')
    : parseFailure('PBX_ERR_SIP_PARSE_HEADER', 'malformed header name');
}

function isTokenCharacter(code: number): boolean {
  return code < 128 && TOKEN_CHARACTERS[code] === 1;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
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
 * inherited `constructor`) means the header is new, and `__proto__` is defined, not assigned.
 */
function addValue(headers: MutableHeaders, key: string, value: string): void {
  const existing: unknown = headers[key];
  if (Array.isArray(existing)) existing.push(value);
  else if (key === '__proto__') setOwn(headers, key, [value]);
  else headers[key] = [value];
}

/** Appends the elements of a list value (a fresh array, kept as is when the header is new). */
function addValues(headers: MutableHeaders, key: string, values: string[]): void {
  const existing: unknown = headers[key];
  if (Array.isArray(existing)) {
    for (const value of values) existing.push(value);
  } else if (key === '__proto__') {
    setOwn(headers, key, values);
  } else {
    headers[key] = values;
  }
}
