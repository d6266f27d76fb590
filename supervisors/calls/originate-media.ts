/**
 * Plans the media of an originated call: nobody has offered anything yet, so the node offers both
 * legs, leg A to the originating user's phone (rung first) and leg B to the destination.
 *
 * @remarks
 * Pure. The answer of the originating phone is read against the offer of leg A as the answer to a
 * re-offer is (`planHoldAnswer`), so the media port keeps that offer as leg A's latest. Both legs
 * start without a remote; telephone-event is set on a leg once its answer accepts it.
 */
import type { MediaSessionId } from '../../media-workers/index.ts';
import { sdp } from '../../transport/index.ts';
import { G711_PREFERENCE, g711CodecOf, OFFERED_TELEPHONE_EVENT_PT, type MediaPlan } from './media-plan.ts';

export interface OriginateMediaInput {
  readonly sessionId: MediaSessionId;
  readonly mediaAddress: string;
  readonly callerPort: number;
  readonly calleePort: number;
  readonly originSessionIds: { readonly caller: string; readonly callee: string };
}

/** A plan whose `callerAnswerSdp` is the node's offer to the originating phone, kept as `callerOffer`. */
export type OriginateMediaPlan = MediaPlan & { readonly callerOffer: sdp.SentOffer };

/** Offers both legs of an originated call. */
export function planOriginateMedia(input: OriginateMediaInput): OriginateMediaPlan | sdp.SdpFailure {
  const offerOn = (port: number, sessionId: string) => {
    const origin = sdp.createOriginState(sessionId);
    const offer = sdp.createOffer({ address: input.mediaAddress, port, sessionId: origin.sessionId, sessionVersion: origin.sessionVersion, codecs: G711_PREFERENCE, telephoneEventPt: OFFERED_TELEPHONE_EVENT_PT });
    return offer.type === 'error' ? offer : { type: 'ok' as const, offer: offer.offer, revised: sdp.reviseOrigin(origin, offer.text) };
  };
  const caller = offerOn(input.callerPort, input.originSessionIds.caller);
  if (caller.type === 'error') return caller;
  const callee = offerOn(input.calleePort, input.originSessionIds.callee);
  if (callee.type === 'error') return callee;
  const codec = g711CodecOf(G711_PREFERENCE[0] ?? { name: 'PCMA', clockRate: 8000 }) ?? 'PCMA';
  return {
    type: 'ok',
    callerAnswerSdp: caller.revised.text,
    calleeOfferSdp: callee.revised.text,
    sessionCreate: { type: 'session.create', sessionId: input.sessionId, legs: [{ rtpPort: input.callerPort, codec }, { rtpPort: input.calleePort, codec }] },
    calleeOffer: callee.offer,
    callerOffer: caller.offer,
    origins: { caller: caller.revised.state, callee: callee.revised.state },
  };
}
