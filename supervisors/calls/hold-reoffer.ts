/**
 * The re-INVITE that tells a party it is held (or resumed), and the reading of its answer.
 *
 * @remarks
 * Pure. When one party holds, the node answers it on its own leg and plays music on hold towards
 * the other party (docs/decisions.md D-024). That other party is told by a re-INVITE on its
 * leg: `a=sendonly` while it hears music on hold (the node only sends to it, RFC 3264 §8.4: "If the
 * stream to be placed on hold was previously a sendrecv media stream, it is placed on hold by
 * marking it sendonly"), then `a=sendrecv` on resume. The offer keeps the leg's address, port and
 * session id, with the current codec first, and the version incremented (§8).
 * https://www.rfc-editor.org/rfc/rfc3264#section-8.4
 */
import type { G711Codec, MediaSessionId } from '../../media-workers/index.ts';
import { sdp } from '../../transport/index.ts';
import { G711_PREFERENCE, OFFERED_TELEPHONE_EVENT_PT, g711CodecOf, planCalleeAnswer, type SessionUpdateCommand } from './media-plan.ts';

/** What {@link planHoldReoffer} needs: the held party's leg as it is now. */
export interface HoldReofferInput {
  /** True to hold (music on hold starts), false to resume. */
  readonly on: boolean;
  readonly mediaAddress: string;
  readonly port: number;
  readonly origin: sdp.OriginState;
  readonly currentCodec: G711Codec;
}

/** The offer to send, the leg's new origin, and what was offered (to read the answer). */
export interface HoldReoffer {
  readonly type: 'ok';
  readonly offerSdp: string;
  readonly origin: sdp.OriginState;
  readonly sentOffer: sdp.SentOffer;
}

/** Writes the hold (`sendonly`) or resume (`sendrecv`) offer for a leg. */
export function planHoldReoffer(input: HoldReofferInput): HoldReoffer | sdp.SdpFailure {
  const codecs = [...G711_PREFERENCE.filter((codec) => g711CodecOf(codec) === input.currentCodec), ...G711_PREFERENCE.filter((codec) => g711CodecOf(codec) !== input.currentCodec)];
  const offer = sdp.createOffer({
    address: input.mediaAddress,
    port: input.port,
    sessionId: input.origin.sessionId,
    sessionVersion: input.origin.sessionVersion,
    codecs,
    telephoneEventPt: OFFERED_TELEPHONE_EVENT_PT,
    direction: input.on ? 'sendonly' : 'sendrecv',
  });
  if (offer.type === 'error') return offer;
  const revised = sdp.reviseOrigin(input.origin, offer.text);
  return { type: 'ok', offerSdp: revised.text, origin: revised.state, sentOffer: offer.offer };
}

/**
 * The `session.update` of a leg once its party answered our hold or resume offer.
 *
 * @remarks The answer is checked against the offer (`readAnswer`, RFC 3264 §6); an unusable one
 * is returned as a failure and the leg stays as it was.
 */
export function planHoldAnswer(sessionId: MediaSessionId, leg: 'A' | 'B', sentOffer: sdp.SentOffer, answerText: string): SessionUpdateCommand | sdp.SdpFailure {
  const update = planCalleeAnswer(sessionId, sentOffer, answerText);
  return update.type === 'error' ? update : { ...update, leg };
}
