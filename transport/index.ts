/**
 * The transport layer: the SIP stack (message model, transactions, dialogs, digest authentication,
 * registrar) and the UDP, TCP and WebSocket transports. A leaf: it knows nothing of calls.
 */
export * from './errors.ts';
export * from './udp.ts';
export * from './tcp.ts';
export * from './ws.ts';
export * from './uws.ts';
export * from './sip-stack.ts';
export type { SipEndpoint, SipSender, SipTransportKind } from './sip/sip-endpoint.ts';
export type { IncomingRequest, RequestHandler } from './sip/ua-core/sip-core.ts';
export type {
  ExtraHeaders,
  InviteClientSession,
  InviteClientSessionState,
  InviteHandler,
  InviteServerSession,
  InviteServerSessionState,
  OfferAnswer,
  ResumedSession,
  ResumeResult,
  SessionSnapshot,
  InDialogSendOptions,
  InDialogSendResult,
  OutOfDialogErrorCode,
  OutOfDialogRequestOptions,
  OutOfDialogResult,
  SessionEndCause,
  SessionErrorCode,
  SessionEvent,
  SessionListener,
  SessionResult,
  SessionTimerPolicy,
  StartInviteOptions,
  StartInviteResult,
} from './sip/ua-core/index.ts';
export { answerOptions, type Capabilities } from './sip/ua-core/options-responder.ts';
export * as sipMessage from './sip/message/index.ts';
export { createUasDialog, type Dialog } from './sip/dialogs/index.ts';
export {
  createDigestAuthenticator,
  createAuthorizationHeader,
  type DigestAuthenticator,
  type DigestVerdict,
  type DigestAlgorithm,
} from './sip/auth/index.ts';
export {
  createRegistrar,
  createMemoryLocationStore,
  createRedisLocationStore,
  addressOfRecord,
  type Registrar,
  type ExpiryPolicy,
  type RegistrarEvent,
  type LocationStore,
  type Binding,
} from './sip/registrar/index.ts';
export * as sdp from './sip/sdp/index.ts';
export * as outbound from './sip/outbound/index.ts';
export { readSessionSnapshot, RESUMED_SEQUENCE_MARGIN } from './sip/ua-core/session-snapshot.ts';
