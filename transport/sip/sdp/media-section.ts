/**
 * Builds the model of one `m=` section: transport, formats, telephone-event, direction and hold.
 *
 * @remarks `m=<media> <port>[/<number of ports>] <proto> <fmt> ...`
 * (https://www.rfc-editor.org/rfc/rfc8866#section-5.14). For the RTP profiles each `<fmt>` is a
 * payload type number 0-127; static types need no rtpmap (RFC 3551 §6), a dynamic type without one
 * cannot be used and is left out of `codecs`. A section's own `c=` and direction attribute override
 * the session's (RFC 8866 §5.7, §6.7).
 */
import { isUnspecifiedAddress, parseConnection, type ConnectionAddress } from './connection-address.ts';
import { sdpFailure, type SdpFailure } from './sdp-errors.ts';
import type { MediaSection } from './sdp-lines.ts';
import { readSectionAttributes, type SectionAttributes } from './section-attributes.ts';
import type { Codec, MediaDescription, MediaDirection, TelephoneEvent } from './session-description.ts';
import { LAST_PAYLOAD_TYPE, STATIC_AUDIO_PAYLOAD_TYPES } from './static-payload-types.ts';
import { DTMF_EVENTS, parseEventList } from './telephone-event-ranges.ts';

/** What a media section inherits from the session section. */
export interface SessionDefaults {
  readonly connection?: ConnectionAddress;
  readonly direction?: MediaDirection;
}

/** The most formats one `m=` line may list (there are only 128 RTP payload types). */
export const MAX_FORMATS = 128;

const MEDIA_LINE = /^([A-Za-z0-9_.+-]{1,32}) (\d{1,5})(?:\/(\d{1,5}))? ([A-Za-z0-9_./+-]{1,64})((?: [^ ]{1,32})+) *$/;
const PAYLOAD_TYPE = /^\d{1,3}$/;
const TELEPHONE_EVENT = 'telephone-event';

type MediaLine = Pick<MediaDescription, 'kind' | 'port' | 'protocol' | 'formats'> & { readonly portCount?: number };

/** Parses one media section against the session's defaults. */
export function parseMediaSection(section: MediaSection, defaults: SessionDefaults): { readonly type: 'ok'; readonly media: MediaDescription } | SdpFailure {
  const mediaLine = readMediaLine(section.mediaLine);
  if (typeof mediaLine === 'string') return sdpFailure('PBX_ERR_SDP_MEDIA', mediaLine);
  const connectionLine = section.lines.find((line) => line.letter === 'c');
  const connection = connectionLine === undefined ? defaults.connection : parseConnection(connectionLine.value);
  if (connectionLine !== undefined && connection === undefined) return sdpFailure('PBX_ERR_SDP_CONNECTION', 'malformed c= line');
  if (connection === undefined && mediaLine.port !== 0) return sdpFailure('PBX_ERR_SDP_CONNECTION', `no c= line for the ${mediaLine.kind} stream`);
  const read = readSectionAttributes(section.lines);
  if (read.type === 'error') return read;
  const payload = isRtpProfile(mediaLine.protocol) ? readPayloadFormats(mediaLine.formats, read.attributes) : { codecs: [], telephoneEvents: [] };
  if (typeof payload === 'string') return sdpFailure('PBX_ERR_SDP_ATTRIBUTE', payload);
  return { type: 'ok', media: assemble(mediaLine, connection, read.attributes, payload, defaults.direction) };
}

/** Whether the transport protocol is an RTP profile (RTP/AVP, RTP/SAVP, UDP/TLS/RTP/SAVPF, …). */
export function isRtpProfile(protocol: string): boolean {
  return protocol.split('/').includes('RTP');
}

