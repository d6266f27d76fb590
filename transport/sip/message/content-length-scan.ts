/**
 * Finding Content-Length in a header section without parsing the rest, to frame a stream.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-18.3
 */
import { parseContentLengthValue } from './header-validation.ts';
import { isWhitespace, trimWhitespace } from './sip-grammar.ts';

/**
 * The Content-Length of a header section (start line included, final empty line excluded), or
 * the reason it cannot be had: absent, repeated, or not a decimal number.
 *
 * @remarks "In the case of stream-oriented transports such as TCP, the Content-Length header
 * field indicates the size of the body. All implementations MUST use Content-Length"
 * (RFC 3261 §18.3); the compact form `l` and folded values are recognised.
 * https://www.rfc-editor.org/rfc/rfc3261#section-18.3
 */
export function findContentLength(head: string): number | { readonly reason: string } {
  let found: number | undefined;
  let lineStart = head.indexOf('\r\n') + 2;
  if (lineStart < 2) lineStart = head.length;
  while (lineStart < head.length) {
    const lineEnd = endOfLine(head, lineStart);
    const colon = head.indexOf(':', lineStart);
    if (colon > 0 && colon < lineEnd && isContentLengthName(head.slice(lineStart, colon))) {
      let valueEnd = lineEnd;
      while (valueEnd + 2 < head.length && isWhitespace(head.charCodeAt(valueEnd + 2))) valueEnd = endOfLine(head, valueEnd + 2);
      const value = trimWhitespace(head.slice(colon + 1, valueEnd).replaceAll('\r\n', ' '));
      const length = parseContentLengthValue(value, Number.MAX_SAFE_INTEGER);
      if (length === undefined) return { reason: 'malformed Content-Length' };
      if (found !== undefined) return { reason: 'more than one Content-Length' };
      found = length;
    }
    lineStart = lineEnd + 2;
  }
  return found ?? { reason: 'missing Content-Length on a stream' };
}

function endOfLine(head: string, from: number): number {
  const end = head.indexOf('\r\n', from);
  return end < 0 ? head.length : end;
}

function isContentLengthName(raw: string): boolean {
  const name = trimWhitespace(raw).toLowerCase();
  return name === 'content-length' || name === 'l';
}
