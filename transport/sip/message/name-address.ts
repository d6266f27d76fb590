/**
 * `name-addr` / `addr-spec` values with header parameters, as in From, To, Contact, Route,
 * Record-Route, Reply-To, Refer-To and P-Asserted-Identity.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-20.10
 */
import type { NameAddress } from './sip-message.ts';
import {
  findClosingQuote,
  formatParams,
  inTable,
  isWhitespace,
  parseParams,
  quote,
  skipWhitespace,
  TOKEN_CHARACTERS,
  trimWhitespace,
  unescapeQuoted,
} from './sip-grammar.ts';
import { createParseHandOver } from './parse-hand-over.ts';

const nameAddressHandOver = createParseHandOver(parseNameAddressText);

/**
 * Parses `"Display" <uri>;params`, `Display Name <uri>;params`, `<uri>;params` or a bare
 * `uri;params`. Returns undefined when malformed, and for `*` (a Contact wildcard, not an address).
 *
 * @remarks In a bare addr-spec, everything after the first `;` is a header parameter, not a URI
 * parameter (RFC 3261 §20.10). A display name in quotes is unescaped; an unquoted one must be
 * tokens separated by LWS (RFC 4475 §3.1.2.15 "baddn" is refused) and its LWS collapses to one
 * space. The parser's check of a value hands its
 * result to the first lookup of it (see parse-hand-over.ts).
 * https://www.rfc-editor.org/rfc/rfc3261#section-20.10
 */
export const parseNameAddress: (text: string) => NameAddress | undefined = (text) => nameAddressHandOver.lookup(text);

/** Tells whether `text` parses, keeping the result for the next {@link parseNameAddress} of it (the parser's check). */
export const checkNameAddress: (text: string) => boolean = (text) => nameAddressHandOver.checkAndKeep(text);

function parseNameAddressText(text: string): NameAddress | undefined {
  const start = skipWhitespace(text, 0);
  if (text.charCodeAt(start) === 34 /* " */) return parseQuotedForm(text, start);
  const open = text.indexOf('<', start);
  if (open < 0) return parseBareForm(text, start);
  const displayName = unquotedDisplayName(text.slice(start, open));
  if (displayName === undefined) return undefined;
  return parseBracketedRest(text, open, displayName === '' ? undefined : displayName);
}

function parseQuotedForm(text: string, start: number): NameAddress | undefined {
  const close = findClosingQuote(text, start);
  if (close < 0) return undefined;
  const open = skipWhitespace(text, close + 1);
  if (text.charCodeAt(open) !== 60 /* < */) return undefined;
  return parseBracketedRest(text, open, unescapeQuoted(text.slice(start + 1, close)));
}

function parseBracketedRest(text: string, open: number, displayName: string | undefined): NameAddress | undefined {
  const close = text.indexOf('>', open + 1);
  if (close < 0) return undefined;
  const uri = text.slice(open + 1, close);
  if (!isAbsoluteUri(uri)) return undefined;
  const params = parseParams(text, close + 1);
  if (params === undefined) return undefined;
  return displayName === undefined ? { uri, params } : { displayName, uri, params };
}

function parseBareForm(text: string, start: number): NameAddress | undefined {
  const semicolon = text.indexOf(';', start);
  const uri = trimWhitespace(semicolon < 0 ? text.slice(start) : text.slice(start, semicolon));
  if (!isAbsoluteUri(uri) || uri.includes('?') || uri.includes(',')) return undefined;
  const params = semicolon < 0 ? {} : parseParams(text, semicolon);
  return params === undefined ? undefined : { uri, params };
}

function unquotedDisplayName(raw: string): string | undefined {
  let result = '';
  let pendingSpace = false;
  for (let index = 0; index < raw.length; index++) {
    const code = raw.charCodeAt(index);
    if (isWhitespace(code)) {
      pendingSpace = result.length > 0;
    } else if (inTable(TOKEN_CHARACTERS, code)) {
      if (pendingSpace) result += ' ';
      pendingSpace = false;
      result += raw[index] ?? '';
    } else {
      return undefined;
    }
  }
  return result;
}

/**
 * True when `text` looks like an absolute URI: a scheme, a colon, then characters a URI may hold
 * (no LWS, no `<`, `>` or `"`, no control characters).
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-25.1 (absoluteURI)
 */
export function isAbsoluteUri(text: string): boolean {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) return false;
  if (!isAsciiLetter(text.charCodeAt(0))) return false;
  for (let index = 1; index < colon; index++) {
    const code = text.charCodeAt(index);
    if (!isAsciiLetter(code) && !(code >= 48 && code <= 57) && code !== 43 && code !== 45 && code !== 46) return false;
  }
  for (let index = colon + 1; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code <= 32 || code === 127 || code === 34 || code === 60 || code === 62) return false;
  }
  return true;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * Writes a {@link NameAddress} as `"Display" <uri>;params` (always in angle brackets, which is
 * valid everywhere an addr-spec is, and keeps URI parameters apart from header parameters).
 *
 * @remarks The display name is always quoted and escaped. https://www.rfc-editor.org/rfc/rfc3261#section-20.10
 */
export function formatNameAddress(value: NameAddress): string {
  const name = value.displayName === undefined ? '' : quote(value.displayName) + ' ';
  return `${name}<${value.uri}>${formatParams(value.params)}`;
}
