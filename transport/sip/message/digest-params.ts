/**
 * The parameters of Digest challenges (WWW-Authenticate, Proxy-Authenticate) and credentials
 * (Authorization, Proxy-Authorization).
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc7616#section-3.3 (challenge),
 * https://www.rfc-editor.org/rfc/rfc7616#section-3.4 (response),
 * https://www.rfc-editor.org/rfc/rfc7235#section-2.1 (auth-param grammar).
 */
import type { DigestParams } from './sip-message.ts';
import {
  findClosingQuote,
  isToken,
  quote,
  scanToken,
  setOwn,
  skipWhitespace,
  trimWhitespace,
  unescapeQuoted,
} from './sip-grammar.ts';

/**
 * Parses `Scheme name=value, name="quoted, value", …`. Returns undefined when malformed or when a
 * parameter name repeats.
 *
 * @remarks Names are lower-cased, quoted values unquoted and unescaped. Empty list elements
 * (`a=1,,b=2`) are accepted as RFC 7230 §7 asks of recipients; each parameter name "MUST only
 * occur once per challenge" (RFC 7235 §2.1), so a repeated one makes the header invalid.
 * https://www.rfc-editor.org/rfc/rfc7235#section-2.1
 */
export function parseDigest(text: string): DigestParams | undefined {
  const trimmed = trimWhitespace(text);
  const schemeEnd = scanToken(trimmed, 0);
  if (schemeEnd === 0) return undefined;
  const scheme = trimmed.slice(0, schemeEnd);
  const params: Record<string, string> = {};
  if (schemeEnd === trimmed.length) return { scheme, params };
  if (skipWhitespace(trimmed, schemeEnd) === schemeEnd) return undefined;
  let position = skipSeparators(trimmed, schemeEnd);
  while (position < trimmed.length) {
    const parameter = readParameter(trimmed, position);
    if (parameter === undefined || Object.hasOwn(params, parameter.name)) return undefined;
    setOwn(params, parameter.name, parameter.value);
    position = skipWhitespace(trimmed, parameter.end);
    if (position < trimmed.length && trimmed.charCodeAt(position) !== 44 /* , */) return undefined;
    position = skipSeparators(trimmed, position);
  }
  return { scheme, params };
}

function skipSeparators(text: string, index: number): number {
  let position = skipWhitespace(text, index);
  while (text.charCodeAt(position) === 44 /* , */) position = skipWhitespace(text, position + 1);
  return position;
}

function readParameter(text: string, start: number): { name: string; value: string; end: number } | undefined {
  const nameEnd = scanToken(text, start);
  if (nameEnd === start) return undefined;
  const equals = skipWhitespace(text, nameEnd);
  if (text.charCodeAt(equals) !== 61 /* = */) return undefined;
  const valueStart = skipWhitespace(text, equals + 1);
  const name = text.slice(start, nameEnd).toLowerCase();
  if (text.charCodeAt(valueStart) === 34 /* " */) {
    const close = findClosingQuote(text, valueStart);
    if (close < 0) return undefined;
    return { name, value: unescapeQuoted(text.slice(valueStart + 1, close)), end: close + 1 };
  }
  const valueEnd = scanToken(text, valueStart);
  if (valueEnd === valueStart) return undefined;
  return { name, value: text.slice(valueStart, valueEnd), end: valueEnd };
}

/** Parameters written as tokens by default: their grammar is a token (RFC 7616 §3.3, §3.4). */
const TOKEN_PARAMETERS: ReadonlySet<string> = new Set(['algorithm', 'stale', 'nc', 'userhash', 'charset']);

/**
 * Writes `Scheme name="value", name=token, …` in the order of `value.params`.
 *
 * @remarks `quoted` lists the parameter names to quote. Without it, every parameter is quoted
 * except algorithm, stale, nc, userhash and charset, and except `qop` in credentials (recognised
 * by their `response` parameter): qop is a quoted list in a challenge but a bare token in a
 * response (RFC 7616 §3.3 and §3.4; RFC 3261 §25.1 qop-options and message-qop). A value that is
 * not a token is quoted whatever the list says, so the output always parses.
 * https://www.rfc-editor.org/rfc/rfc7616#section-3.4
 */
export function formatDigest(value: DigestParams, quoted?: readonly string[]): string {
  const isCredentials = Object.hasOwn(value.params, 'response');
  const parts: string[] = [];
  for (const name of Object.keys(value.params)) {
    const parameterValue = value.params[name] ?? '';
    const wantsQuotes =
      quoted === undefined
        ? !TOKEN_PARAMETERS.has(name) && !(name === 'qop' && isCredentials)
        : quoted.includes(name);
    const asToken = !wantsQuotes && isToken(parameterValue);
    parts.push(`${name}=${asToken ? parameterValue : quote(parameterValue)}`);
  }
  return parts.length === 0 ? value.scheme : `${value.scheme} ${parts.join(', ')}`;
}
