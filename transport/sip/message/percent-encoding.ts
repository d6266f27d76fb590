/**
 * `escaped` (`%XX`) encoding of URI components.
 *
 * @remarks Escaped octets are decoded as UTF-8, the charset of SIP (RFC 3261 §7.3.1), and
 * non-ASCII text is encoded the same way, so that `decode(encode(s)) === s` for any string.
 * https://www.rfc-editor.org/rfc/rfc3261#section-25.1 (escaped)
 */
import { inTable } from './sip-grammar.ts';

const HEX_DIGITS = '0123456789ABCDEF';
const TEXT_ENCODER = new TextEncoder();
const TEXT_DECODER = new TextDecoder('utf-8');

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/**
 * Checks that every character of `text` is in `allowed` or starts a valid `%XX`, and decodes the
 * escapes. Returns undefined when a character is not allowed or an escape is malformed.
 */
export function percentDecode(text: string, allowed: Uint8Array): string | undefined {
  let hasEscape = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 37 /* % */) {
      if (hexValue(text.charCodeAt(index + 1)) < 0 || hexValue(text.charCodeAt(index + 2)) < 0) return undefined;
      hasEscape = true;
      index += 2;
    } else if (!inTable(allowed, code)) {
      return undefined;
    }
  }
  return hasEscape ? decodeEscapes(text) : text;
}

function decodeEscapes(text: string): string {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 37) {
      bytes.push(hexValue(text.charCodeAt(index + 1)) * 16 + hexValue(text.charCodeAt(index + 2)));
      index += 2;
    } else {
      bytes.push(code);
    }
  }
  return TEXT_DECODER.decode(Uint8Array.from(bytes));
}

/** Encodes every character outside `allowed` as `%XX` of its UTF-8 bytes. */
export function percentEncode(text: string, allowed: Uint8Array): string {
  let clean = true;
  for (let index = 0; index < text.length; index++) {
    if (!inTable(allowed, text.charCodeAt(index))) {
      clean = false;
      break;
    }
  }
  if (clean) return text;
  let result = '';
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (character.length === 1 && inTable(allowed, code)) {
      result += character;
      continue;
    }
    for (const byte of TEXT_ENCODER.encode(character)) {
      result += '%' + (HEX_DIGITS[byte >> 4] ?? '0') + (HEX_DIGITS[byte & 15] ?? '0');
    }
  }
  return result;
}
