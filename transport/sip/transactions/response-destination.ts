/**
 * Where the responses of a server transaction go.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-18.2.2
 * https://www.rfc-editor.org/rfc/rfc3581#section-4
 */
import type { Via } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import { unbracket } from './received-via.ts';

/** The port of a sent-by without one: "5060 for UDP, TCP and SCTP, 5061 for TLS" (§18.1.1). */
function defaultPort(viaTransport: string): number {
  return viaTransport === 'TLS' || viaTransport === 'WSS' ? 5061 : 5060;
}

/** Options of {@link responseDestination}. */
export interface ResponseDestinationOptions {
  /**
   * Send UDP responses to a Via `maddr` (RFC 3261 §18.2.2, second bullet). Off by default: it lets
   * any sender aim our responses at a third party, and unicast deployments never set it.
   */
  readonly honourMaddr: boolean;
}

/**
 * The destination of responses to a request whose top Via, already stamped by `stampTopVia`, is
 * `via`, and which arrived from `source`.
 *
 * @remarks
 * Reliable transports: "the response MUST be sent using the existing connection to the source of
 * the original request that created the transaction, if that connection is still open. ... If that
 * connection is no longer open, the server SHOULD open a connection to the IP address in the
 * "received" parameter, if present, using the port in the "sent-by" value, or the default port for
 * that transport" — so the connection id is kept and address/port name that fallback.
 * UDP with `rport` (RFC 3581 §4): "the response MUST be sent to the IP address listed in the
 * "received" parameter, and the port in the "rport" parameter." Otherwise "if the top Via has a
 * "received" parameter, the response MUST be sent to the address in the "received" parameter,
 * using the port indicated in the "sent-by" value, or using port 5060 if none is specified
 * explicitly." Without `received` the sent-by host is the packet's source address itself.
 * https://www.rfc-editor.org/rfc/rfc3261#section-18.2.2
 */
export function responseDestination(via: Via, source: SipEndpoint, options: ResponseDestinationOptions): SipEndpoint {
  const received = param(via, 'received');
  const sentByPort = via.port ?? defaultPort(via.transport);
  if (source.transport !== 'udp') {
    const address = received ?? source.address;
    const fallback = { transport: source.transport, address, port: sentByPort };
    return source.connectionId === undefined ? fallback : { ...fallback, connectionId: source.connectionId };
  }
  const maddr = param(via, 'maddr');
  if (options.honourMaddr && maddr !== undefined) {
    return { transport: 'udp', address: unbracket(maddr), port: via.port ?? 5060 };
  }
  const rport = parsePort(param(via, 'rport'));
  if (received !== undefined && rport !== undefined) return { transport: 'udp', address: received, port: rport };
  if (received !== undefined) return { transport: 'udp', address: received, port: via.port ?? 5060 };
  return { transport: 'udp', address: unbracket(via.host), port: via.port ?? 5060 };
}

function param(via: Via, name: string): string | undefined {
  const value = Object.hasOwn(via.params, name) ? via.params[name] : undefined;
  return value === null || value === undefined || value === '' ? undefined : unbracket(value);
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}
