/**
 * One Via value: sent-protocol, sent-by and parameters.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-20.42
 */
import type { SipMessage, Via } from './sip-message.ts';
import { formatParams, isWhitespace, lowerCaseSlice, parseParams, scanToken, skipWhitespace } from './sip-grammar.ts';
import { getHeader } from './headers.ts';
import { isHostCharacter, isIpv6Reference, parsePort } from './uri.ts';
import { createParseHandOver } from './parse-hand-over.ts';

const viaHandOver = createParseHandOver(parseViaText);

/**
 * Parses `SIP / 2.0 / UDP host:port;branch=z9hG4bK…;rport`, with LWS wherever the grammar
 * allows it (around the slashes, the colon, the semicolons and the equals signs).
 *
 * @remarks Only SIP/2.0 is accepted. The transport is upper-cased, the host lower-cased (so that
 * sent-by values compare as strings). Returns undefined when malformed.
 * https://www.rfc-editor.org/rfc/rfc3261#section-25.1 (via-parm, sent-protocol, sent-by; SLASH,
 * COLON and SEMI are `SWS x SWS`).
 */
export const parseVia: (text: string) => Via | undefined = (text) => viaHandOver.lookup(text);

/** Tells whether `text` parses, keeping the result for the next {@link parseVia} of it (the parser's check). */
export const checkVia: (text: string) => boolean = (text) => viaHandOver.checkAndKeep(text);

function parseViaText(text: string): Via | undefined {
  const transportStart = sentProtocolTransportStart(text);
  if (transportStart < 0) return undefined;
  const transportEnd = scanToken(text, transportStart);
  if (transportEnd === transportStart || !isWhitespace(text.charCodeAt(transportEnd))) return undefined;
  const transport = text.slice(transportStart, transportEnd).toUpperCase();
  const hostStart = skipWhitespace(text, transportEnd);
  const hostEnd = scanHost(text, hostStart);
  if (hostEnd < 0) return undefined;
  const host = lowerCaseSlice(text, hostStart, hostEnd);
  let position = skipWhitespace(text, hostEnd);
  let port: number | undefined;
  if (text.charCodeAt(position) === 58 /* : */) {
    const portStart = skipWhitespace(text, position + 1);
    let portEnd = portStart;
    while (portEnd < text.length && isDigit(text.charCodeAt(portEnd))) portEnd++;
    port = parsePort(text.slice(portStart, portEnd));
    if (port === undefined) return undefined;
    position = portEnd;
  }
  const params = parseParams(text, position);
  if (params === undefined) return undefined;
  return port === undefined ? { transport, host, params } : { transport, host, port, params };
}

/** Index where the transport token starts after `SIP / 2.0 /`, or -1. */
function sentProtocolTransportStart(text: string): number {
  const nameStart = skipWhitespace(text, 0);
  if (text.startsWith('SIP/2.0/', nameStart)) return nameStart + 8;
  const nameEnd = scanToken(text, nameStart);
  if (nameEnd - nameStart !== 3 || text.slice(nameStart, nameEnd).toUpperCase() !== 'SIP') return -1;
  const versionStart = skipSlash(text, nameEnd);
  if (versionStart < 0) return -1;
  const versionEnd = scanToken(text, versionStart);
  if (text.slice(versionStart, versionEnd) !== '2.0') return -1;
  return skipSlash(text, versionEnd);
}

function skipSlash(text: string, index: number): number {
  const slash = skipWhitespace(text, index);
  return text.charCodeAt(slash) === 47 /* / */ ? skipWhitespace(text, slash + 1) : -1;
}

/** End of the host (hostname, IPv4 or IPv6 reference) starting at `start`, or -1. */
function scanHost(text: string, start: number): number {
  if (text.charCodeAt(start) === 91 /* [ */) {
    const close = text.indexOf(']', start);
    return close > start && isIpv6Reference(text, start, close + 1) ? close + 1 : -1;
  }
  let end = start;
  while (end < text.length && isHostCharacter(text.charCodeAt(end))) end++;
  return end === start ? -1 : end;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Writes a Via value as `SIP/2.0/UDP host:port;params`.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-20.42
 */
export function formatVia(value: Via): string {
  const port = value.port === undefined ? '' : ':' + String(value.port);
  return `SIP/2.0/${value.transport} ${value.host}${port}${formatParams(value.params)}`;
}

/**
 * The topmost Via of a message, parsed; undefined when absent or malformed.
 *
 * @remarks The top Via carries the branch that names the transaction (RFC 3261 §17.2.3).
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.2.3
 */
export function topVia(message: SipMessage): Via | undefined {
  const first = getHeader(message, 'via');
  return first === undefined ? undefined : parseVia(first);
}
