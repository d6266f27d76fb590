/**
 * SIP, SIPS and tel URIs: parsing into {@link SipUri} and writing back.
 *
 * @remarks
 * https://www.rfc-editor.org/rfc/rfc3261#section-19.1 (SIP and SIPS URIs),
 * https://www.rfc-editor.org/rfc/rfc5118 (IPv6 references),
 * https://www.rfc-editor.org/rfc/rfc3966#section-3 (tel URIs).
 */
import type { SipUri } from './sip-message.ts';
import { getOwn, lowerCaseSlice, setOwn } from './sip-grammar.ts';
import { percentDecode, percentEncode } from './percent-encoding.ts';
import { createParseHandOver } from './parse-hand-over.ts';

const uriHandOver = createParseHandOver(parseUriText);

function characterTable(characters: string): Uint8Array {
  const table = new Uint8Array(128);
  for (let code = 48; code <= 57; code++) table[code] = 1;
  for (let code = 65; code <= 90; code++) table[code] = 1;
  for (let code = 97; code <= 122; code++) table[code] = 1;
  for (let index = 0; index < characters.length; index++) table[characters.charCodeAt(index)] = 1;
  return table;
}

const MARKS = "-_.!~*'()";
/** user = 1*( unreserved / escaped / user-unreserved ) */
const USER_CHARACTERS = characterTable(MARKS + '&=+$,;?/');
/** password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ) */
const PASSWORD_CHARACTERS = characterTable(MARKS + '&=+$,');
/** paramchar = param-unreserved / unreserved / escaped */
const PARAM_CHARACTERS = characterTable(MARKS + '[]/:&+$');
/** hname / hvalue = *( hnv-unreserved / unreserved / escaped ) */
const HEADER_CHARACTERS = characterTable(MARKS + '[]/?:+$');
/** hostname characters (underscore tolerated, as deployed DNS names carry it). */
const HOSTNAME_CHARACTERS = characterTable('-._');
/** Inside an IPv6 reference: hex digits, colons and the dots of an embedded IPv4. */
const IPV6_CHARACTERS = characterTable(':.');

type MutableUri = { -readonly [K in keyof SipUri]: SipUri[K] };

/**
 * Parses a `sip:`, `sips:` or `tel:` URI. Returns undefined when the text is not one.
 *
 * @remarks The user part, parameters and headers are unescaped; the host is lower-cased and an
 * IPv6 reference keeps its brackets. For a tel URI the subscriber number is `user` and `host` is
 * empty. The parser's check of a value hands its
 * result to the first lookup of it (see parse-hand-over.ts).
 * https://www.rfc-editor.org/rfc/rfc3261#section-19.1.1
 */
export const parseUri: (text: string) => SipUri | undefined = (text) => uriHandOver.lookup(text);

/** Tells whether `text` parses, keeping the result for the next {@link parseUri} of it (the parser's check). */
export const checkUri: (text: string, accept?: (uri: SipUri) => boolean) => boolean = (text, accept) =>
  uriHandOver.checkAndKeep(text, accept);

function parseUriText(text: string): SipUri | undefined {
  const colon = text.indexOf(':');
  const scheme = schemeOf(text, colon);
  if (scheme === undefined) return undefined;
  if (scheme === 'tel') return parseTelUri(text.slice(colon + 1));
  const at = text.indexOf('@', colon + 1);
  const hostStart = at < 0 ? colon + 1 : at + 1;
  const hostEnd = scanUriHost(text, hostStart);
  if (hostEnd < 0) return undefined;
  let position = hostEnd;
  let port: number | undefined;
  if (text.charCodeAt(position) === 58 /* : */) {
    position = findUriComponentEnd(text, position + 1);
    port = parsePort(text.slice(hostEnd + 1, position));
    if (port === undefined) return undefined;
  }
  const tail = parseParamsAndHeaders(text.slice(position));
  if (tail === undefined) return undefined;
  const uri: MutableUri = { scheme, host: lowerCaseSlice(text, hostStart, hostEnd), params: tail.params, headers: tail.headers };
  if (port !== undefined) uri.port = port;
  return at < 0 || addUserInfo(uri, text.slice(colon + 1, at)) ? uri : undefined;
}

