/**
 * Recording where a request really came from in its top Via (`received`, `rport`).
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-18.2.1
 * https://www.rfc-editor.org/rfc/rfc3581#section-4
 */
import { isIP } from 'node:net';
import type { SipRequest, Via } from '../message/index.ts';
import { formatVia, getHeaders, withHeaders } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';

/** A request with its top Via rewritten, and that Via parsed. */
export interface StampedRequest {
  readonly request: SipRequest;
  readonly via: Via;
}

/**
 * Adds `received` and fills `rport` in the top Via of a request that arrived from `source`.
 *
 * @remarks RFC 3261 §18.2.1: "If the host portion of the "sent-by" parameter contains a domain
 * name, or if it contains an IP address that differs from the packet source address, the server
 * MUST add a "received" parameter to that Via header field value. This parameter MUST contain the
 * source address from which the packet was received." RFC 3581 §4: "If this Via header field value
 * contains an "rport" parameter with no value, it MUST set the value of the parameter to the
 * source port of the request. ... the server MUST insert a "received" parameter containing the
 * source IP address that the request came from, even if it is identical to the value of the
 * "sent-by" component." A `received` the sender wrote itself is overwritten: only the packet's
 * source is trusted. https://www.rfc-editor.org/rfc/rfc3581#section-4
 * With `forceRport` (a peer behind NAT, Asterisk's `force_rport`) the Via is stamped as if it had
 * asked for `rport`, so responses go to the packet's source port whatever the Via says.
 */
export function stampTopVia(request: SipRequest, via: Via, source: SipEndpoint, forceRport = false): StampedRequest {
  const params: Record<string, string | null> = { ...via.params };
  const wantsRport = (Object.hasOwn(params, 'rport') && params['rport'] === null) || (forceRport && source.transport === 'udp');
  const needsReceived = wantsRport || !isIP(unbracket(via.host)) || !sameIpAddress(via.host, source.address);
  if (!needsReceived) return { request, via };
  params['received'] = receivedValue(source.address);
  if (wantsRport) params['rport'] = String(source.port);
  const stampedVia: Via = { ...via, params };
  const [, ...rest] = getHeaders(request, 'via');
  return { request: withHeaders(request, 'via', [formatVia(stampedVia), ...rest]), via: stampedVia };
}

/**
 * True when two textual IP addresses name the same address: IPv6 in any spelling (brackets,
 * case, `::` compression) and IPv4 against its IPv4-mapped IPv6 form.
 */
export function sameIpAddress(first: string, second: string): boolean {
  const a = canonicalIp(unbracket(first));
  const b = canonicalIp(unbracket(second));
  return a !== undefined && a === b;
}

function canonicalIp(address: string): string | undefined {
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return undefined;
  const groups = expandIpv6(address.toLowerCase());
  const mapped = groups.slice(0, 6).join(':') === '0:0:0:0:0:ffff';
  if (!mapped) return groups.join(':');
  const [high = 0, low = 0] = groups.slice(6).map((group) => Number.parseInt(group, 16));
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** Eight groups, each without leading zeros; an embedded dotted quad becomes two groups. */
function expandIpv6(address: string): string[] {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? [] : new Array<string>(8 - headGroups.length - restGroups.length).fill('0');
  return [...headGroups, ...zeros, ...restGroups].map((group) => Number.parseInt(group, 16).toString(16));
}

/**
 * The source address as a `received` value: no brackets, and an IPv4-mapped IPv6 address (what a
 * dual-stack socket reports for IPv4 peers) written as the IPv4 address it is.
 */
function receivedValue(address: string): string {
  const bare = unbracket(address);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  return mapped?.[1] ?? bare;
}

/** `[::1]` → `::1`; anything else unchanged. */
export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
