/**
 * What moving a call to another node of a cluster changes, as data: which calls can move, the media
 * session re-created on the target's ports, and the re-INVITE offered to each party.
 *
 * @remarks
 * Pure. The target node carries the call on from its replica (as a takeover does, call-resume.ts)
 * but from ANOTHER address, so each party is told by a re-INVITE that is a target refresh (RFC 3261
 * §12.2.1.2: the target's Contact, added by the SIP stack) whose offer names the target's media
 * address and port; the leg's session id stays and its version goes up by one (RFC 3264 §8: "the
 * origin line MUST be the same as in the previous SDP, except that the version in the origin
 * field MUST increment by one"). https://www.rfc-editor.org/rfc/rfc3264#section-8
 */
import type { MediaSessionId, SessionSnapshot as MediaSessionSnapshot } from '../../media-workers/index.ts';
import type { sdp } from '../../transport/index.ts';
import type { CallMediaReplica } from './call-media.ts';
import { portability, type CallReplica, type ChannelReplica } from './call-replica.ts';
import { planHoldAnswer, planHoldReoffer } from './hold-reoffer.ts';
import type { SessionUpdateCommand } from './media-plan.ts';

/** Whether a call can move, or why not. */
export type Movability =
  | { readonly type: 'movable'; readonly legs: { readonly A: ChannelReplica; readonly B: ChannelReplica } }
  | { readonly type: 'not_movable'; readonly reason: string };

/**
 * Only an established two-party call over UDP moves: what a takeover carries on (`portability`),
 * with exactly its caller's and its callee's legs, both talking (a held leg would have to be
 * offered its hold again from the new address; left for later).
 */
export function movability(replica: CallReplica): Movability {
  const verdict = portability(replica);
  if (verdict.type === 'not_portable') return { type: 'not_movable', reason: verdict.reason };
  if (replica.channels.length !== 2) return { type: 'not_movable', reason: `the call has ${String(replica.channels.length)} legs, not two` };
  const callerChannel = replica.call.data.caller.channelId;
  const A = replica.channels.find((leg) => leg.channelId === callerChannel);
  const B = replica.channels.find((leg) => leg.channelId !== callerChannel);
  if (A === undefined || B === undefined) return { type: 'not_movable', reason: 'the caller\'s leg is not among the live legs' };
  const held = replica.channels.find((leg) => leg.actor.data.state !== 'answered');
  if (held !== undefined) return { type: 'not_movable', reason: `channel ${held.channelId} is ${held.actor.data.state}` };
  return { type: 'movable', legs: { A, B } };
}

/** The re-INVITE of one leg: the offer to send and what reading its answer needs. */
export interface LegMove {
  readonly leg: 'A' | 'B';
  readonly channelId: string;
  readonly offerSdp: string;
  readonly origin: sdp.OriginState;
  readonly sentOffer: sdp.SentOffer;
}

/** A call's move to new ports: the media session to restore, and each leg's re-INVITE (the caller's first). */
export interface MovePlan {
  readonly type: 'ok';
  readonly media: MediaSessionSnapshot;
  readonly legs: readonly [LegMove, LegMove];
}

/** Plans the move of a movable call to `ports` at `mediaAddress`; fails when an offer cannot be written. */
export function planMove(
  replica: CallReplica,
  legs: { readonly A: ChannelReplica; readonly B: ChannelReplica },
  ports: { readonly A: number; readonly B: number },
  mediaAddress: string,
): MovePlan | { readonly type: 'error'; readonly reason: string } {
  const media = replica.media;
  if (media?.session === undefined) return { type: 'error', reason: 'no media session snapshot' };
  const { state, session } = media;
  const moved: LegMove[] = [];
  for (const leg of ['A', 'B'] as const) {
    const offer = planHoldReoffer({ on: false, mediaAddress, port: ports[leg], origin: state.origins[leg], currentCodec: state.codecs[leg] });
    if (offer.type === 'error') return { type: 'error', reason: `offer of leg ${leg}: ${offer.reason}` };
    moved.push({ leg, channelId: legs[leg].channelId, offerSdp: offer.offerSdp, origin: offer.origin, sentOffer: offer.sentOffer });
  }
  const [legA, legB] = session.legs;
  return {
    type: 'ok',
    media: { ...session, legs: [{ ...legA, config: { ...legA.config, rtpPort: ports.A } }, { ...legB, config: { ...legB.config, rtpPort: ports.B } }] },
    legs: [moved[0] as LegMove, moved[1] as LegMove],
  };
}

/** How a party answered its leg's re-INVITE: the pool update to make, or why the leg did not move. */
export function readMoveAnswer(sessionId: MediaSessionId, move: LegMove, answerSdp: string | undefined): SessionUpdateCommand | { readonly type: 'error'; readonly reason: string } {
  if (answerSdp === undefined) return { type: 'error', reason: `leg ${move.leg} answered without SDP` };
  const update = planHoldAnswer(sessionId, move.leg, move.sentOffer, answerSdp);
  return update.type === 'error' ? { type: 'error', reason: `answer of leg ${move.leg}: ${update.reason}` } : update;
}

/** The call's media state once both legs moved: the new ports, origins and codecs. */
export function movedMediaState(state: CallMediaReplica, ports: { readonly A: number; readonly B: number }, plan: MovePlan, updates: readonly SessionUpdateCommand[]): CallMediaReplica {
  const codecOf = (leg: 'A' | 'B') => updates.find((update) => update.leg === leg)?.codec ?? state.codecs[leg];
  const originOf = (leg: 'A' | 'B') => plan.legs.find((move) => move.leg === leg)?.origin ?? state.origins[leg];
  return { ...state, ports: { ...ports }, origins: { A: originOf('A'), B: originOf('B') }, codecs: { A: codecOf('A'), B: codecOf('B') }, reoffers: {} };
}