function schemeOf(text: string, colon: number): SipUri['scheme'] | undefined {
  if (colon === 3) {
    if (text.startsWith('sip', 0)) return 'sip';
    if (text.startsWith('tel', 0)) return 'tel';
  } else if (colon === 4 && text.startsWith('sips', 0)) {
    return 'sips';
  }
  if (colon !== 3 && colon !== 4) return undefined;
  const lower = text.slice(0, colon).toLowerCase();
  return lower === 'sip' || lower === 'sips' || lower === 'tel' ? lower : undefined;
}

function addUserInfo(uri: MutableUri, userInfo: string): boolean {
  const colon = userInfo.indexOf(':');
  const user = percentDecode(colon < 0 ? userInfo : userInfo.slice(0, colon), USER_CHARACTERS);
  if (user === undefined || user.length === 0) return false;
  uri.user = user;
  if (colon < 0) return true;
  const password = percentDecode(userInfo.slice(colon + 1), PASSWORD_CHARACTERS);
  if (password === undefined) return false;
  uri.password = password;
  return true;
}

function scanUriHost(text: string, start: number): number {
  if (text.charCodeAt(start) === 91 /* [ */) {
    const close = text.indexOf(']', start);
    return close > start && isIpv6Reference(text, start, close + 1) ? close + 1 : -1;
  }
  let end = start;
  while (end < text.length && isHostCharacter(text.charCodeAt(end))) end++;
  return end === start ? -1 : end;
}

function findUriComponentEnd(text: string, start: number): number {
  let position = start;
  while (position < text.length) {
    const code = text.charCodeAt(position);
    if (code === 59 /* ; */ || code === 63 /* ? */) break;
    position++;
  }
  return position;
}

/** True for the characters of a hostname or IPv4 address (underscore tolerated). */
export function isHostCharacter(code: number): boolean {
  return code < 128 && HOSTNAME_CHARACTERS[code] === 1;
}

/** True when `text[start, end)` is `[` IPv6 characters (at least one colon) `]`. */
export function isIpv6Reference(text: string, start: number, end: number): boolean {
  if (end - start < 4 || text.charCodeAt(start) !== 91 || text.charCodeAt(end - 1) !== 93) return false;
  let colons = 0;
  for (let index = start + 1; index < end - 1; index++) {
    const code = text.charCodeAt(index);
    if (code === 58) colons++;
    else if (!(code < 128 && IPV6_CHARACTERS[code] === 1)) return false;
  }
  return colons >= 2;
}

/**
 * Parses `host [":" port]` where host is a hostname, an IPv4 address or an IPv6 reference.
 *
 * @remarks Returns the host lower-cased. https://www.rfc-editor.org/rfc/rfc3261#section-25.1
 */
export function parseHostPort(text: string): { host: string; port: number | undefined } | undefined {
  const hostEnd = scanUriHost(text, 0);
  if (hostEnd < 0) return undefined;
  const host = lowerCaseSlice(text, 0, hostEnd);
  if (hostEnd === text.length) return { host, port: undefined };
  if (text.charCodeAt(hostEnd) !== 58 /* : */) return undefined;
  const port = parsePort(text.slice(hostEnd + 1));
  return port === undefined ? undefined : { host, port };
}

/** A decimal port 0–65535 of at most five digits, or undefined. */
export function parsePort(text: string): number | undefined {
  if (text.length === 0 || text.length > 5) return undefined;
  let value = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return undefined;
    value = value * 10 + (code - 48);
  }
  return value <= 65535 ? value : undefined;
}

