import type { SipRequest } from '../message/index.ts';
import { getHeader, getHeaders, parseNameAddress, parseUri, unquoteParam } from '../message/index.ts';
import { sameContactUri } from './sip-uri-equivalence.ts';

/** The registrar's expiry limits, in seconds. */
export interface ExpiryPolicy {
  readonly minExpiresS: number;
  readonly maxExpiresS: number;
  readonly defaultExpiresS: number;
}

/** One Contact of a REGISTER, with the expiry the registrar grants it. */
export interface RequestedContact {
  /** The URI as sent, without angle brackets or header parameters. */
  readonly uri: string;
  /** Granted expiry in seconds; 0 removes the binding. */
  readonly expiresS: number;
  readonly qValue?: number;
  readonly instanceId?: string;
  readonly regId?: number;
}

/** What the Contact and Expires headers of a REGISTER ask for. */
export type ContactsReading =
  | { readonly type: 'query' }
  | { readonly type: 'wildcard' }
  | { readonly type: 'contacts'; readonly contacts: readonly RequestedContact[] }
  | { readonly type: 'invalid'; readonly reason: string }
  | { readonly type: 'too-brief'; readonly minExpiresS: number };

/** The largest interval the grammar allows, "between 0 and (2**32)-1" (RFC 3261 §20.19); larger ones are capped. */
const MAX_DELTA_SECONDS = 0xffff_ffff;
/**
 * "Malformed values SHOULD be treated as equivalent to 3600" (RFC 3261 §20.19, said of the
 * Expires header); the `expires` Contact parameter is read the same way.
 */
const MALFORMED_EXPIRES_S = 3600;
/** A registrar may answer 423 only to intervals "smaller than one hour" (RFC 3261 §10.3 step 7). */
const INTERVAL_TOO_BRIEF_CEILING_S = 3600;
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;
const REG_ID = /^[1-9]\d{0,9}$/;

/**
 * Reads the Contact and Expires headers of a REGISTER (RFC 3261 §10.3 steps 6 and 7).
 *
 * @remarks
 * - No Contact: a query for the current bindings.
 * - `*`: only alone and with `Expires: 0`, "If the request has additional Contact fields or an
 *   expiration time other than zero, the request is invalid, and the server MUST return a 400".
 * - Each contact's interval is its `expires` parameter, else the Expires header, else the
 *   default; it is shortened to the maximum; 0 < interval < minimum (and below one hour) fails
 *   the whole request with 423, since the processing is all-or-nothing.
 * - Contacts that are equivalent URIs (§19.1.4) collapse into the last one.
 * https://www.rfc-editor.org/rfc/rfc3261#section-10.3
 */
export function readRegisterContacts(request: SipRequest, policy: ExpiryPolicy): ContactsReading {
  const values = getHeaders(request, 'contact');
  const headerExpires = readDeltaSeconds(getHeader(request, 'expires'));
  if (values.length === 0) return { type: 'query' };
  if (values.some((value) => value.trim() === '*')) {
    return values.length === 1 && headerExpires === 0
      ? { type: 'wildcard' }
      : { type: 'invalid', reason: 'Invalid Wildcard Contact' };
  }
  const contacts: RequestedContact[] = [];
  for (const value of values) {
    const contact = readContact(value, headerExpires, policy);
    if (contact.type !== 'contact') return contact;
    const duplicate = contacts.findIndex((earlier) => sameContactUri(earlier.uri, contact.contact.uri));
    if (duplicate >= 0) contacts.splice(duplicate, 1);
    contacts.push(contact.contact);
  }
  return { type: 'contacts', contacts };
}

type ContactResult =
  | { readonly type: 'contact'; readonly contact: RequestedContact }
  | Extract<ContactsReading, { type: 'invalid' | 'too-brief' }>;

function readContact(value: string, headerExpires: number | undefined, policy: ExpiryPolicy): ContactResult {
  const address = parseNameAddress(value);
  const uri = address === undefined ? undefined : parseUri(address.uri);
  if (address === undefined || uri === undefined || uri.scheme === 'tel') {
    return { type: 'invalid', reason: 'Invalid Contact' };
  }
  const params = address.params;
  const requestedS = Object.hasOwn(params, 'expires')
    ? (readDeltaSeconds(unquoteParam(params['expires'] ?? '')) ?? MALFORMED_EXPIRES_S)
    : (headerExpires ?? policy.defaultExpiresS);
  if (requestedS > 0 && requestedS < policy.minExpiresS && requestedS < INTERVAL_TOO_BRIEF_CEILING_S) {
    return { type: 'too-brief', minExpiresS: policy.minExpiresS };
  }
  const optional = readOptionalParams(params);
  if (optional === undefined) return { type: 'invalid', reason: 'Invalid Contact Parameter' };
  const expiresS = Math.min(requestedS, policy.maxExpiresS);
  return { type: 'contact', contact: { uri: address.uri, expiresS, ...optional } };
}

function readOptionalParams(
  params: Readonly<Record<string, string | null>>,
): Omit<RequestedContact, 'uri' | 'expiresS'> | undefined {
  const q = Object.hasOwn(params, 'q') ? params['q'] : undefined;
  const regId = Object.hasOwn(params, 'reg-id') ? params['reg-id'] : undefined;
  const instance = Object.hasOwn(params, '+sip.instance') ? params['+sip.instance'] : undefined;
  if (q !== undefined && (q === null || !QVALUE.test(q))) return undefined;
  if (regId !== undefined && (regId === null || !REG_ID.test(regId) || Number(regId) > 0x7fff_ffff)) return undefined;
  return {
    ...(q === undefined || q === null ? {} : { qValue: Number(q) }),
    ...(regId === undefined || regId === null ? {} : { regId: Number(regId) }),
    ...(instance === undefined || instance === null ? {} : { instanceId: unquoteParam(instance) }),
  };
}

/**
 * Reads `delta-seconds` (1*DIGIT), capped at 2**32-1; undefined when absent, 3600 when malformed.
 */
function readDeltaSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return MALFORMED_EXPIRES_S;
  return Math.min(Number(trimmed), MAX_DELTA_SECONDS);
}
