/**
 * Reading the header fields a dialog is built from: addresses, tags, Contact and Record-Route.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-12.1
 */
import type { NameAddress, SipMessage } from '../message/index.ts';
import { formatNameAddress, getHeader, getHeaders, parseNameAddress, parseUri } from '../message/index.ts';

/** The address of a From or To header without its tag, and the tag (`''` when absent). */
export function splitAddress(
  message: SipMessage,
  header: 'from' | 'to',
): { readonly address: NameAddress; readonly tag: string } | undefined {
  const value = getHeader(message, header);
  const parsed = value === undefined ? undefined : parseNameAddress(value);
  if (parsed === undefined) return undefined;
  const { tag, ...params } = parsed.params;
  const address: NameAddress = { ...parsed, params };
  return { address, tag: typeof tag === 'string' ? tag : '' };
}

/** A From or To value: the address with `tag` appended unless the tag is empty (RFC 3261 §12.2.1.1). */
export function formatAddressWithTag(address: NameAddress, tag: string): string {
  return formatNameAddress(tag === '' ? address : { ...address, params: { ...address.params, tag } });
}

/** The Call-ID of a message, trimmed; `''` when absent. */
export function callIdOf(message: SipMessage): string {
  return (getHeader(message, 'call-id') ?? '').trim();
}

/**
 * The URI of the first Contact when it is a SIP or SIPS URI.
 *
 * @remarks "The URI provided in the Contact header field MUST be a SIP or SIPS URI."
 * https://www.rfc-editor.org/rfc/rfc3261#section-12.1.1
 */
export function contactUri(
  message: SipMessage,
): { readonly type: 'ok'; readonly uri: string } | { readonly type: 'missing' | 'invalid' } {
  const value = getHeaders(message, 'contact')[0];
  if (value === undefined) return { type: 'missing' };
  const uri = parseNameAddress(value)?.uri;
  const scheme = uri === undefined ? undefined : parseUri(uri)?.scheme;
  if (uri === undefined || (scheme !== 'sip' && scheme !== 'sips')) return { type: 'invalid' };
  return { type: 'ok', uri };
}

/**
 * The URIs of the Record-Route values of a message, in header order, parameters preserved;
 * undefined when one of them is not an address.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-12.1.1
 */
export function recordRouteUris(message: SipMessage): readonly string[] | undefined {
  const uris: string[] = [];
  for (const value of getHeaders(message, 'record-route')) {
    const parsed = parseNameAddress(value);
    if (parsed === undefined) return undefined;
    uris.push(parsed.uri);
  }
  return uris;
}

/** True when a URI is a SIPS URI. */
export function isSipsUri(uri: string): boolean {
  return parseUri(uri)?.scheme === 'sips';
}
