/**
 * Caller identity privacy on SIP legs (RFC 3323, RFC 3325), both ways.
 *
 * @remarks
 * Out: a caller who withholds its identity is sent as `"Anonymous" <sip:anonymous@anonymous.invalid>`
 * (RFC 3323 §4.1.1.3) with `Privacy: id`; a trunk that sends P-Asserted-Identity sends the caller
 * ID shown, and, for a withheld caller, the real identity only when the trunk is trusted outbound
 * (Asterisk's `send_pai` with `trust_id_outbound`); other legs get no P-Asserted-Identity.
 * In: the caller ID of a trunk's call is its From, or its P-Asserted-Identity when the trunk is
 * trusted inbound (`trust_id_inbound`, chan_sip's `trustrpid`); a call with `Privacy: id`,
 * `header` or `user` is shown as anonymous to the callee (docs/decisions.md).
 * https://www.rfc-editor.org/rfc/rfc3323#section-4.1.1.3
 * https://www.rfc-editor.org/rfc/rfc3325#section-9.1
 */
import type { channel } from '../../actors/index.ts';
import { sipMessage, type ExtraHeaders } from '../../transport/index.ts';
import { callerAddress } from './client-leg-port.ts';

/** What an outbound leg's peer is told of the caller (a trunk's policy; none for other legs). */
export interface OutboundIdentityPolicy {
  readonly sendPai: boolean;
  readonly trustOutbound: boolean;
}

/** The caller ID shown for a withheld identity. */
export const ANONYMOUS: channel.PartyIdentity = { name: 'Anonymous', number: 'anonymous' };
/** The host of an anonymous From (RFC 3323 §4.1.1.3). */
export const ANONYMOUS_HOST = 'anonymous.invalid';

/** The From address (without tag) of an outbound leg. */
export function outboundFrom(caller: channel.PartyIdentity, host: string): string {
  return callerAddress(caller.withheld === undefined ? caller : ANONYMOUS, caller.withheld === undefined ? host : ANONYMOUS_HOST);
}

/** The privacy and identity headers of an outbound leg's INVITE. */
export function outboundIdentityHeaders(caller: channel.PartyIdentity, policy: OutboundIdentityPolicy | undefined, host: string): ExtraHeaders {
  const { withheld } = caller;
  const asserted = withheld === undefined
    ? (policy?.sendPai === true ? caller : undefined)
    : (policy?.sendPai === true && policy.trustOutbound ? withheld : undefined);
  return {
    ...(withheld === undefined ? {} : { Privacy: ['id'] }),
    ...(asserted === undefined ? {} : { 'P-Asserted-Identity': [callerAddress({ name: asserted.name, number: asserted.number }, host)] }),
  };
}

/** The privacy values that withhold the caller's identity from the callee. */
const WITHHOLDING = new Set(['id', 'header', 'user']);

/** Who calls on a trunk's INVITE, and whether the caller withholds its identity. */
export function trunkCaller(request: sipMessage.SipMessage, trustInbound: boolean): { readonly name: string; readonly number: string; readonly withheld: boolean } {
  const privacy = sipMessage.getHeaders(request, 'privacy').flatMap((value) => value.split(/[;,]/)).map((token) => token.trim().toLowerCase());
  const withheld = privacy.some((token) => WITHHOLDING.has(token));
  const asserted = trustInbound ? identityOf(sipMessage.getHeader(request, 'p-asserted-identity')) : undefined;
  const from = identityOf(sipMessage.getHeader(request, 'from'));
  return { ...(asserted ?? from ?? { name: '', number: '' }), withheld };
}

/** The name and number of a name-addr header value (the first of a list), if it parses. */
function identityOf(value: string | undefined): { readonly name: string; readonly number: string } | undefined {
  if (value === undefined) return undefined;
  const address = sipMessage.parseNameAddress(value) ?? sipMessage.parseNameAddress(value.slice(0, value.indexOf('>') + 1));
  const user = address === undefined ? undefined : sipMessage.parseUri(address.uri)?.user;
  if (address === undefined || user === undefined || user === '') return undefined;
  return { name: address.displayName ?? '', number: safeDecode(user) };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