interface UriTail {
  readonly params: Readonly<Record<string, string | null>>;
  readonly headers: Readonly<Record<string, string>>;
}

function parseParamsAndHeaders(text: string): UriTail | undefined {
  const question = text.indexOf('?');
  const params = parseUriParams(question < 0 ? text : text.slice(0, question));
  if (params === undefined) return undefined;
  const headers = question < 0 ? {} : parseUriHeaders(text.slice(question + 1));
  return headers === undefined ? undefined : { params, headers };
}

function parseUriParams(text: string): Record<string, string | null> | undefined {
  const params: Record<string, string | null> = {};
  if (text.length === 0) return params;
  if (text.charCodeAt(0) !== 59 /* ; */) return undefined;
  for (const part of text.slice(1).split(';')) {
    const equals = part.indexOf('=');
    const name = percentDecode(equals < 0 ? part : part.slice(0, equals), PARAM_CHARACTERS);
    if (name === undefined || name.length === 0) return undefined;
    const value = equals < 0 ? null : percentDecode(part.slice(equals + 1), PARAM_CHARACTERS);
    if (value === undefined) return undefined;
    const key = name.toLowerCase();
    if (!Object.hasOwn(params, key)) setOwn(params, key, value);
  }
  return params;
}

function parseUriHeaders(text: string): Record<string, string> | undefined {
  const headers: Record<string, string> = {};
  for (const part of text.split('&')) {
    const equals = part.indexOf('=');
    if (equals <= 0) return undefined;
    const name = percentDecode(part.slice(0, equals), HEADER_CHARACTERS);
    const value = percentDecode(part.slice(equals + 1), HEADER_CHARACTERS);
    if (name === undefined || name.length === 0 || value === undefined) return undefined;
    if (!Object.hasOwn(headers, name)) setOwn(headers, name, value);
  }
  return headers;
}

/** tel URI subscriber characters: digits, `+`, `*`, `#` (escaped), hex digits, visual separators. */
const TEL_CHARACTERS = characterTable('+*-.()');

function parseTelUri(rest: string): SipUri | undefined {
  const semicolon = rest.indexOf(';');
  const number = percentDecode(semicolon < 0 ? rest : rest.slice(0, semicolon), TEL_CHARACTERS);
  if (number === undefined || number.length === 0) return undefined;
  const params = parseUriParams(semicolon < 0 ? '' : rest.slice(semicolon));
  if (params === undefined) return undefined;
  return { scheme: 'tel', user: number, host: '', params, headers: {} };
}

/**
 * Writes a {@link SipUri} back as text, escaping what its component may not carry.
 *
 * @remarks `parseUri(formatUri(uri))` equals `uri`. https://www.rfc-editor.org/rfc/rfc3261#section-19.1.1
 */
export function formatUri(uri: SipUri): string {
  let text = uri.scheme + ':';
  if (uri.user !== undefined) {
    text += percentEncode(uri.user, uri.scheme === 'tel' ? TEL_CHARACTERS : USER_CHARACTERS);
    if (uri.password !== undefined) text += ':' + percentEncode(uri.password, PASSWORD_CHARACTERS);
    if (uri.scheme !== 'tel') text += '@';
  }
  text += uri.host;
  if (uri.port !== undefined) text += ':' + String(uri.port);
  for (const name of Object.keys(uri.params)) {
    const value = getOwn(uri.params, name);
    text += ';' + percentEncode(name, PARAM_CHARACTERS);
    if (value !== null && value !== undefined) text += '=' + percentEncode(value, PARAM_CHARACTERS);
  }
  const headerNames = Object.keys(uri.headers);
  headerNames.forEach((name, index) => {
    const value = getOwn(uri.headers, name) ?? '';
    text += (index === 0 ? '?' : '&') + percentEncode(name, HEADER_CHARACTERS) + '=' + percentEncode(value, HEADER_CHARACTERS);
  });
  return text;
}
