/**
 * Answers an offer for one anchored leg (RFC 3264 §6).
 *
 * @remarks "The answer MUST contain exactly the same number of "m=" lines as the offer", in the
 * same order; a stream we do not take is rejected by setting its port to zero
 * (https://www.rfc-editor.org/rfc/rfc3264#section-6). We take the first RTP/AVP audio stream with
 * a codec in common; every other stream (video, a second audio, SRTP) is rejected. Codecs follow
 * {@link orderAnswerCodecs}; joint codecs keep the offerer's payload type numbers (§6.1: "that same
 * payload type number SHOULD be used for that codec in the answer"), with an rtpmap for each, static
 * ones included (§6.1: MUST for dynamic types, SHOULD for static ones). The direction follows the
 * §6.1 table ({@link answerDirection}). The `t=` line copies the offer's (§6: "The "t=" line in the
 * answer MUST equal that of the offer"). With no usable audio stream the offer is refused with
 * 488 Not Acceptable Here (https://www.rfc-editor.org/rfc/rfc3261#section-21.4.26).
 */
import { orderAnswerCodecs } from './codec-preference.ts';
import { audioMedia, type AudioStreamPlan } from './audio-stream-plan.ts';
import { checkLocalCodecs, type CodecIdentity, type LocalCodec } from './local-codec.ts';
import { checkLocalEndpoint, localFailure, localOrigin, OUR_RTP_PROFILE, type LocalEndpoint } from './local-endpoint.ts';
import { pickTelephoneEvent } from './media-section.ts';
import { answerDirection } from './media-direction.ts';
import type { SdpFailure } from './sdp-errors.ts';
import { writeSessionDescription, type OutgoingMedia } from './session-description-writer.ts';
import type { Codec, MediaDescription, MediaDirection, MediaOffer, SessionDescription, TelephoneEvent } from './session-description.ts';
import { intersectEvents, SUPPORTED_EVENTS } from './telephone-event-ranges.ts';

/** Our side of the answer. */
export interface AnswerLocal extends LocalEndpoint {
  /** Our allow list, in our order of preference. */
  readonly supportedCodecs: readonly LocalCodec[];
  /** The codec to lead with when the offer has it (the other leg's, to avoid transcoding). */
  readonly preferredCodec?: CodecIdentity;
  /** The direction we want for ourselves; `sendonly` when we hold the peer. Default `sendrecv`. */
  readonly direction?: MediaDirection;
  /** Accept RFC 4733 events when offered. Default true. */
  readonly telephoneEvent?: boolean;
  /** Agree to RTP/RTCP multiplexing when offered (RFC 5761 §5.1.1). Default false. */
  readonly rtcpMux?: boolean;
  /** Answer with the chosen codec only, rather than every joint codec. Default false. */
  readonly singleCodec?: boolean;
  /** Also list our codecs the offer lacks (rule 3 of the Asterisk 13 order). Default false. */
  readonly includeUnofferedCodecs?: boolean;
}

/** What was agreed for the audio stream. */
export interface ChosenMedia {
  /** The codec to send with, under the offerer's payload type. */
  readonly codec: Codec;
  readonly telephoneEventPt?: number;
}

/** The outcome of {@link negotiateAnswer}. */
export type NegotiateAnswerResult =
  | {
      readonly type: 'ok';
      readonly answer: string;
      readonly chosen: ChosenMedia;
      /** Our direction, as written in the answer. */
      readonly direction: MediaDirection;
      /** The offerer's stream we took: where to send, and its hold state. */
      readonly remote: MediaOffer;
    }
  | { readonly type: 'rejected'; readonly status: 488; readonly reason: string }
  | SdpFailure;

interface Accepted {
  readonly index: number;
  readonly stream: MediaDescription;
  readonly plan: AudioStreamPlan;
  readonly chosen: ChosenMedia;
}

/** Answers `offer` on behalf of `local`. */
export function negotiateAnswer(offer: SessionDescription, local: AnswerLocal): NegotiateAnswerResult {
  const invalid = checkLocalEndpoint(local);
  if (invalid !== undefined) return invalid;
  const badCodec = checkLocalCodecs(local.supportedCodecs);
  if (badCodec !== undefined) return localFailure(badCodec);
  const accepted = acceptFirstAudioStream(offer.media, local);
  if (accepted === undefined) {
    const hasAudio = offer.media.some((media) => isNegotiable(media));
    return { type: 'rejected', status: 488, reason: hasAudio ? 'no codec in common' : 'no RTP/AVP audio stream offered' };
  }
  const origin = localOrigin(local);
  const media = offer.media.map((stream, index): OutgoingMedia => (index === accepted.index ? audioMedia(accepted.plan) : rejectedMedia(stream)));
  const answer = writeSessionDescription({
    origin,
    sessionName: '-',
    connection: { addressType: origin.addressType, address: local.address },
    timing: offer.timing,
    media,
  });
  return { type: 'ok', answer, chosen: accepted.chosen, direction: accepted.plan.direction, remote: accepted.stream };
}

function isNegotiable(media: MediaDescription): boolean {
  return media.kind === 'audio' && media.port !== 0 && media.protocol === OUR_RTP_PROFILE;
}

function acceptFirstAudioStream(streams: readonly MediaDescription[], local: AnswerLocal): Accepted | undefined {
  for (const [index, stream] of streams.entries()) {
    if (!isNegotiable(stream)) continue;
    const ordered = orderAnswerCodecs(stream.codecs, local.supportedCodecs, local.preferredCodec, stream.formats.map(Number));
    const [first] = ordered.joint;
    if (first === undefined) continue;
    const telephoneEvent = local.telephoneEvent === false ? undefined : answerTelephoneEvent(stream, first.clockRate);
    const codecs = local.singleCodec === true ? [first] : local.includeUnofferedCodecs === true ? [...ordered.joint, ...ordered.others] : ordered.joint;
    const plan: AudioStreamPlan = {
      port: local.port,
      codecs,
      direction: answerDirection(stream.direction, local.direction),
      rtcpMux: stream.rtcpMux && local.rtcpMux === true,
      ...(telephoneEvent === undefined ? {} : { telephoneEvent }),
      ...(local.ptime === undefined ? {} : { ptime: local.ptime }),
    };
    const chosen = { codec: first, ...(telephoneEvent === undefined ? {} : { telephoneEventPt: telephoneEvent.pt }) };
    return { index, stream, plan, chosen };
  }
  return undefined;
}

/**
 * The offered telephone-event at the codec's clock rate, with the events we both handle.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc4733#section-2.3: events use the clock of the audio
 * they accompany; one at another rate is useless with this codec.
 */
function answerTelephoneEvent(stream: MediaDescription, clockRate: number): TelephoneEvent | undefined {
  const offered = pickTelephoneEvent(stream.telephoneEvents, clockRate);
  if (offered === undefined || offered.clockRate !== clockRate) return undefined;
  const events = intersectEvents(offered.events, SUPPORTED_EVENTS);
  return events.length === 0 ? undefined : { ...offered, events };
}

/**
 * A refused stream: port zero, the offered formats echoed (an `m=` line needs at least one).
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3264#section-6
 */
function rejectedMedia(stream: MediaDescription): OutgoingMedia {
  return { kind: stream.kind, port: 0, protocol: stream.protocol, formats: stream.formats, attributes: [] };
}
