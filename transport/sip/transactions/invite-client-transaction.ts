/**
 * The INVITE client transaction as a pure machine (RFC 3261 §17.1.1, RFC 6026 §8.4).
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1.2
 */
import type { SipRequest, SipResponse } from '../message/index.ts';
import { assertNever } from './assert-never.ts';
import { buildAckForNon2xx } from './ack-request.ts';
import { initialTimerMs, type SipTimerConfig } from './timer-values.ts';
import { assertTransition, INVITE_CLIENT_ALLOWED as ALLOWED } from './transaction-states.ts';
import type {
  CommonTransactionEvent,
  TransactionEnv,
  TransactionTransition,
} from './transaction-effects.ts';
import {
  arm,
  armOrTerminate,
  consumeTimer,
  disarm,
  emit,
  enter,
  ignore,
  isArmed,
  NO_TIMERS,
  send,
  stay,
  terminate,
  update,
} from './transaction-transition.ts';
import { encodeMessage } from './wire-bytes.ts';
import type {
  InviteClientAccepted,
  InviteClientCompleted,
  InviteClientSnapshot,
  InviteClientWaiting,
} from './invite-client-snapshot.ts';

export type {
  InviteClientAccepted,
  InviteClientCompleted,
  InviteClientSnapshot,
  InviteClientWaiting,
} from './invite-client-snapshot.ts';

/** Events the INVITE client transaction reacts to. */
export type InviteClientEvent =
  | { readonly type: 'response.received'; readonly response: SipResponse }
  | CommonTransactionEvent;

type Step = TransactionTransition<InviteClientSnapshot>;

/**
 * Creates the transaction in "calling" and sends the INVITE.
 *
 * @remarks "The client transaction MUST pass the request to the transport layer for transmission.
 * If an unreliable transport is being used, the client transaction MUST start timer A with a value
 * of T1. If a reliable transport is being used, the client transaction SHOULD NOT start timer A
 * ... For any transport, the client transaction MUST start timer B with a value of 64*T1 seconds."
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1.2
 */
export function startInviteClientTransaction(
  request: SipRequest,
  options: { readonly reliable: boolean; readonly timerConfig: SipTimerConfig },
  env: TransactionEnv,
): Step {
  const timerAMs = initialTimerMs('A', options.timerConfig, options.reliable);
  const snapshot: InviteClientWaiting = {
    kind: 'invite-client',
    state: 'calling',
    request,
    requestBytes: encodeMessage(request),
    reliable: options.reliable,
    timerConfig: options.timerConfig,
    timers: NO_TIMERS,
    retransmitIntervalMs: timerAMs,
    transportErrorReported: false,
  };
  let step = send(stay(snapshot), snapshot.requestBytes, false);
  if (timerAMs > 0) step = arm(step, 'A', timerAMs, env);
  return arm(step, 'B', initialTimerMs('B', options.timerConfig, options.reliable), env);
}

/** One step of the INVITE client transaction. */
export function transitionInviteClient(snapshot: InviteClientSnapshot, event: InviteClientEvent, env: TransactionEnv): Step {
  switch (snapshot.state) {
    case 'calling':
      return inCalling(snapshot, event, env);
    case 'proceeding':
      return inProceeding(snapshot, event, env);
    case 'completed':
      return inCompleted(snapshot, event);
    case 'accepted':
      return inAccepted(snapshot, event);
    case 'terminated':
      return ignore(snapshot, `${event.type} after termination`);
    default:
      return assertNever(snapshot);
  }
}

function inCalling(snapshot: InviteClientWaiting, event: InviteClientEvent, env: TransactionEnv): Step {
  switch (event.type) {
    case 'response.received':
      return onResponseBeforeFinal(snapshot, event.response, env);
    case 'sys.timer.fired':
      if (!isArmed(snapshot, event.name)) return ignore(snapshot, `stale timer ${event.name}`);
      if (event.name === 'A') return onTimerA(consumeTimer(stay(snapshot), 'A'), env);
      if (event.name === 'B') return onTimerB(consumeTimer(stay(snapshot), 'B'));
      return ignore(snapshot, `timer ${event.name} in calling`);
    case 'transport.failed':
      // "The client transaction SHOULD inform the TU that a transport failure has occurred, and
      // the client transaction SHOULD transition directly to the "Terminated" state."
      // https://www.rfc-editor.org/rfc/rfc3261#section-17.1.4
      return emit(terminate(stay(snapshot), ALLOWED), { type: 'tu.reportTransportError' });
    case 'tu.abandoned':
      return terminate(stay(snapshot), ALLOWED);
    default:
      return assertNever(event);
  }
}

