import { createHash } from 'node:crypto';
import type { SipRequest, SipResponse } from '../message/index.ts';
import {
  createResponse,
  formatNameAddress,
  getHeader,
  getHeaders,
  parseNameAddress,
  topVia,
} from '../message/index.ts';
import type { Binding } from './binding.ts';

/** Extra headers of a response, by lower-case name. */
export type ResponseHeaders = Readonly<Record<string, readonly string[]>>;

/**
 * A final response to a REGISTER, with a To tag derived from the request.
 *
 * @remarks The UAS "MUST add a tag to the To header field in the response" (RFC 3261 §8.2.6.2).
 * The tag is a hash of the request's Call-ID, CSeq, From tag and top Via branch rather than a
 * random value, so that a REGISTER retransmitted past the transaction layer (a new transaction
 * for the same request) gets the same tag, and the registrar needs no randomness.
 * https://www.rfc-editor.org/rfc/rfc3261#section-8.2.6.2
 */
export function registerResponse(
  request: SipRequest,
  status: number,
  options: { readonly reason?: string; readonly headers?: ResponseHeaders } = {},
): SipResponse {
  return createResponse(request, status, { ...options, toTag: registerToTag(request) });
}

/**
 * The 200 OK of a REGISTER: every current binding with its remaining interval, and a Date.
 *
 * @remarks
 * "The response SHOULD contain a Contact header field enumerating all current bindings. Each
 * Contact value MUST feature an "expires" parameter indicating its expiration interval chosen by
 * the registrar. The response SHOULD also include a Date header field." (RFC 3261 §10.3 step 8).
 * `q` and `+sip.instance` are echoed; `reg-id` is not, since echoing it would claim RFC 5626
 * outbound support (RFC 5626 §6). Path is echoed when the user agent supports it (RFC 3327 §5.3).
 * https://www.rfc-editor.org/rfc/rfc3261#section-10.3
 */
export function registerOk(request: SipRequest, bindings: readonly Binding[], nowMs: number): SipResponse {
  const headers: Record<string, readonly string[]> = { date: [formatHttpDate(nowMs)] };
  if (bindings.length > 0) headers['contact'] = bindings.map((binding) => contactValue(binding, nowMs));
  const path = getHeaders(request, 'path');
  if (path.length > 0 && supportsPath(request)) headers['path'] = path;
  return registerResponse(request, 200, { headers });
}

/** Whether the request lists the `path` option tag in Supported (RFC 3327 §5.3). */
export function supportsPath(request: SipRequest): boolean {
  return getHeaders(request, 'supported').some((tag) => tag.trim().toLowerCase() === 'path');
}

function contactValue(binding: Binding, nowMs: number): string {
  const remainingS = Math.max(1, Math.floor((binding.expiresAtMs - nowMs) / 1000));
  const params: Record<string, string> = { expires: String(remainingS) };
  if (binding.qValue !== undefined) params['q'] = String(binding.qValue);
  if (binding.instanceId !== undefined) params['+sip.instance'] = `"${binding.instanceId.replace(/["\\]/g, '\\$&')}"`;
  return formatNameAddress({ uri: binding.contact, params });
}

/**
 * Writes epoch milliseconds as an RFC 1123 date in GMT (`Sat, 13 Nov 2010 23:29:00 GMT`).
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-20.17
 */
export function formatHttpDate(epochMs: number): string {
  return new Date(epochMs).toUTCString();
}

function registerToTag(request: SipRequest): string {
  const from = parseNameAddress(getHeader(request, 'from') ?? '');
  const fromTag = from?.params['tag'] ?? '';
  const branch = topVia(request)?.params['branch'] ?? '';
  const material = [getHeader(request, 'call-id') ?? '', getHeader(request, 'cseq') ?? '', fromTag, branch].join('\0');
  return createHash('sha256').update(material).digest('hex').slice(0, 16);
}
