/**
 * SDP offer/answer for an anchoring B2BUA: each leg negotiates its own description, and every
 * description parley writes carries the address and RTP port of its media worker.
 *
 * @remarks Pure functions over plain data, no I/O. Parsing is our own rather than a generic SDP
 * library's, so that hostile input gives typed errors, session versions stay exact beyond 2^53 and
 * only what negotiation relies on is interpreted.
 * https://www.rfc-editor.org/rfc/rfc3264 https://www.rfc-editor.org/rfc/rfc8866
 */
export type {
  AddressType,
  Codec,
  EventRange,
  MediaDescription,
  MediaDirection,
  MediaOffer,
  Origin,
  RtcpAddress,
  SessionDescription,
  TelephoneEvent,
} from './session-description.ts';
export { MEDIA_DIRECTIONS } from './session-description.ts';
export { SDP_ERROR_CODES, MAX_SDP_BYTES, type SdpErrorCode, type SdpFailure } from './sdp-errors.ts';
export { parseSessionDescription, firstAudioStream, type ParseSessionDescriptionResult } from './parse-session-description.ts';
export type { LocalCodec, CodecIdentity } from './local-codec.ts';
export type { LocalEndpoint } from './local-endpoint.ts';
export { orderAnswerCodecs, type AnswerCodecs } from './codec-preference.ts';
export { answerDirection, isAnswerDirectionAllowed, oppositeDirection } from './media-direction.ts';
export { negotiateAnswer, type AnswerLocal, type ChosenMedia, type NegotiateAnswerResult } from './negotiate-answer.ts';
export { createOffer, type OfferLocal, type SentOffer, type CreateOfferResult } from './create-offer.ts';
export { readAnswer, type ReadAnswerResult } from './read-answer.ts';
export {
  createOriginState,
  reviseOrigin,
  incrementVersion,
  classifyRemoteRevision,
  type OriginState,
  type RevisedDescription,
  type RemoteRevision,
} from './origin-version.ts';
export { STATIC_AUDIO_PAYLOAD_TYPES } from './static-payload-types.ts';
