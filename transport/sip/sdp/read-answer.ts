/**
 * Reads the answer to an offer we sent on an outgoing leg (RFC 3264 §6, seen from the offerer).
 *
 * @remarks Checked: as many `m=` lines as offered (§6: "exactly the same number"), our audio stream
 * not refused with port 0, at least one format we offered (matched by codec, since the answerer
 * only SHOULD keep our payload type numbers, §6.1), and a direction the §6.1 table allows. The
 * answerer may list formats we never offered (§6.1 "MAY indicate other media formats"); they are
 * skipped. Each side's rtpmap tells what it expects to receive (§5.1), so we send with the
 * answerer's payload type numbers and receive with ours; they differ only when the answerer ignores
 * "that same payload type number SHOULD be used for that codec in the answer".
 * https://www.rfc-editor.org/rfc/rfc3264#section-6.1
 */
import type { SentOffer } from './create-offer.ts';
import { isSameCodec } from './local-codec.ts';
import { isAnswerDirectionAllowed, oppositeDirection } from './media-direction.ts';
import type { ChosenMedia } from './negotiate-answer.ts';
import { parseSessionDescription } from './parse-session-description.ts';
import { sdpFailure, type SdpFailure } from './sdp-errors.ts';
import type { Codec, MediaDescription, MediaDirection, SessionDescription } from './session-description.ts';

/** The outcome of {@link readAnswer}. */
export type ReadAnswerResult =
  | {
      readonly type: 'ok';
      /** The codec and telephone-event to send with, under the answerer's payload types. */
      readonly chosen: ChosenMedia;
      /** The payload type we receive that codec with (the one we offered). */
      readonly receivePt: number;
      /** What we may do now, from our side: the answer's direction reversed. */
      readonly direction: MediaDirection;
      readonly rtcpMux: boolean;
      /** The answerer's stream: where to send, its hold state. */
      readonly remote: MediaDescription;
      readonly description: SessionDescription;
    }
  | SdpFailure;

/** Reads `answerText` against `offerSent`. */
export function readAnswer(offerSent: SentOffer, answerText: string): ReadAnswerResult {
  const parsed = parseSessionDescription(answerText);
  if (parsed.type === 'error') return parsed;
  const { description } = parsed;
  const stream = description.media[0];
  if (description.media.length !== offerSent.mediaCount || stream === undefined || stream.kind !== 'audio' || stream.protocol !== 'RTP/AVP') {
    return sdpFailure('PBX_ERR_SDP_MEDIA_MISMATCH', `answer has ${description.media.length} m= lines or a non RTP/AVP audio first stream`);
  }
  if (stream.port === 0) return sdpFailure('PBX_ERR_SDP_STREAM_REJECTED', 'the answer refused the audio stream');
  const match = firstCommonCodec(stream.codecs, offerSent.codecs);
  if (match === undefined) return sdpFailure('PBX_ERR_SDP_NO_COMMON_CODEC', 'the answer has none of the offered codecs');
  if (!isAnswerDirectionAllowed(offerSent.direction, stream.direction)) {
    return sdpFailure('PBX_ERR_SDP_DIRECTION', `answer ${stream.direction} to an offer ${offerSent.direction}`);
  }
  const telephoneEventPt = answeredTelephoneEventPt(offerSent, stream, match.send.clockRate);
  return {
    type: 'ok',
    chosen: { codec: match.send, ...(telephoneEventPt === undefined ? {} : { telephoneEventPt }) },
    receivePt: match.receivePt,
    direction: oppositeDirection(stream.direction),
    rtcpMux: offerSent.rtcpMux && stream.rtcpMux,
    remote: stream,
    description,
  };
}

function firstCommonCodec(answered: readonly Codec[], offered: readonly Codec[]): { send: Codec; receivePt: number } | undefined {
  for (const codec of answered) {
    const ours = offered.find((candidate) => isSameCodec(candidate, codec));
    if (ours !== undefined) return { send: codec, receivePt: ours.pt };
  }
  return undefined;
}

function answeredTelephoneEventPt(offerSent: SentOffer, stream: MediaDescription, clockRate: number): number | undefined {
  if (offerSent.telephoneEventPt === undefined) return undefined;
  return stream.telephoneEvents.find((event) => event.clockRate === clockRate)?.pt;
}
