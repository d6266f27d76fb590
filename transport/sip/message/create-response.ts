/**
 * Building a response to a request.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-8.2.6
 */
import type { SipHeaders, SipRequest, SipResponse } from './sip-message.ts';
import { getHeader, getHeaders, normalizeHeaderName } from './headers.ts';
import { parseNameAddress } from './name-address.ts';
import { defaultReasonPhrase } from './reason-phrases.ts';
import { getOwn, setOwn } from './sip-grammar.ts';

/** Options of {@link createResponse}. */
export interface CreateResponseOptions {
  /** Reason phrase; the registered one by default. */
  readonly reason?: string;
  /** To tag to add when the request's To has none (ignored for 100). */
  readonly toTag?: string;
  /** Further headers, by name (any case, compact forms accepted); they replace copied ones. */
  readonly headers?: Readonly<Record<string, readonly string[]>>;
  readonly body?: Uint8Array;
}

/**
 * A response to `request` with status `status`.
 *
 * @remarks "The From field of the response MUST equal the From header field of the request. The
 * Call-ID header field of the response MUST equal the Call-ID header field of the request. The
 * CSeq header field of the response MUST equal the CSeq field of the request. The Via header
 * field values in the response MUST equal the Via header field values in the request and MUST
 * maintain the same ordering." A To tag is added when the request has none, except on 100
 * (§8.2.6.2), and a 100 echoes the request's Timestamp (§8.2.6.1). Content-Length is written by
 * the serializer. https://www.rfc-editor.org/rfc/rfc3261#section-8.2.6.2
 */
export function createResponse(request: SipRequest, status: number, options: CreateResponseOptions = {}): SipResponse {
  const headers: Record<string, readonly string[]> = {};
  copy(request, headers, 'via');
  copy(request, headers, 'from');
  const to = getHeader(request, 'to');
  if (to !== undefined) setOwn(headers, 'to', [withToTag(to, status === 100 ? undefined : options.toTag)]);
  copy(request, headers, 'call-id');
  copy(request, headers, 'cseq');
  if (status === 100) copy(request, headers, 'timestamp');
  for (const name of Object.keys(options.headers ?? {})) {
    const values = getOwn(options.headers ?? {}, name) ?? [];
    const key = normalizeHeaderName(name);
    if (values.length === 0) delete headers[key];
    else setOwn(headers, key, [...values]);
  }
  return {
    type: 'response',
    status,
    reason: options.reason ?? defaultReasonPhrase(status),
    headers: headers satisfies SipHeaders,
    body: options.body ?? new Uint8Array(0),
  };
}

function copy(request: SipRequest, headers: Record<string, readonly string[]>, name: string): void {
  const values = getHeaders(request, name);
  if (values.length > 0) setOwn(headers, name, values);
}

function withToTag(to: string, toTag: string | undefined): string {
  if (toTag === undefined) return to;
  const parsed = parseNameAddress(to);
  if (parsed !== undefined && Object.hasOwn(parsed.params, 'tag')) return to;
  return `${to};tag=${toTag}`;
}
