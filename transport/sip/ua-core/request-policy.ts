/**
 * The checks a UAS makes on every new request before any method-specific handling
 * (RFC 3261 §8.2.1–§8.2.2), as a pure function: accept, or the response to send.
 *
 * @remarks
 * "If a UAS does not understand or does not support the method, it MUST generate a 405 (Method Not
 * Allowed) response ... The UAS MUST also add an Allow header field" (§8.2.1); a method nobody
 * knows is 501 (§21.5.2), as Asterisk answers. "If the Request-URI uses a scheme not supported by
 * the UAS, it SHOULD reject the request with a 416 (Unsupported URI Scheme) response" (§8.2.2.1).
 * https://www.rfc-editor.org/rfc/rfc3261#section-8.2
 */
import type { SipRequest } from '../message/sip-message.ts';

/** Methods of RFC 3261 and its common extensions: these get 405 when not served, others 501. */
const KNOWN_METHODS: ReadonlySet<string> = new Set([
  'INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER', 'PRACK', 'SUBSCRIBE',
  'NOTIFY', 'PUBLISH', 'INFO', 'REFER', 'MESSAGE', 'UPDATE',
]);

const SUPPORTED_SCHEMES: ReadonlySet<string> = new Set(['sip', 'sips', 'tel']);

export type RequestVerdict =
  | { readonly type: 'accept' }
  | { readonly type: 'reject'; readonly status: 405 | 416 | 501; readonly allow?: readonly string[] };

/** Decides whether a new request can reach its method handler. */
export function checkRequest(request: SipRequest, served: ReadonlySet<string>): RequestVerdict {
  const colon = request.uri.indexOf(':');
  const scheme = colon > 0 ? request.uri.slice(0, colon).toLowerCase() : '';
  if (!SUPPORTED_SCHEMES.has(scheme)) return { type: 'reject', status: 416 };
  if (served.has(request.method)) return { type: 'accept' };
  if (KNOWN_METHODS.has(request.method)) return { type: 'reject', status: 405, allow: [...served] };
  return { type: 'reject', status: 501 };
}
