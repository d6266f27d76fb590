/**
 * SIP transactions (RFC 3261 §17 as corrected by RFC 6026): the four pure state machines, their
 * runner, the transaction layer the transports feed and the UA core drives, and the clock they
 * share.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-17
 * https://www.rfc-editor.org/rfc/rfc6026
 */
export { createSimulatedClock, createSystemClock } from './sip-clock.ts';
export type { SimulatedClock, SipClock, TimerHandle } from './sip-clock.ts';
export {
  DEFAULT_SIP_TIMER_CONFIG,
  initialTimerMs,
  resolveSipTimerConfig,
  T1_MS,
  T2_MS,
  T4_MS,
  TIMER_A_MS,
  TIMER_B_MS,
  TIMER_D_MS,
  TIMER_E_MS,
  TIMER_F_MS,
  TIMER_G_MS,
  TIMER_H_MS,
  TIMER_I_MS,
  TIMER_J_MS,
  TIMER_K_MS,
  TIMER_L_MS,
  TIMER_M_MS,
} from './timer-values.ts';
export type { SipTimerConfig, SipTimerConfigError, TimerName } from './timer-values.ts';
export {
  INVITE_CLIENT_ALLOWED,
  INVITE_SERVER_ALLOWED,
  NON_INVITE_CLIENT_ALLOWED,
  NON_INVITE_SERVER_ALLOWED,
  StateTransitionError,
} from './transaction-states.ts';
export type {
  InviteClientState,
  InviteServerState,
  NonInviteClientState,
  NonInviteServerState,
  TransactionState,
} from './transaction-states.ts';
export type {
  ArmedTimers,
  CommonTransactionEvent,
  RetransmittingSnapshotFields,
  TerminatedSnapshot,
  TimedSnapshotFields,
  TransactionEffect,
  TransactionEnv,
  TransactionKind,
  TransactionSnapshotBase,
  TransactionTransition,
} from './transaction-effects.ts';
export { encodeMessage } from './wire-bytes.ts';
export type { WireBytes } from './wire-bytes.ts';
export { startInviteClientTransaction, transitionInviteClient } from './invite-client-transaction.ts';
export type {
  InviteClientAccepted,
  InviteClientCompleted,
  InviteClientEvent,
  InviteClientSnapshot,
  InviteClientWaiting,
} from './invite-client-transaction.ts';
export { startNonInviteClientTransaction, transitionNonInviteClient } from './non-invite-client-transaction.ts';
export type {
  NonInviteClientCompleted,
  NonInviteClientEvent,
  NonInviteClientSnapshot,
  NonInviteClientWaiting,
} from './non-invite-client-transaction.ts';
export { startInviteServerTransaction, transitionInviteServer } from './invite-server-transaction.ts';
export type {
  InviteServerAbsorbing,
  InviteServerCompleted,
  InviteServerEvent,
  InviteServerProceeding,
  InviteServerSnapshot,
} from './invite-server-transaction.ts';
export { startNonInviteServerTransaction, transitionNonInviteServer } from './non-invite-server-transaction.ts';
export type {
  NonInviteServerAnswering,
  NonInviteServerCompleted,
  NonInviteServerEvent,
  NonInviteServerSnapshot,
} from './non-invite-server-transaction.ts';
export { buildAckForNon2xx } from './ack-request.ts';
export { branchOf, hasMagicCookie, MAGIC_COOKIE } from './transaction-keys.ts';
export { createBranch, createTag } from './branch.ts';
export type { RandomBytes } from './branch.ts';
export { sameIpAddress, stampTopVia } from './received-via.ts';
export type { StampedRequest } from './received-via.ts';
export { responseDestination } from './response-destination.ts';
export type { ResponseDestinationOptions } from './response-destination.ts';
export type { ClientTransaction, ClientTransactionDelegate } from './client-transaction.ts';
export type { ServerTransaction } from './server-transaction.ts';
export type { ServerTransactionFailure, TransactionUser } from './transaction-user.ts';
export { createTransactionLayer, DEFAULT_MAX_TRANSACTIONS } from './transaction-layer.ts';
export type {
  ReceiveOutcome,
  RespondResult,
  SendRequestErrorCode,
  SendRequestResult,
  TransactionLayer,
  TransactionLayerOptions,
} from './transaction-layer.ts';
export type { ActiveTransactionCounts, TransactionCounters } from './transaction-counters.ts';
export { TRANSACTION_DIAGNOSTICS_CHANNEL } from './transaction-diagnostics.ts';
export type { TransactionDiagnostic } from './transaction-diagnostics.ts';
