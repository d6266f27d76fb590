/**
 * Plans the anchored media of a call from SDP: the answer to the caller, the offer to the callee,
 * and the media pool commands that set up and re-point the session's two legs.
 *
 * @remarks
 * Pure: the composition root allocates the ports, picks the origin session ids and sends the
 * commands. Leg A faces the caller, leg B the callee; each leg negotiates its own offer/answer
 * (an anchoring B2BUA), and every description we write names the node's media address and the
 * leg's RTP port. The callee is offered the codec the caller agreed first, so that when the callee
 * takes it the relay forwards without transcoding.
 * https://www.rfc-editor.org/rfc/rfc3264
 */
import type { G711Codec, MediaCommand, MediaSessionId } from '../../media-workers/index.ts';
import { sdp } from '../../transport/index.ts';

/** The codecs we negotiate, in our order of preference (the media relay speaks G.711 only). */
export const G711_PREFERENCE: readonly sdp.LocalCodec[] = [
  { name: 'PCMA', clockRate: 8000 },
  { name: 'PCMU', clockRate: 8000 },
];

/**
 * The payload type we offer RFC 4733 telephone-event with towards the callee.
 *
 * @remarks Any dynamic type (96-127) will do; 101 is the one most phones and Asterisk use, which
 * keeps captures familiar. https://www.rfc-editor.org/rfc/rfc4733#section-7.1.1
 */
export const OFFERED_TELEPHONE_EVENT_PT = 101;

/** The `session.create` command of the media pool. */
export type SessionCreateCommand = Extract<MediaCommand, { type: 'session.create' }>;
/** The `session.update` command of the media pool. */
export type SessionUpdateCommand = Extract<MediaCommand, { type: 'session.update' }>;

/** What {@link planMedia} needs. */
export interface MediaPlanInput {
  readonly sessionId: MediaSessionId;
  /** The caller's INVITE body. */
  readonly callerOffer: string;
  /** The node's media address, an IP literal written in our `c=` lines. */
  readonly mediaAddress: string;
  /** Even RTP port of leg A (caller side). */
  readonly callerPort: number;
  /** Even RTP port of leg B (callee side). */
  readonly calleePort: number;
  /** The `o=` session ids (1-20 decimal digits) of leg A and leg B, fixed for the call. */
  readonly originSessionIds: { readonly caller: string; readonly callee: string };
}

/** The media of a call as planned, with the state the composition root keeps for later offers. */
export interface MediaPlan {
  readonly type: 'ok';
  readonly callerAnswerSdp: string;
  readonly calleeOfferSdp: string;
  readonly sessionCreate: SessionCreateCommand;
  /** Our offer to the callee, to read its answer with {@link planCalleeAnswer}. */
  readonly calleeOffer: sdp.SentOffer;
  /** The origin of each leg's descriptions, to version later ones (RFC 3264 §8). */
  readonly origins: { readonly caller: sdp.OriginState; readonly callee: sdp.OriginState };
}

/**
 * The caller's offer cannot be taken: 400 when it does not parse
 * (https://www.rfc-editor.org/rfc/rfc3261#section-21.4.1), 488 when nothing in it is usable
 * (https://www.rfc-editor.org/rfc/rfc3261#section-21.4.26).
 */
export interface MediaRejection {
  readonly type: 'rejected';
  readonly status: 488 | 400;
  readonly reason: string;
}

/** The outcome of {@link planMedia}; an `error` is our own bad parameters (a configuration bug). */
export type MediaPlanResult = MediaPlan | MediaRejection | sdp.SdpFailure;

/** The G.711 codec a negotiated codec is, if it is one. */
export function g711CodecOf(codec: sdp.CodecIdentity): G711Codec | undefined {
  if (codec.clockRate !== 8000 || (codec.channels ?? 1) !== 1) return undefined;
  const name = codec.name.toUpperCase();
  return name === 'PCMA' || name === 'PCMU' ? name : undefined;
}