/**
 * Timer A: retransmit and double.
 *
 * @remarks "When timer A fires, the client transaction MUST retransmit the request by passing it
 * to the transport layer, and MUST reset the timer with a value of 2*T1. ... This process MUST
 * continue so that the request is retransmitted with intervals that double after each
 * transmission." https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1.2
 */
function onTimerA(step: TransactionTransition<InviteClientWaiting>, env: TransactionEnv): Step {
  const nextMs = 2 * step.snapshot.retransmitIntervalMs;
  const resent = send(step, step.snapshot.requestBytes, true);
  return arm(update(resent, { retransmitIntervalMs: nextMs }), 'A', nextMs, env);
}

/**
 * Timer B: give up.
 *
 * @remarks "If the client transaction is still in the "Calling" state when timer B fires, the
 * client transaction SHOULD inform the TU that a timeout has occurred. The client transaction
 * MUST NOT generate an ACK." https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1.2
 */
function onTimerB(step: TransactionTransition<InviteClientWaiting>): Step {
  return emit(terminate(step, ALLOWED), { type: 'tu.reportTimeout', timer: 'B' });
}

function inProceeding(snapshot: InviteClientWaiting, event: InviteClientEvent, env: TransactionEnv): Step {
  switch (event.type) {
    case 'response.received':
      return onResponseBeforeFinal(snapshot, event.response, env);
    case 'sys.timer.fired':
      return ignore(snapshot, `timer ${event.name} in proceeding`);
    case 'transport.failed':
      // Nothing is sent in "Proceeding"; a late failure of an earlier retransmission says
      // nothing about a request the server already answered.
      return ignore(snapshot, 'late transport failure in proceeding');
    case 'tu.abandoned':
      return terminate(stay(snapshot), ALLOWED);
    default:
      return assertNever(event);
  }
}

function onResponseBeforeFinal(snapshot: InviteClientWaiting, response: SipResponse, env: TransactionEnv): Step {
  const status = response.status;
  if (status >= 100 && status <= 199) return onProvisional(snapshot, response);
  if (status >= 200 && status <= 299) return onSuccess(snapshot, response, env);
  if (status >= 300 && status <= 699) return onFailure(snapshot, response, env);
  return ignore(snapshot, `status ${String(status)} out of range`);
}

/**
 * A 1xx in "calling" or "proceeding".
 *
 * @remarks "If the client transaction receives a provisional response while in the "Calling"
 * state, it transitions to the "Proceeding" state. In the "Proceeding" state, the client
 * transaction SHOULD NOT retransmit the request any longer. Furthermore, the provisional response
 * MUST be passed to the TU. Any further provisional responses MUST be passed up to the TU while in
 * the "Proceeding" state." Timer B only acts in "Calling", so it is disarmed with A.
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1.2
 */
function onProvisional(snapshot: InviteClientWaiting, response: SipResponse): Step {
  let step = stay(snapshot);
  if (snapshot.state === 'calling') step = enter(disarm(step, 'A', 'B'), 'proceeding', ALLOWED);
  return emit(step, { type: 'tu.passProvisional', response });
}

/**
 * A 2xx in "calling" or "proceeding".
 *
 * @remarks "When a 2xx response is received while in either the "Calling" or "Proceeding" states,
 * the client transaction MUST transition to the "Accepted" state, and Timer M MUST be started with
 * a value of 64*T1. The 2xx response MUST be passed up to the TU. The client transaction MUST NOT
 * generate an ACK to the 2xx response -- its handling is delegated to the TU."
 * https://www.rfc-editor.org/rfc/rfc6026#section-8.4
 */
function onSuccess(snapshot: InviteClientWaiting, response: SipResponse, env: TransactionEnv): Step {
  const disarmed = disarm(stay(snapshot), 'A', 'B');
  assertTransition(ALLOWED, snapshot.state, 'accepted');
  const { kind, timers, transportErrorReported } = disarmed.snapshot;
  const next: InviteClientAccepted = { kind, state: 'accepted', timers, transportErrorReported };
  const accepted = { snapshot: next, effects: disarmed.effects };
  const timerMMs = initialTimerMs('M', snapshot.timerConfig, snapshot.reliable);
  return emit(arm(accepted, 'M', timerMMs, env), { type: 'tu.passFinal', response });
}

