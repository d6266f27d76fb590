/**
 * The consult leg of a transfer or relocate: a third leg (C) of the call's pool session, offered
 * to the new channel, relayed with the initiator during an attended transfer's consultation, and
 * put in the leaving party's slot when the handover completes.
 *
 * @remarks
 * The party that stays keeps its leg, so its phone is never re-INVITEd: its RTP address, SSRC and
 * sequence go on (the relay rebases the stream it sends when the source changes). The slot's state
 * the media port keeps for re-INVITEs (port, origin, codec) becomes the consult leg's.
 */
import type { MediaSessionId } from '../../media-workers/index.ts';
import { sdp } from '../../transport/index.ts';
import { legOf, send, type CallMedia, type MediaCommandOptions } from './call-media.ts';
import { G711_PREFERENCE, g711CodecOf, OFFERED_TELEPHONE_EVENT_PT, planCalleeAnswer } from './media-plan.ts';
import type { RtpPortAllocator } from './rtp-port-allocator.ts';

export interface ConsultOptions extends MediaCommandOptions {
  readonly allocator: RtpPortAllocator;
  readonly mediaAddress: string;
  readonly newOriginSessionId: () => string;
}

export type ConsultOpened = { readonly type: 'ok'; readonly sdp: string } | { readonly type: 'error'; readonly reason: string };

/** Allocates a port, offers it and adds leg C to the session; the port is freed again on failure. */
export async function openConsult(options: ConsultOptions, callId: string, media: CallMedia): Promise<ConsultOpened> {
  if (media.consult !== undefined) return { type: 'error', reason: 'a consult leg is already open' };
  const port = options.allocator.allocate();
  if (port === undefined) return { type: 'error', reason: 'no free RTP port' };
  const origin = sdp.createOriginState(options.newOriginSessionId());
  const offer = sdp.createOffer({ address: options.mediaAddress, port, sessionId: origin.sessionId, sessionVersion: origin.sessionVersion, codecs: G711_PREFERENCE, telephoneEventPt: OFFERED_TELEPHONE_EVENT_PT });
  if (offer.type === 'error') {
    options.allocator.release(port);
    return { type: 'error', reason: offer.reason };
  }
  const codec = g711CodecOf(offer.offer.codecs[0] ?? { name: '', clockRate: 0 }) ?? 'PCMA';
  const reply = await options.pool.request({ type: 'leg.add', sessionId: media.sessionId, leg: 'C', config: { rtpPort: port, codec } });
  if (reply.type === 'error') {
    options.allocator.release(port);
    options.logger.warn({ callId, code: reply.code, reason: reply.message }, 'consult leg not added');
    return { type: 'error', reason: reply.message };
  }
  const revised = sdp.reviseOrigin(origin, offer.text);
  media.consult = { port, offer: offer.offer, origin: revised.state, codec };
  return { type: 'ok', sdp: revised.text };
}

/** Relays leg C with a party's leg, or the parties with each other again. */
export async function bridgeConsult(options: MediaCommandOptions, callId: string, media: CallMedia, withParty: 'caller' | 'callee' | 'parties'): Promise<void> {
  if (media.consult === undefined && withParty !== 'parties') return;
  await send(options, callId, { type: 'session.bridge', sessionId: media.sessionId, legs: withParty === 'parties' ? ['A', 'B'] : [legOf(withParty), 'C'] });
}

/** Points leg C at the new channel's answer (or early media); an unusable answer is logged. */
export async function consultAnswered(options: MediaCommandOptions, callId: string, media: CallMedia, channelId: string, answerSdp: string): Promise<void> {
  const consult = media.consult;
  if (consult === undefined) return;
  const update = planCalleeAnswer(media.sessionId as MediaSessionId, consult.offer, answerSdp);
  if (update.type === 'error') {
    options.logger.warn({ callId, channelId, code: update.code, reason: update.reason }, 'answer on the consult leg unusable');
    return;
  }
  if (await send(options, callId, { ...update, leg: 'C' })) consult.codec = update.codec ?? consult.codec;
}

/** Leg C takes the slot of `into`; that slot's port is freed and its state becomes leg C's. */
export async function promoteConsult(options: ConsultOptions, callId: string, media: CallMedia, into: 'caller' | 'callee'): Promise<void> {
  const consult = media.consult;
  if (consult === undefined) return;
  const slot = legOf(into);
  const reply = await options.pool.request({ type: 'leg.promote', sessionId: media.sessionId, from: 'C', into: slot });
  if (reply.type === 'error') {
    options.logger.error({ callId, code: reply.code, reason: reply.message }, 'consult leg not promoted');
    return;
  }
  options.allocator.release(media.ports[slot]);
  media.ports[slot] = consult.port;
  media.origins[slot] = consult.origin;
  media.codecs[slot] = consult.codec;
  delete media.reoffers[slot];
  delete media.consult;
}

/** Removes leg C (the handover was cancelled or abandoned) and frees its port. */
export async function closeConsult(options: ConsultOptions, callId: string, media: CallMedia): Promise<void> {
  const consult = media.consult;
  if (consult === undefined) return;
  delete media.consult;
  try {
    await send(options, callId, { type: 'leg.remove', sessionId: media.sessionId, leg: 'C' });
  } finally {
    options.allocator.release(consult.port);
  }
}