/**
 * Where to send RTP to a peer's stream, or `undefined` when it names none.
 *
 * @remarks An RFC 2543 hold writes `c=0.0.0.0` ("::" in IPv6): nowhere to send until the peer
 * resumes, and symmetric RTP latching finds the peer anyway once it sends.
 * https://www.rfc-editor.org/rfc/rfc3264#section-8.4
 */
export function remoteOf(stream: sdp.MediaOffer): { readonly address: string; readonly port: number } | undefined {
  if (stream.address === '0.0.0.0' || stream.address === '::' || stream.port === 0) return undefined;
  return { address: stream.address, port: stream.port };
}

/** Our codecs with `codec` first, the rest in our order. */
function leadingWith(codec: G711Codec): sdp.LocalCodec[] {
  return [...G711_PREFERENCE.filter((local) => g711CodecOf(local) === codec), ...G711_PREFERENCE.filter((local) => g711CodecOf(local) !== codec)];
}

/**
 * Answers the caller's offer on leg A and offers leg B to the callee.
 *
 * @remarks
 * The answer takes the first RTP/AVP audio stream with a G.711 codec (PCMA, then PCMU, keeping the
 * caller's payload types, RFC 3264 §6.1) and the caller's telephone-event at 8000 Hz. Leg A of the
 * session sends to the caller's stream address; leg B has no remote until the callee answers, and
 * no telephone-event payload type either: the callee may not take it, and a `session.update` can
 * set a field but not clear it, while nothing is sent on leg B before the answer anyway.
 */
export function planMedia(input: MediaPlanInput): MediaPlanResult {
  const parsed = sdp.parseSessionDescription(input.callerOffer);
  if (parsed.type === 'error') return { type: 'rejected', status: 400, reason: parsed.reason };
  const callerOrigin = sdp.createOriginState(input.originSessionIds.caller);
  const answer = sdp.negotiateAnswer(parsed.description, {
    address: input.mediaAddress,
    port: input.callerPort,
    sessionId: callerOrigin.sessionId,
    sessionVersion: callerOrigin.sessionVersion,
    supportedCodecs: G711_PREFERENCE,
  });
  if (answer.type !== 'ok') return answer;
  const callerCodec = g711CodecOf(answer.chosen.codec);
  if (callerCodec === undefined) return { type: 'rejected', status: 488, reason: `codec ${answer.chosen.codec.name} cannot be relayed` };
  const calleeOrigin = sdp.createOriginState(input.originSessionIds.callee);
  const offer = sdp.createOffer({
    address: input.mediaAddress,
    port: input.calleePort,
    sessionId: calleeOrigin.sessionId,
    sessionVersion: calleeOrigin.sessionVersion,
    codecs: leadingWith(callerCodec),
    telephoneEventPt: OFFERED_TELEPHONE_EVENT_PT,
  });
  if (offer.type === 'error') return offer;
  const calleeCodec = g711CodecOf(offer.offer.codecs[0] ?? { name: '', clockRate: 0 }) ?? callerCodec;
  const remote = remoteOf(answer.remote);
  const sessionCreate: SessionCreateCommand = {
    type: 'session.create',
    sessionId: input.sessionId,
    legs: [
      {
        rtpPort: input.callerPort,
        codec: callerCodec,
        ...(remote === undefined ? {} : { remote }),
        // A caller without RFC 4733 sends its keys as tones: the worker listens for them (an IVR needs them).
        ...(answer.chosen.telephoneEventPt === undefined ? { inbandDtmf: true } : { telephoneEventPt: answer.chosen.telephoneEventPt }),
      },
      { rtpPort: input.calleePort, codec: calleeCodec },
    ],
  };
  const callerAnswer = sdp.reviseOrigin(callerOrigin, answer.answer);
  const calleeOffer = sdp.reviseOrigin(calleeOrigin, offer.text);
  return {
    type: 'ok',
    callerAnswerSdp: callerAnswer.text,
    calleeOfferSdp: calleeOffer.text,
    sessionCreate,
    calleeOffer: offer.offer,
    origins: { caller: callerAnswer.state, callee: calleeOffer.state },
  };
}

