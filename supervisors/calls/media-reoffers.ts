/**
 * Re-offers on a call's legs: a party's re-INVITE answered on its leg, and our hold or resume
 * offers with their answers: the media port's side; the SDP work is in `media-plan.ts` and
 * `hold-reoffer.ts`.
 */
import { legOf, send, type CallMedia, type MediaCommandOptions } from './call-media.ts';
import { planHoldAnswer, planHoldReoffer } from './hold-reoffer.ts';
import { planReoffer } from './media-plan.ts';

/** The answer to a party's re-INVITE, or why its offer was refused (the old session stays). */
export type ReinviteAnswer =
  | { readonly type: 'answer'; readonly sdp: string }
  | { readonly type: 'rejected'; readonly status: 488 | 400 | 500; readonly reason: string };

/** What the re-offers need of the media port's options. */
export interface ReofferOptions extends MediaCommandOptions {
  /** The node's media address, written in every description. */
  readonly mediaAddress: string;
  readonly onReinviteAnswer: (callId: string, channelId: string, answer: ReinviteAnswer) => void;
  readonly onReoffer: (callId: string, channelId: string, offerSdp: string) => void;
}

/**
 * Answers a party's re-offer on its leg and re-points the leg.
 *
 * @remarks A refused re-offer leaves the session as it was: after a non-2xx final response to a
 * re-INVITE "the session parameters MUST remain unchanged, as if no re-INVITE had been issued"
 * (https://www.rfc-editor.org/rfc/rfc3261#section-14.1), so nothing is sent to the pool then.
 */
export async function answerReinvite(
  options: ReofferOptions,
  media: CallMedia,
  order: { readonly callId: string; readonly channelId: string; readonly party: 'caller' | 'callee'; readonly offerSdp: string },
): Promise<void> {
  const { callId, channelId, party } = order;
  const leg = legOf(party);
  const result = planReoffer({
    sessionId: media.sessionId,
    leg,
    offerText: order.offerSdp,
    mediaAddress: options.mediaAddress,
    port: media.ports[leg],
    origin: media.origins[leg],
    currentCodec: media.codecs[leg],
  });
  if (result.type !== 'ok') {
    const status = result.type === 'rejected' ? result.status : 500;
    options.logger.warn({ callId, channelId, party, status, reason: result.reason }, 're-INVITE offer refused');
    options.onReinviteAnswer(callId, channelId, { type: 'rejected', status, reason: result.reason });
    return;
  }
  media.origins[leg] = result.origin;
  if (await send(options, callId, result.update)) media.codecs[leg] = result.update.codec ?? media.codecs[leg];
  options.onReinviteAnswer(callId, channelId, { type: 'answer', sdp: result.answerSdp });
}

/** Offers the held (or resumed) party's leg its new direction, through `onReoffer`. */
export function reofferHold(options: ReofferOptions, media: CallMedia, order: { readonly callId: string; readonly channelId: string; readonly leg: 'A' | 'B'; readonly on: boolean }): void {
  const { leg } = order;
  const planned = planHoldReoffer({ on: order.on, mediaAddress: options.mediaAddress, port: media.ports[leg], origin: media.origins[leg], currentCodec: media.codecs[leg] });
  if (planned.type === 'error') {
    options.logger.error({ callId: order.callId, code: planned.code, reason: planned.reason }, 'hold offer cannot be written');
    return;
  }
  media.origins[leg] = planned.origin;
  media.reoffers[leg] = planned.sentOffer;
  options.onReoffer(order.callId, order.channelId, planned.offerSdp);
}

/** Re-points a leg at its party's answer to our hold or resume offer; an unusable answer is logged. */
export async function applyReofferAnswer(options: ReofferOptions, media: CallMedia, order: { readonly callId: string; readonly channelId: string; readonly leg: 'A' | 'B'; readonly answerSdp: string }): Promise<void> {
  const sentOffer = media.reoffers[order.leg];
  if (sentOffer === undefined) {
    options.logger.warn({ callId: order.callId, channelId: order.channelId }, 'an answer to no offer of ours');
    return;
  }
  const update = planHoldAnswer(media.sessionId, order.leg, sentOffer, order.answerSdp);
  if (update.type === 'error') {
    options.logger.warn({ callId: order.callId, channelId: order.channelId, code: update.code, reason: update.reason }, 'answer to the hold offer unusable');
    return;
  }
  if (await send(options, order.callId, update)) media.codecs[order.leg] = update.codec ?? media.codecs[order.leg];
}
