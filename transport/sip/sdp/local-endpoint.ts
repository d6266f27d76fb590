/**
 * Our side of a leg's media: the anchored address and port, and the `o=` identity of the leg.
 *
 * @remarks parley anchors all media, so every description it writes carries the address and RTP
 * port a media worker opened for that leg. These come from our own allocation; a value that cannot
 * make a valid description is reported as `PBX_ERR_SDP_LOCAL_PARAMETERS` rather than written.
 * https://www.rfc-editor.org/rfc/rfc8866#section-5.2
 */
import { addressTypeOf } from './connection-address.ts';
import { sdpFailure, type SdpFailure } from './sdp-errors.ts';
import type { Origin } from './session-description.ts';

/** The RTP profile we speak: plain RTP/AVP (https://www.rfc-editor.org/rfc/rfc3551). */
export const OUR_RTP_PROFILE = 'RTP/AVP';

/**
 * The `o=` username we write.
 *
 * @remarks "-" is what RFC 8866 §5.2 asks for when the host has no notion of user ids.
 */
export const DEFAULT_ORIGIN_USERNAME = '-';

/** Address, port and origin identity of one leg's media. */
export interface LocalEndpoint {
  /** An IPv4 or IPv6 literal: where the peer sends RTP. */
  readonly address: string;
  /** Our RTP port, 1-65535 (port 0 means a rejected stream). */
  readonly port: number;
  /** Decimal digits, fixed for the life of the leg (RFC 8866 §5.2). */
  readonly sessionId: string;
  /** Decimal digits; see `origin-version.ts` for when it must grow. */
  readonly sessionVersion: string;
  readonly username?: string;
  /** The packet time we want to receive, in ms (RFC 3264 §6.1, RFC 8866 §6.4). */
  readonly ptime?: number;
}

const DECIMAL = /^\d{1,20}$/;
const MAX_PACKET_TIME_MS = 10_000;
const USERNAME = /^[\x21-\x7e]{1,64}$/;

/** Checks `local`; undefined when it can be written. */
export function checkLocalEndpoint(local: LocalEndpoint): SdpFailure | undefined {
  if (addressTypeOf(local.address) === undefined) return localFailure(`address ${JSON.stringify(local.address)} is not an IP literal`);
  if (!Number.isInteger(local.port) || local.port < 1 || local.port > 65_535) return localFailure(`port ${local.port} out of range`);
  if (!DECIMAL.test(local.sessionId) || !DECIMAL.test(local.sessionVersion)) return localFailure('session id and version must be decimal digits');
  if (local.username !== undefined && !USERNAME.test(local.username)) return localFailure('origin username must be visible characters');
  if (local.ptime !== undefined && !(Number.isInteger(local.ptime) && local.ptime > 0 && local.ptime <= MAX_PACKET_TIME_MS)) return localFailure(`ptime ${local.ptime} out of range`);
  return undefined;
}

/** The `o=` line of `local`, which {@link checkLocalEndpoint} accepted. */
export function localOrigin(local: LocalEndpoint): Origin {
  return {
    username: local.username ?? DEFAULT_ORIGIN_USERNAME,
    sessionId: local.sessionId,
    sessionVersion: local.sessionVersion,
    addressType: addressTypeOf(local.address) ?? 'IP4',
    address: local.address,
  };
}

/** A `PBX_ERR_SDP_LOCAL_PARAMETERS` failure. */
export function localFailure(reason: string): SdpFailure {
  return sdpFailure('PBX_ERR_SDP_LOCAL_PARAMETERS', reason);
}