/**
 * The `session.update` of leg B once the callee answered our offer (in a 183 or the 200).
 *
 * @remarks The answer is checked against what we offered (`readAnswer`, RFC 3264 §6): a failure is
 * returned as a value, and the dialog that carried it should be ended (§6 leaves no other way).
 */
export function planCalleeAnswer(sessionId: MediaSessionId, sentOffer: sdp.SentOffer, answerText: string): SessionUpdateCommand | sdp.SdpFailure {
  const answer = sdp.readAnswer(sentOffer, answerText);
  if (answer.type === 'error') return answer;
  const codec = g711CodecOf(answer.chosen.codec);
  if (codec === undefined) return { type: 'error', code: 'PBX_ERR_SDP_NO_COMMON_CODEC', reason: `codec ${answer.chosen.codec.name} cannot be relayed` };
  const remote = remoteOf(answer.remote);
  return {
    type: 'session.update',
    sessionId,
    leg: 'B',
    codec,
    ...(remote === undefined ? {} : { remote }),
    ...(answer.chosen.telephoneEventPt === undefined ? { inbandDtmf: true } : { telephoneEventPt: answer.chosen.telephoneEventPt }),
  };
}

/** What {@link planReoffer} needs: the leg, its port and origin, and the peer's new offer. */
export interface ReofferInput {
  readonly sessionId: MediaSessionId;
  readonly leg: 'A' | 'B';
  readonly offerText: string;
  readonly mediaAddress: string;
  readonly port: number;
  /** The leg's origin so far: the answer gets the next version when it differs (RFC 3264 §8). */
  readonly origin: sdp.OriginState;
  /** The codec the leg uses now, kept first so a re-INVITE does not switch codecs needlessly. */
  readonly currentCodec?: G711Codec;
}

/** A re-offer answered: the answer to send, the leg's new origin and the leg's `session.update`. */
export interface ReofferAnswer {
  readonly type: 'ok';
  readonly answerSdp: string;
  readonly origin: sdp.OriginState;
  readonly update: SessionUpdateCommand;
}

/**
 * Answers a party's re-INVITE offer (hold, resume, new address) on its own leg.
 *
 * @remarks
 * "Nearly all aspects of the session can be modified" by a new offer
 * (https://www.rfc-editor.org/rfc/rfc3264#section-8); the leg is re-pointed at the stream the new
 * offer names, and the answer keeps our address, port and session id, with the version
 * incremented only when the description changed (§8: "the version number MUST be incremented").
 */
export function planReoffer(input: ReofferInput): ReofferAnswer | MediaRejection | sdp.SdpFailure {
  const parsed = sdp.parseSessionDescription(input.offerText);
  if (parsed.type === 'error') return { type: 'rejected', status: 400, reason: parsed.reason };
  const preferred = G711_PREFERENCE.find((codec) => g711CodecOf(codec) === input.currentCodec);
  const answer = sdp.negotiateAnswer(parsed.description, {
    address: input.mediaAddress,
    port: input.port,
    sessionId: input.origin.sessionId,
    sessionVersion: input.origin.sessionVersion,
    supportedCodecs: G711_PREFERENCE,
    ...(preferred === undefined ? {} : { preferredCodec: preferred }),
  });
  if (answer.type !== 'ok') return answer;
  const codec = g711CodecOf(answer.chosen.codec);
  if (codec === undefined) return { type: 'rejected', status: 488, reason: `codec ${answer.chosen.codec.name} cannot be relayed` };
  const remote = remoteOf(answer.remote);
  const revised = sdp.reviseOrigin(input.origin, answer.answer);
  return {
    type: 'ok',
    answerSdp: revised.text,
    origin: revised.state,
    update: {
      type: 'session.update',
      sessionId: input.sessionId,
      leg: input.leg,
      codec,
      ...(remote === undefined ? {} : { remote }),
      ...(answer.chosen.telephoneEventPt === undefined ? {} : { telephoneEventPt: answer.chosen.telephoneEventPt }),
    },
  };
}
