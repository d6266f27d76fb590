/**
 * Reading and replacing header values of a {@link SipMessage} by name.
 *
 * @remarks
 * Header names are case-insensitive and most common headers have a compact form
 * (RFC 3261 §7.3.3); the model stores lower-case long names, so every lookup goes through
 * {@link normalizeHeaderName}.
 * https://www.rfc-editor.org/rfc/rfc3261#section-7.3.3
 */
import type { SipMessage, SipHeaders } from './sip-message.ts';
import { getOwn, setOwn } from './sip-grammar.ts';

/**
 * Compact header forms → long names.
 *
 * @remarks RFC 3261 §7.3.3 (i, m, e, l, c, f, s, k, t, v), RFC 6665 (o, u), RFC 3515 (r),
 * RFC 3892 (b), RFC 4028 (x), RFC 8224 (y), RFC 3841 (a, j, d).
 */
const COMPACT_FORMS: Readonly<Record<string, string>> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
  o: 'event',
  u: 'allow-events',
  r: 'refer-to',
  b: 'referred-by',
  x: 'session-expires',
  y: 'identity',
  a: 'accept-contact',
  j: 'reject-contact',
  d: 'request-disposition',
};

/** Names whose conventional spelling is not plain Title-Case. */
const SPECIAL_SPELLINGS: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'mime-version': 'MIME-Version',
  rack: 'RAck',
  rseq: 'RSeq',
  'sip-etag': 'SIP-ETag',
  'sip-if-match': 'SIP-If-Match',
  'min-se': 'Min-SE',
  'content-id': 'Content-ID',
  'session-id': 'Session-ID',
  'user-to-user': 'User-to-User',
};

/**
 * The key under which a header is stored: lower case, compact form expanded (`V` → `via`).
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-7.3.3
 */
export function normalizeHeaderName(name: string): string {
  const lower = name.toLowerCase();
  if (lower.length === 1) return getOwn(COMPACT_FORMS, lower) ?? lower;
  return lower;
}

/**
 * The conventional spelling of a header name for the wire: `call-id` → `Call-ID`,
 * `www-authenticate` → `WWW-Authenticate`, anything else Title-Case (`x-foo-bar` → `X-Foo-Bar`).
 *
 * @remarks Header names are case-insensitive (RFC 3261 §7.3.1), but peers and humans read the
 * spelling of the RFCs more easily. Compact forms are expanded.
 */
export function canonicalHeaderName(lowerCaseLongName: string): string {
  const lower = normalizeHeaderName(lowerCaseLongName);
  const special = getOwn(SPECIAL_SPELLINGS, lower);
  if (special !== undefined) return special;
  let result = '';
  let upperNext = true;
  for (let index = 0; index < lower.length; index++) {
    const character = lower[index] ?? '';
    result += upperNext ? character.toUpperCase() : character;
    upperNext = character === '-';
  }
  return result;
}

/**
 * All values of a header, in order; `[]` when absent.
 *
 * @remarks List headers were split at their top-level commas by the parser (RFC 3261 §7.3.1).
 */
export function getHeaders(message: SipMessage, name: string): readonly string[] {
  return getOwn(message.headers, normalizeHeaderName(name)) ?? [];
}

/** The first value of a header, or undefined when absent. */
export function getHeader(message: SipMessage, name: string): string | undefined {
  return getOwn(message.headers, normalizeHeaderName(name))?.[0];
}

/**
 * A copy of `message` whose header `name` has exactly `values`; `[]` removes the header.
 *
 * @remarks Messages are immutable plain data; a header that already exists keeps its position
 * among the others, a new one goes last.
 */
export function withHeaders<M extends SipMessage>(message: M, name: string, values: readonly string[]): M {
  const key = normalizeHeaderName(name);
  const headers: Record<string, readonly string[]> = {};
  let replaced = false;
  for (const existing of Object.keys(message.headers)) {
    if (existing === key) {
      replaced = true;
      if (values.length > 0) setOwn(headers, key, [...values]);
    } else {
      setOwn(headers, existing, getOwn(message.headers, existing) ?? []);
    }
  }
  if (!replaced && values.length > 0) setOwn(headers, key, [...values]);
  return { ...message, headers: headers satisfies SipHeaders };
}
