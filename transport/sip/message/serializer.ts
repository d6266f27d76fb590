/**
 * Writing a {@link SipMessage} to bytes.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-7
 */
import type { SipMessage } from './sip-message.ts';
import { canonicalHeaderName, normalizeHeaderName } from './headers.ts';
import { LIST_HEADERS } from './header-list.ts';
import { getOwn, isToken } from './sip-grammar.ts';

/**
 * Headers written one value per line: each value of these is routinely long and they are the
 * ones proxies add and remove one at a time.
 */
const ONE_LINE_PER_VALUE: ReadonlySet<string> = new Set(['via', 'route', 'record-route', 'contact', 'path', 'service-route']);

/**
 * Serializes a message: start line, headers with their conventional spelling, a Content-Length
 * that always matches the body, the empty line, the body.
 *
 * @remarks A Content-Length in `message.headers` is ignored and the true one written last:
 * on streams it is mandatory (RFC 3261 §18.3) and a wrong one desynchronises the connection.
 * Other list headers are joined with commas; headers that are not lists are written one line
 * per value, which is the only correct way for several WWW-Authenticate challenges (§7.3.1).
 * A value or reason phrase containing CR or LF, a header name or method that is not a token, a
 * Request-URI with whitespace or a status outside 100–699 is a bug of the caller (it would inject
 * header lines or write an unparseable message) and throws a RangeError.
 * https://www.rfc-editor.org/rfc/rfc3261#section-7.3.1
 */
export function serializeMessage(message: SipMessage): Buffer {
  let head = startLine(message);
  for (const key of Object.keys(message.headers)) {
    const name = normalizeHeaderName(key);
    if (name === 'content-length') continue;
    const values = getOwn(message.headers, key) ?? [];
    if (values.length === 0) continue;
    if (!isToken(name)) throw new RangeError(`header name is not a token: ${JSON.stringify(key)}`);
    head += headerLines(canonicalHeaderName(name), name, values);
  }
  head += `Content-Length: ${String(message.body.length)}\r\n\r\n`;
  const headLength = Buffer.byteLength(head, 'utf8');
  const output = Buffer.allocUnsafe(headLength + message.body.length);
  output.write(head, 0, 'utf8');
  output.set(message.body, headLength);
  return output;
}

function startLine(message: SipMessage): string {
  if (message.type === 'request') {
    if (!isToken(message.method) || message.uri.length === 0 || /[\s]/.test(message.uri)) {
      throw new RangeError(`malformed Request-Line: ${JSON.stringify(`${message.method} ${message.uri}`)}`);
    }
    return `${message.method} ${message.uri} SIP/2.0\r\n`;
  }
  if (!Number.isInteger(message.status) || message.status < 100 || message.status > 699) {
    throw new RangeError(`status out of 100-699: ${String(message.status)}`);
  }
  assertSingleLine(message.reason);
  return `SIP/2.0 ${String(message.status)} ${message.reason}\r\n`;
}

function headerLines(spelling: string, name: string, values: readonly string[]): string {
  for (const value of values) assertSingleLine(value);
  if (LIST_HEADERS.has(name) && !ONE_LINE_PER_VALUE.has(name)) return `${spelling}: ${values.join(', ')}\r\n`;
  let lines = '';
  for (const value of values) lines += `${spelling}: ${value}\r\n`;
  return lines;
}

function assertSingleLine(text: string): void {
  if (text.includes('\r') || text.includes('\n')) {
    throw new RangeError(`CR or LF in a start line or header value: ${JSON.stringify(text)}`);
  }
}
