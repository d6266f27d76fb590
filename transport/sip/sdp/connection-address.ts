/**
 * Reads and checks the network address of `c=` and `o=` lines.
 *
 * @remarks `c=<nettype> <addrtype> <connection-address>`; only the `IN` network type is usable on
 * an IP network. An `IP4` address may carry a multicast `/ttl[/count]` suffix, an `IP6` one a
 * `/count` suffix; both are read and dropped since anchored media is unicast. A fully qualified
 * domain name is legal but unusual. https://www.rfc-editor.org/rfc/rfc8866#section-5.7
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { AddressType } from './session-description.ts';

/** A checked connection address. */
export interface ConnectionAddress {
  readonly addressType: AddressType;
  readonly address: string;
}

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const MULTICAST_SUFFIX = /^(?:\/\d{1,5}){1,2}$/;

/** Reads `<nettype> <addrtype> <address>` (a `c=` value); undefined when malformed. */
export function parseConnection(value: string): ConnectionAddress | undefined {
  const fields = value.trim().split(/[ \t]+/);
  if (fields.length !== 3) return undefined;
  const [networkType, addressType, address] = fields;
  if (networkType !== 'IN' || address === undefined) return undefined;
  return checkAddress(addressType, address, true);
}

/**
 * Checks an address of the given type; with `allowSuffix`, drops a multicast `/ttl/count` suffix.
 *
 * @remarks Also used for the unicast address of `o=` and `a=rtcp`.
 */
export function checkAddress(addressType: string | undefined, address: string, allowSuffix: boolean): ConnectionAddress | undefined {
  const slash = address.indexOf('/');
  const host = slash === -1 ? address : address.slice(0, slash);
  if (slash !== -1 && !(allowSuffix && MULTICAST_SUFFIX.test(address.slice(slash)))) return undefined;
  if (addressType === 'IP4' && (isIPv4(host) || (!isIPv6(host) && HOST_NAME.test(host)))) return { addressType, address: host };
  if (addressType === 'IP6' && (isIPv6(host) || (!isIPv4(host) && HOST_NAME.test(host)))) return { addressType, address: host };
  return undefined;
}

/**
 * Whether the address is the unspecified one that RFC 2543 used to put a call on hold.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3264#section-8.4: "An agent MUST be capable of
 * receiving SDP with a connection address of 0.0.0.0, in which case it means that neither RTP nor
 * RTCP should be sent to the peer." The IPv6 unspecified address `::` is read the same way.
 */
export function isUnspecifiedAddress(address: string): boolean {
  return address === '0.0.0.0' || (isIPv6(address) && /^[0:]+$/.test(address));
}

/** The address type of an IP literal we send in our own descriptions; undefined when not one. */
export function addressTypeOf(address: string): AddressType | undefined {
  if (isIPv4(address)) return 'IP4';
  if (isIPv6(address)) return 'IP6';
  return undefined;
}