/**
 * A 300–699 in "calling" or "proceeding".
 *
 * @remarks "reception of a response with status code from 300-699 MUST cause the client
 * transaction to transition to "Completed". The client transaction MUST pass the received response
 * up to the TU, and the client transaction MUST generate an ACK request, even if the transport is
 * reliable ... The client transaction SHOULD start timer D when it enters the "Completed" state,
 * with a value of at least 32 seconds for unreliable transports, and a value of zero seconds for
 * reliable transports." https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1.2
 */
function onFailure(snapshot: InviteClientWaiting, response: SipResponse, env: TransactionEnv): Step {
  const ack = encodeMessage(buildAckForNon2xx(snapshot.request, response));
  const disarmed = disarm(stay(snapshot), 'A', 'B');
  assertTransition(ALLOWED, snapshot.state, 'completed');
  const { kind, timers, transportErrorReported } = disarmed.snapshot;
  const next: InviteClientCompleted = { kind, state: 'completed', timers, transportErrorReported, ack };
  const acked = send({ snapshot: next, effects: disarmed.effects }, ack, false);
  const timerDMs = initialTimerMs('D', snapshot.timerConfig, snapshot.reliable);
  return emit(armOrTerminate(acked, 'D', timerDMs, env, ALLOWED), { type: 'tu.passFinal', response });
}

function inCompleted(snapshot: InviteClientCompleted, event: InviteClientEvent): Step {
  switch (event.type) {
    case 'response.received':
      return onResponseInCompleted(snapshot, event.response);
    case 'sys.timer.fired':
      // "If timer D fires while the client transaction is in the "Completed" state, the client
      // transaction MUST move to the terminated state."
      // https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1.2
      if (event.name === 'D' && isArmed(snapshot, 'D')) return terminate(consumeTimer(stay(snapshot), 'D'), ALLOWED);
      return ignore(snapshot, `timer ${event.name} in completed`);
    case 'transport.failed':
      // Figure 5 ends "Completed" on a transport error. The TU already holds the final response,
      // its one outcome, so the failure of the ACK is only logged.
      // https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1.2
      return emit(terminate(stay(snapshot), ALLOWED), { type: 'log.ignored', reason: 'ACK could not be sent' });
    case 'tu.abandoned':
      return terminate(stay(snapshot), ALLOWED);
    default:
      return assertNever(event);
  }
}

/**
 * A response in "completed".
 *
 * @remarks "Any retransmissions of the final response that are received while in the "Completed"
 * state MUST cause the ACK to be re-passed to the transport layer for retransmission, but the
 * newly received response MUST NOT be passed up to the TU."
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1.2
 */
function onResponseInCompleted(snapshot: InviteClientCompleted, response: SipResponse): Step {
  if (response.status < 300) {
    return ignore(snapshot, `${String(response.status)} after a non-2xx final response`);
  }
  const resent = send(stay(snapshot), snapshot.ack, true);
  return emit(resent, { type: 'log.absorbed', detail: `${String(response.status)} retransmission` });
}

function inAccepted(snapshot: InviteClientAccepted, event: InviteClientEvent): Step {
  switch (event.type) {
    case 'response.received':
      return onResponseInAccepted(snapshot, event.response);
    case 'sys.timer.fired':
      // "If Timer M fires while the client transaction is in the "Accepted" state, the client
      // transaction MUST move to the "Terminated" state."
      // https://www.rfc-editor.org/rfc/rfc6026#section-8.4
      if (event.name === 'M' && isArmed(snapshot, 'M')) return terminate(consumeTimer(stay(snapshot), 'M'), ALLOWED);
      return ignore(snapshot, `timer ${event.name} in accepted`);
    case 'transport.failed':
      return ignore(snapshot, 'late transport failure in accepted');
    case 'tu.abandoned':
      return terminate(stay(snapshot), ALLOWED);
    default:
      return assertNever(event);
  }
}

/**
 * A response in "accepted".
 *
 * @remarks "Any 2xx responses that match this client transaction and that are received while in
 * the "Accepted" state MUST be passed up to the TU. The client transaction MUST NOT generate an ACK
 * to the 2xx response." They are retransmissions of the first 2xx or 2xx from other branches of
 * a forked INVITE; the TU tells them apart by their To tag. Anything else is absorbed.
 * https://www.rfc-editor.org/rfc/rfc6026#section-8.4
 */
function onResponseInAccepted(snapshot: InviteClientAccepted, response: SipResponse): Step {
  if (response.status >= 200 && response.status <= 299) {
    return emit(stay(snapshot), { type: 'tu.passAdditionalSuccess', response });
  }
  return ignore(snapshot, `${String(response.status)} after a 2xx`);
}
