/**
 * Writes a session description from plain data.
 *
 * @remarks Lines in the order RFC 8866 §5 requires (`v o s c t`, then each `m=` with its own lines),
 * each ended by CRLF. Values come from our own configuration and from checked peer data; the writer
 * still refuses a CR, LF or NUL in any value, so that nothing can inject a line.
 * https://www.rfc-editor.org/rfc/rfc8866#section-5
 */
import type { ConnectionAddress } from './connection-address.ts';
import type { Origin } from './session-description.ts';

/** One `m=` section to write. */
export interface OutgoingMedia {
  readonly kind: string;
  readonly port: number;
  readonly protocol: string;
  readonly formats: readonly string[];
  /** Attribute values without the `a=` prefix, such as `rtpmap:0 PCMU/8000`. */
  readonly attributes: readonly string[];
}

/** A description to write. */
export interface OutgoingDescription {
  readonly origin: Origin;
  readonly sessionName: string;
  readonly connection: ConnectionAddress;
  readonly timing: string;
  readonly media: readonly OutgoingMedia[];
}

const LINE_BREAKING = /[\r\n\0]/;

/** Writes `description` as SDP text. Throws on a value that would break a line: that is a bug. */
export function writeSessionDescription(description: OutgoingDescription): string {
  const { origin, connection } = description;
  const lines = [
    'v=0',
    `o=${origin.username} ${origin.sessionId} ${origin.sessionVersion} IN ${origin.addressType} ${origin.address}`,
    `s=${description.sessionName === '' ? '-' : description.sessionName}`,
    `c=IN ${connection.addressType} ${connection.address}`,
    `t=${description.timing}`,
  ];
  for (const media of description.media) {
    lines.push(`m=${media.kind} ${media.port} ${media.protocol} ${media.formats.join(' ')}`);
    for (const attribute of media.attributes) lines.push(`a=${attribute}`);
  }
  const unsafe = lines.find((line) => LINE_BREAKING.test(line));
  if (unsafe !== undefined) throw new RangeError(`SDP value breaks a line: ${JSON.stringify(unsafe.slice(0, 40))}`);
  return `${lines.join('\r\n')}\r\n`;
}
