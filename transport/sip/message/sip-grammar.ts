/**
 * Character classes and small scanners of the SIP grammar, shared by the header helpers.
 *
 * @remarks
 * Every scanner works on indices into one string and returns -1 or `undefined` on malformed
 * input instead of throwing, so that hostile input can never raise an exception.
 * https://www.rfc-editor.org/rfc/rfc3261#section-25.1
 */

const CODE_SPACE = 32;
const CODE_TAB = 9;
const CODE_QUOTE = 34;
const CODE_BACKSLASH = 92;

function tableOf(characters: string, alphanumeric: boolean): Uint8Array {
  const table = new Uint8Array(128);
  if (alphanumeric) {
    for (let code = 48; code <= 57; code++) table[code] = 1;
    for (let code = 65; code <= 90; code++) table[code] = 1;
    for (let code = 97; code <= 122; code++) table[code] = 1;
  }
  for (let index = 0; index < characters.length; index++) table[characters.charCodeAt(index)] = 1;
  return table;
}

/** `token` characters (RFC 3261 §25.1): alphanumerics and `-.!%*_+\`'~`. */
export const TOKEN_CHARACTERS = tableOf("-.!%*_+`'~", true);

/** `unreserved` characters (RFC 3261 §25.1): alphanumerics and the marks `-_.!~*'()`. */
export const UNRESERVED_CHARACTERS = tableOf("-_.!~*'()", true);

/** Characters of a header parameter value that is not quoted: token, or a host (IPv6 brackets). */
const PARAMETER_VALUE_CHARACTERS = tableOf("-.!%*_+`'~[]:", true);

/** True when `code` is a character of `table` (ASCII only). */
export function inTable(table: Uint8Array, code: number): boolean {
  return code < 128 && table[code] === 1;
}

/** True for SP and HTAB, the whitespace of LWS once lines are unfolded. */
export function isWhitespace(code: number): boolean {
  return code === CODE_SPACE || code === CODE_TAB;
}

/** True when `text` is a non-empty `token` (RFC 3261 §25.1). */
export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let index = 0; index < text.length; index++) {
    if (!inTable(TOKEN_CHARACTERS, text.charCodeAt(index))) return false;
  }
  return true;
}

/** Index of the first character at or after `index` that is not SP or HTAB. */
export function skipWhitespace(text: string, index: number): number {
  let position = index;
  while (position < text.length && isWhitespace(text.charCodeAt(position))) position++;
  return position;
}

/**
 * Removes SP and HTAB at both ends.
 *
 * @remarks `String.prototype.trim` would also remove CR, LF and Unicode spaces, which are not LWS.
 */
export function trimWhitespace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** End of the token starting at `index` (equal to `index` when there is none). */
export function scanToken(text: string, index: number): number {
  let position = index;
  while (position < text.length && inTable(TOKEN_CHARACTERS, text.charCodeAt(position))) position++;
  return position;
}

/**
 * Index of the closing quote of the quoted-string whose opening quote is at `openIndex`, or -1.
 *
 * @remarks A backslash escapes the next character (quoted-pair); CR and LF may not appear.
 * https://www.rfc-editor.org/rfc/rfc3261#section-25.1
 */
export function findClosingQuote(text: string, openIndex: number): number {
  for (let position = openIndex + 1; position < text.length; position++) {
    const code = text.charCodeAt(position);
    if (code === CODE_QUOTE) return position;
    if (code === 13 || code === 10) return -1;
    if (code === CODE_BACKSLASH) {
      position++;
      const escaped = text.charCodeAt(position);
      if (Number.isNaN(escaped) || escaped === 13 || escaped === 10) return -1;
    }
  }
  return -1;
}

/** Removes the quoted-pair escapes of the inside of a quoted-string (without its quotes). */
export function unescapeQuoted(inside: string): string {
  if (!inside.includes('\\')) return inside;
  let result = '';
  for (let position = 0; position < inside.length; position++) {
    const character = inside[position];
    if (character === '\\' && position + 1 < inside.length) position++;
    result += inside[position] ?? '';
  }
  return result;
}

/**
 * Writes `text` as a quoted-string.
 *
 * @remarks Quote, backslash and the control characters a quoted-pair may carry are escaped with a
 * backslash; CR and LF cannot be carried by a quoted-string at all (quoted-pair excludes them), so
 * they become spaces rather than open a header injection.
 * https://www.rfc-editor.org/rfc/rfc3261#section-25.1 (quoted-string, quoted-pair)
 */
export function quote(text: string): string {
  let result = '"';
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (code === 13 || code === 10) result += ' ';
    else if (code === 34 || code === 92 || (code < 32 && code !== 9) || code === 127) result += '\\' + character;
    else result += character;
  }
  return result + '"';
}

/**
 * The unquoted text of a parameter value: a quoted-string loses its quotes and escapes, any other
 * value is returned as it is.
 *
 * @remarks Header parameters keep quoted values with their quotes so that they are written back
 * exactly (RFC 3840 feature tags require the quotes); use this to read the text they carry.
 */
