import type { SipUri } from '../message/index.ts';
import { formatUri, parseUri } from '../message/index.ts';

/**
 * The canonical address of record of a URI: `sip:user@host`, or undefined when the URI has no
 * user part or is not a SIP or SIPS URI.
 *
 * @remarks
 * RFC 3261 §10.3 step 5: "all URI parameters MUST be removed (including the user-param), and any
 * escaped characters MUST be converted to their unescaped form". Beyond that, the port and the
 * password are dropped and SIPS maps to SIP, so that `sips:alice@pbx` and `sip:alice@pbx:5060`
 * register, and are found under, the same AOR as `sip:alice@pbx` — the key Kamailio's usrloc
 * uses too (user@domain). Whether a binding was made over a secure transport stays visible in
 * its `received` endpoint. The user is re-escaped only where the grammar requires it, so the
 * result is one spelling per AOR.
 * https://www.rfc-editor.org/rfc/rfc3261#section-10.3
 */
export function addressOfRecord(uri: SipUri | string): string | undefined {
  const parsed = typeof uri === 'string' ? parseUri(uri) : uri;
  if (parsed === undefined || parsed.scheme === 'tel' || parsed.user === undefined) return undefined;
  return formatUri({ scheme: 'sip', user: parsed.user, host: parsed.host, params: {}, headers: {} });
}
