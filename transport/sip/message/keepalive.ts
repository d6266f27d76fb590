/**
 * Recognising a CRLF keepalive datagram.
 *
 * @remarks Over UDP, RFC 5626 §4.4.1 keeps flows alive with STUN, but many user agents send bare
 * CRLFs instead (the stream keepalive of §3.5.1); such a datagram is not a malformed message and
 * should be dropped silently rather than reported. https://www.rfc-editor.org/rfc/rfc5626#section-4.4
 */

/** True when `datagram` is not empty and holds only CR and LF bytes. */
export function isCrlfKeepalive(datagram: Uint8Array): boolean {
  if (datagram.length === 0 || datagram.length > 64) return false;
  for (const byte of datagram) if (byte !== 13 && byte !== 10) return false;
  return true;
}
