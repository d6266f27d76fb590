/**
 * Writes the offer for an outgoing leg (RFC 3264 §5).
 *
 * @remarks One RTP/AVP audio stream on our anchored address and port, our codecs in our order of
 * preference (the `m=` format list is ordered most preferred first, RFC 3264 §5.1), each with an
 * rtpmap, then telephone-event if we relay RFC 4733 events. Static codecs keep their static type
 * unless told otherwise; other codecs get the lowest free dynamic type. telephone-event is offered
 * once, at the clock rate of our first codec (events are timestamped on the clock of the audio
 * they go with, RFC 4733 §2.3), so an answer choosing a codec at another rate carries no events.
 * https://www.rfc-editor.org/rfc/rfc3264#section-5.1
 */
import { audioMedia, type AudioStreamPlan } from './audio-stream-plan.ts';
import { nextFree, toCodec } from './codec-preference.ts';
import { checkLocalCodecs, type LocalCodec } from './local-codec.ts';
import { checkLocalEndpoint, localFailure, localOrigin, type LocalEndpoint } from './local-endpoint.ts';
import type { SdpFailure } from './sdp-errors.ts';
import { writeSessionDescription } from './session-description-writer.ts';
import type { Codec, MediaDirection } from './session-description.ts';
import { FIRST_DYNAMIC_PAYLOAD_TYPE, LAST_PAYLOAD_TYPE, staticPayloadTypeOf } from './static-payload-types.ts';
import { SUPPORTED_EVENTS } from './telephone-event-ranges.ts';

/** Our side of the offer. */
export interface OfferLocal extends LocalEndpoint {
  /** The codecs to offer, in our order of preference. */
  readonly codecs: readonly LocalCodec[];
  /** The dynamic payload type for telephone-event (96-127); absent offers no RFC 4733 events. */
  readonly telephoneEventPt?: number;
  /** Default `sendrecv`; `sendonly` to hold the peer, `inactive` to hold a peer that holds us. */
  readonly direction?: MediaDirection;
  /** Offer RTP/RTCP multiplexing (RFC 5761). Default false. */
  readonly rtcpMux?: boolean;
}

/** What we offered, kept by the leg (in its snapshot) to read the answer with `readAnswer`. */
export interface SentOffer {
  readonly codecs: readonly Codec[];
  readonly telephoneEventPt?: number;
  readonly telephoneEventClockRate?: number;
  readonly direction: MediaDirection;
  readonly rtcpMux: boolean;
  /** How many `m=` lines the offer had; the answer must have as many. */
  readonly mediaCount: number;
}

/** The outcome of {@link createOffer}. */
export type CreateOfferResult = { readonly type: 'ok'; readonly text: string; readonly offer: SentOffer } | SdpFailure;

/** Writes the offer of `local`. */
export function createOffer(local: OfferLocal): CreateOfferResult {
  const invalid = checkLocalEndpoint(local);
  if (invalid !== undefined) return invalid;
  const codecs = assignPayloadTypes(local.codecs, local.telephoneEventPt);
  if (typeof codecs === 'string') return localFailure(codecs);
  const clockRate = codecs[0]?.clockRate ?? 8000;
  const telephoneEvent = local.telephoneEventPt === undefined ? undefined : { pt: local.telephoneEventPt, clockRate, events: SUPPORTED_EVENTS };
  const direction = local.direction ?? 'sendrecv';
  const rtcpMux = local.rtcpMux === true;
  const plan: AudioStreamPlan = {
    port: local.port,
    codecs,
    direction,
    rtcpMux,
    ...(telephoneEvent === undefined ? {} : { telephoneEvent }),
    ...(local.ptime === undefined ? {} : { ptime: local.ptime }),
  };
  const origin = localOrigin(local);
  const text = writeSessionDescription({
    origin,
    sessionName: '-',
    connection: { addressType: origin.addressType, address: local.address },
    timing: '0 0',
    media: [audioMedia(plan)],
  });
  const offer: SentOffer = {
    codecs,
    direction,
    rtcpMux,
    mediaCount: 1,
    ...(telephoneEvent === undefined ? {} : { telephoneEventPt: telephoneEvent.pt, telephoneEventClockRate: clockRate }),
  };
  return { type: 'ok', text, offer };
}

/** Gives each codec its payload type; a string names the problem. */
function assignPayloadTypes(locals: readonly LocalCodec[], telephoneEventPt: number | undefined): Codec[] | string {
  if (locals.length === 0) return 'no codec to offer';
  const invalid = checkLocalCodecs(locals);
  if (invalid !== undefined) return invalid;
  if (telephoneEventPt !== undefined && !isDynamic(telephoneEventPt)) return `telephone-event payload type ${telephoneEventPt} is not dynamic`;
  const taken = new Set<number>(telephoneEventPt === undefined ? [] : [telephoneEventPt]);
  for (const local of locals) {
    if (local.pt === undefined) continue;
    if (!Number.isInteger(local.pt) || local.pt < 0 || local.pt > LAST_PAYLOAD_TYPE || taken.has(local.pt)) return `payload type ${local.pt} is invalid or taken`;
    taken.add(local.pt);
  }
  const codecs: Codec[] = [];
  for (const local of locals) {
    const staticPt = staticPayloadTypeOf(local.name, local.clockRate, local.channels);
    const pt = local.pt ?? (staticPt !== undefined && !taken.has(staticPt) ? staticPt : nextFree(taken));
    if (pt === undefined) return 'no free dynamic payload type';
    taken.add(pt);
    codecs.push(toCodec(local, pt));
  }
  return codecs;
}

function isDynamic(pt: number): boolean {
  return Number.isInteger(pt) && pt >= FIRST_DYNAMIC_PAYLOAD_TYPE && pt <= LAST_PAYLOAD_TYPE;
}