function readMediaLine(value: string): MediaLine | string {
  const match = MEDIA_LINE.exec(value);
  if (match === null) return 'malformed m= line';
  const [, kind = '', portText = '', countText, protocol = '', formatText = ''] = match;
  const port = Number(portText);
  const formats = formatText.trim().split(' ');
  if (port > 65_535) return 'port out of range';
  if (formats.length > MAX_FORMATS) return 'too many formats';
  if (isRtpProfile(protocol) && !formats.every((format) => PAYLOAD_TYPE.test(format) && Number(format) <= LAST_PAYLOAD_TYPE)) {
    return 'an RTP format is not a payload type 0-127';
  }
  const base = { kind, port, protocol, formats };
  return countText === undefined ? base : { ...base, portCount: Number(countText) };
}

function readPayloadFormats(formats: readonly string[], attributes: SectionAttributes): { codecs: Codec[]; telephoneEvents: TelephoneEvent[] } | string {
  const codecs: Codec[] = [];
  const telephoneEvents: TelephoneEvent[] = [];
  for (const pt of new Set(formats.map(Number))) {
    const mapping = attributes.rtpmaps.get(pt) ?? STATIC_AUDIO_PAYLOAD_TYPES[pt];
    if (mapping === undefined) continue;
    const fmtp = attributes.fmtps.get(String(pt));
    if (mapping.name.toLowerCase() === TELEPHONE_EVENT) {
      const events = fmtp === undefined || fmtp === '' ? DTMF_EVENTS : parseEventList(fmtp);
      if (events === undefined) return `malformed events list for telephone-event ${pt}`;
      telephoneEvents.push({ pt, clockRate: mapping.clockRate, events });
      continue;
    }
    const channels = mapping.channels;
    codecs.push({
      name: mapping.name,
      pt,
      clockRate: mapping.clockRate,
      ...(channels === undefined ? {} : { channels }),
      ...(fmtp === undefined ? {} : { fmtp }),
    });
  }
  return { codecs, telephoneEvents };
}

function assemble(
  mediaLine: MediaLine,
  connection: ConnectionAddress | undefined,
  attributes: SectionAttributes,
  payload: { codecs: Codec[]; telephoneEvents: TelephoneEvent[] },
  sessionDirection: MediaDirection | undefined,
): MediaDescription {
  const legacyHold = connection !== undefined && isUnspecifiedAddress(connection.address);
  const direction = effectiveDirection(attributes.direction ?? sessionDirection ?? 'sendrecv', legacyHold);
  const telephoneEvent = pickTelephoneEvent(payload.telephoneEvents, payload.codecs[0]?.clockRate);
  return {
    ...mediaLine,
    address: connection?.address ?? '',
    addressType: connection?.addressType ?? 'IP4',
    codecs: payload.codecs,
    telephoneEvents: payload.telephoneEvents,
    ...(telephoneEvent === undefined ? {} : { telephoneEvent }),
    direction,
    hold: legacyHold || direction === 'sendonly' || direction === 'inactive',
    ...(attributes.ptime === undefined ? {} : { ptime: attributes.ptime }),
    ...(attributes.maxptime === undefined ? {} : { maxptime: attributes.maxptime }),
    ...(attributes.rtcp === undefined ? {} : { rtcp: attributes.rtcp }),
    rtcpMux: attributes.rtcpMux,
  };
}

/**
 * The direction once the RFC 2543 hold form is taken into account.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3264#section-8.4: with `c=0.0.0.0` the peer receives
 * nothing, so what it may still do is send.
 */
function effectiveDirection(direction: MediaDirection, legacyHold: boolean): MediaDirection {
  if (!legacyHold) return direction;
  return direction === 'sendrecv' || direction === 'sendonly' ? 'sendonly' : 'inactive';
}

/** The telephone-event matching the voice clock rate (RFC 4733 §2.3), else the first offered. */
export function pickTelephoneEvent(events: readonly TelephoneEvent[], clockRate: number | undefined): TelephoneEvent | undefined {
  return events.find((event) => event.clockRate === clockRate) ?? events[0];
}