export function unquoteParam(value: string): string {
  if (value.length >= 2 && value.charCodeAt(0) === CODE_QUOTE && findClosingQuote(value, 0) === value.length - 1) {
    return unescapeQuoted(value.slice(1, -1));
  }
  return value;
}

/** Sets an own property, also for the name `__proto__` (which plain assignment would not). */
export function setOwn<V>(record: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    record[key] = value;
  }
}

/** Reads an own property only, so that `constructor` or `toString` never come from the prototype. */
export function getOwn<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Result of scanning a run of parameters. */
export type ParamsScan = Readonly<Record<string, string | null>>;

/**
 * Parses `*( SEMI generic-param )` from `index` to the end of `text`: `;name`, `;name=token`,
 * `;name=host` or `;name="quoted"`, with LWS allowed around `;` and `=`.
 *
 * @remarks Names are lower-cased; a quoted value keeps its quotes and escapes (see
 * {@link unquoteParam}); the first of two equal names wins. Returns undefined when malformed.
 * https://www.rfc-editor.org/rfc/rfc3261#section-25.1 (generic-param)
 */
export function parseParams(text: string, index: number): ParamsScan | undefined {
  const params: Record<string, string | null> = {};
  let position = skipWhitespace(text, index);
  while (position < text.length) {
    if (text.charCodeAt(position) !== 59 /* ; */) return undefined;
    position = skipWhitespace(text, position + 1);
    const nameEnd = scanToken(text, position);
    if (nameEnd === position) return undefined;
    const commonName = commonParamName(text, position, nameEnd);
    const name = commonName ?? lowerCaseSlice(text, position, nameEnd);
    position = skipWhitespace(text, nameEnd);
    let value: string | null = null;
    if (text.charCodeAt(position) === 61 /* = */) {
      const valueStart = skipWhitespace(text, position + 1);
      const valueEnd = scanParamValue(text, valueStart);
      if (valueEnd < 0) return undefined;
      value = text.slice(valueStart, valueEnd);
      position = skipWhitespace(text, valueEnd);
    }
    if (commonName !== undefined) {
      if (params[commonName] === undefined) params[commonName] = value;
    } else if (!Object.hasOwn(params, name)) {
      setOwn(params, name, value);
    }
  }
  return params;
}

/**
 * Parameter names of Via, From, To, Contact and URIs seen in nearly every message, by length.
 *
 * @remarks None is a property of `Object.prototype`, so a plain read tells whether one is set.
 */
const COMMON_PARAM_NAMES: readonly (readonly string[])[] = (() => {
  const names = ['branch', 'tag', 'rport', 'received', 'transport', 'lr', 'expires', 'q', 'maddr', 'ttl', 'user', 'method', 'reg-id', '+sip.instance', 'ob', 'gr'];
  const byLength: string[][] = Array.from({ length: 16 }, () => []);
  for (const name of names) byLength[name.length]?.push(name);
  return byLength;
})();

/** The interned lower-case name when `text[start, end)` is a common parameter name in any case. */
function commonParamName(text: string, start: number, end: number): string | undefined {
  const candidates = COMMON_PARAM_NAMES[end - start];
  if (candidates === undefined) return undefined;
  for (const candidate of candidates) if (equalsLowerCase(text, start, candidate)) return candidate;
  return undefined;
}

/** True when `text` at `start` spells `lowerCase` (a lower-case ASCII string) in any case. */
export function equalsLowerCase(text: string, start: number, lowerCase: string): boolean {
  for (let index = 0; index < lowerCase.length; index++) {
    const code = text.charCodeAt(start + index);
    if ((code >= 65 && code <= 90 ? code + 32 : code) !== lowerCase.charCodeAt(index)) return false;
  }
  return true;
}

/** `text.slice(start, end).toLowerCase()`, without the second string when there is no upper case. */
export function lowerCaseSlice(text: string, start: number, end: number): string {
  for (let position = start; position < end; position++) {
    const code = text.charCodeAt(position);
    if (code >= 65 && code <= 90) return text.slice(start, end).toLowerCase();
  }
  return text.slice(start, end);
}

function scanParamValue(text: string, start: number): number {
  if (text.charCodeAt(start) === CODE_QUOTE) {
    const close = findClosingQuote(text, start);
    return close < 0 ? -1 : close + 1;
  }
  let position = start;
  while (position < text.length && inTable(PARAMETER_VALUE_CHARACTERS, text.charCodeAt(position))) position++;
  return position === start ? -1 : position;
}

/**
 * Writes parameters as `;name` / `;name=value`, values as stored (quoted ones with their quotes).
 *
 * @remarks A value that is neither a token/host nor a whole quoted-string is written quoted, so
 * that no value can break the header apart.
 */
export function formatParams(params: Readonly<Record<string, string | null>>): string {
  let result = '';
  for (const name of Object.keys(params)) {
    const value = params[name];
    if (value === null || value === undefined) result += `;${name}`;
    else result += `;${name}=${scanParamValue(value, 0) === value.length ? value : quote(value)}`;
  }
  return result;
}
