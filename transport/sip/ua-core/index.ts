/**
 * The UA core: the transaction user that routes new requests to their handlers and INVITEs to
 * sessions, and the INVITE sessions (one per call leg) the call layer drives with plain commands.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-8
 * https://www.rfc-editor.org/rfc/rfc3261#section-13
 */
export { createSipCore } from './sip-core.ts';
export type { IncomingRequest, RequestHandler, SessionOptions, SipCore, SipCoreOptions } from './sip-core.ts';
export { answerOptions } from './options-responder.ts';
export type { Capabilities } from './options-responder.ts';
export { checkRequest } from './request-policy.ts';
export type { RequestVerdict } from './request-policy.ts';
export { InviteServerSession } from './invite-server-session.ts';
export type { InviteServerSessionState } from './invite-server-session.ts';
export { InviteClientSession } from './invite-client-session.ts';
export type { InviteClientSessionState, StartInviteOptions, StartInviteResult } from './invite-client-session.ts';
export type { OfferAnswer } from './dialog-receiver.ts';
export { buildOutOfDialogRequest, sendOutOfDialog } from './out-of-dialog-request.ts';
export { sendInDialog, type InDialogSendOptions, type InDialogSendResult } from './in-dialog-request.ts';
export type { OutOfDialogContext, OutOfDialogErrorCode, OutOfDialogFields, OutOfDialogRequestOptions, OutOfDialogResult } from './out-of-dialog-request.ts';
export { SESSION_METHODS, SUPPORTED_OPTION_TAGS } from './session-router.ts';
export type { InviteHandler } from './session-router.ts';
export { DEFAULT_SESSION_TIMER_POLICY } from './session-context.ts';
export type { SessionTimerPolicy } from './session-context.ts';
export type { ExtraHeaders, SessionEndCause, SessionErrorCode, SessionEvent, SessionListener, SessionResult } from './session-events.ts';
export { grantSessionTimer, parseMinSe, parseSessionExpires, readSessionTimerAnswer, timerDelayMs } from './session-timer.ts';
export type { NegotiatedTimer, SessionExpires, SessionTimerGrant } from './session-timer.ts';
export { ResumedSession, type ResumeResult } from './resumed-session.ts';
export { readSessionSnapshot, RESUMED_SEQUENCE_MARGIN, type SessionSnapshot, type SessionSnapshotRefusal } from './session-snapshot.ts';
