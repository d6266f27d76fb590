/**
 * Parses a session description received in a SIP body.
 *
 * @remarks Never throws: hostile input gives a typed {@link SdpFailure}. What negotiation relies on
 * is checked (https://www.rfc-editor.org/rfc/rfc8866#section-5): `v=0` first, exactly one `o=`
 * with a numeric session id and version, a `c=` for every active stream, well-formed `m=`, `t=`,
 * rtpmap, fmtp of telephone-event, ptime, rtcp and direction attributes. The rest (`s=`, `i=`,
 * `b=`, unknown attributes) is tolerated, since refusing a call over a cosmetic slip helps nobody.
 */
import { checkAddress, parseConnection } from './connection-address.ts';
import { parseMediaSection, type SessionDefaults } from './media-section.ts';
import { sdpFailure, type SdpFailure } from './sdp-errors.ts';
import { splitSections, type SdpLine } from './sdp-lines.ts';
import { readSectionAttributes } from './section-attributes.ts';
import type { MediaDescription, MediaOffer, Origin, SessionDescription } from './session-description.ts';

/** The outcome of {@link parseSessionDescription}. */
export type ParseSessionDescriptionResult = { readonly type: 'ok'; readonly description: SessionDescription } | SdpFailure;

const ORIGIN_TOKEN = /^[\x21-\x7e]{1,128}$/;
const SESSION_NUMBER = /^\d{1,32}$/;
const TIMING = /^[ \t]*(\d{1,20})[ \t]+(\d{1,20})[ \t]*$/;

/** Parses `text` (an `application/sdp` body). */
export function parseSessionDescription(text: string): ParseSessionDescriptionResult {
  const split = splitSections(text);
  if (split.type === 'error') return split;
  const { session, media } = split.sections;
  const origin = readOrigin(session);
  if (origin.type === 'error') return origin;
  const defaults = readSessionDefaults(session);
  if (defaults.type === 'error') return defaults;
  const timing = readTiming(session);
  if (timing === undefined) return sdpFailure('PBX_ERR_SDP_TIMING', 'malformed t= line');
  const streams: MediaDescription[] = [];
  for (const section of media) {
    const parsed = parseMediaSection(section, defaults.defaults);
    if (parsed.type === 'error') return parsed;
    streams.push(parsed.media);
  }
  const sessionName = session.find((line) => line.letter === 's')?.value ?? '';
  return { type: 'ok', description: { origin: origin.origin, sessionName, timing, media: streams } };
}

/**
 * The first active audio stream over RTP/AVP, the one a voice call negotiates.
 *
 * @remarks Undefined when there is none (no audio, or every audio stream disabled with port 0).
 */
export function firstAudioStream(description: SessionDescription): MediaOffer | undefined {
  return description.media.find((media) => media.kind === 'audio' && media.port !== 0 && media.protocol === 'RTP/AVP');
}

/** https://www.rfc-editor.org/rfc/rfc8866#section-5.2: `o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>`. */
function readOrigin(session: readonly SdpLine[]): { readonly type: 'ok'; readonly origin: Origin } | SdpFailure {
  const lines = session.filter((line) => line.letter === 'o');
  const [line] = lines;
  if (line === undefined || lines.length > 1) return sdpFailure('PBX_ERR_SDP_ORIGIN', lines.length === 0 ? 'no o= line' : 'more than one o= line');
  const fields = line.value.trim().split(/[ \t]+/);
  const [username = '', sessionId = '', sessionVersion = '', networkType, addressType, address = ''] = fields;
  const checked = checkAddress(addressType, address, false);
  const valid = fields.length === 6 && ORIGIN_TOKEN.test(username) && SESSION_NUMBER.test(sessionId) && SESSION_NUMBER.test(sessionVersion) && networkType === 'IN';
  if (!valid || checked === undefined) return sdpFailure('PBX_ERR_SDP_ORIGIN', 'malformed o= line');
  return { type: 'ok', origin: { username, sessionId, sessionVersion, addressType: checked.addressType, address: checked.address } };
}

function readSessionDefaults(session: readonly SdpLine[]): { readonly type: 'ok'; readonly defaults: SessionDefaults } | SdpFailure {
  const connectionLine = session.find((line) => line.letter === 'c');
  const connection = connectionLine === undefined ? undefined : parseConnection(connectionLine.value);
  if (connectionLine !== undefined && connection === undefined) return sdpFailure('PBX_ERR_SDP_CONNECTION', 'malformed session c= line');
  const read = readSectionAttributes(session);
  if (read.type === 'error') return read;
  const direction = read.attributes.direction;
  return {
    type: 'ok',
    defaults: { ...(connection === undefined ? {} : { connection }), ...(direction === undefined ? {} : { direction }) },
  };
}

/** https://www.rfc-editor.org/rfc/rfc8866#section-5.9: `t=<start-time> <stop-time>`; absent reads as `0 0`. */
function readTiming(session: readonly SdpLine[]): string | undefined {
  const line = session.find((candidate) => candidate.letter === 't');
  if (line === undefined) return '0 0';
  const match = TIMING.exec(line.value);
  return match === null ? undefined : `${match[1]} ${match[2]}`;
}
