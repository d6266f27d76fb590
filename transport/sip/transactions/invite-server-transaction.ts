/**
 * The INVITE server transaction as a pure machine (RFC 3261 §17.2.1, RFC 6026 §7.1).
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-17.2.1
 */
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import { assertNever } from './assert-never.ts';
import { initialTimerMs, nextCappedIntervalMs, type SipTimerConfig } from './timer-values.ts';
import { assertTransition, INVITE_SERVER_ALLOWED as ALLOWED } from './transaction-states.ts';
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
  ignore,
  isArmed,
  NO_TIMERS,
  reject,
  reportTransportErrorOnce,
  send,
  stay,
  terminate,
  update,
} from './transaction-transition.ts';
import { encodeMessage, type WireBytes } from './wire-bytes.ts';
import type {
  InviteServerAbsorbing,
  InviteServerCompleted,
  InviteServerProceeding,
  InviteServerSnapshot,
} from './invite-server-snapshot.ts';

export type {
  InviteServerAbsorbing,
  InviteServerCompleted,
  InviteServerProceeding,
  InviteServerSnapshot,
} from './invite-server-snapshot.ts';

/** Events the INVITE server transaction reacts to. */
export type InviteServerEvent =
  | { readonly type: 'request.retransmitted' }
  | { readonly type: 'ack.received'; readonly request: SipRequest; readonly source: SipEndpoint }
  | { readonly type: 'tu.responded'; readonly response: SipResponse }
  | CommonTransactionEvent;

type Step = TransactionTransition<InviteServerSnapshot>;

/**
 * Creates the transaction in "proceeding".
 *
 * @remarks "When a server transaction is constructed for a request, it enters the "Proceeding"
 * state." The 100 (Trying) is sent by the layer as a TU response, so that it is also the response
 * re-sent for INVITE retransmissions. https://www.rfc-editor.org/rfc/rfc3261#section-17.2.1
 */
export function startInviteServerTransaction(options: {
  readonly reliable: boolean;
  readonly timerConfig: SipTimerConfig;
}): Step {
  return stay({
    kind: 'invite-server',
    state: 'proceeding',
    reliable: options.reliable,
    timerConfig: options.timerConfig,
    timers: NO_TIMERS,
    transportErrorReported: false,
  });
}

/** One step of the INVITE server transaction. */
export function transitionInviteServer(snapshot: InviteServerSnapshot, event: InviteServerEvent, env: TransactionEnv): Step {
  switch (snapshot.state) {
    case 'proceeding':
      return inProceeding(snapshot, event, env);
    case 'completed':
      return inCompleted(snapshot, event, env);
    case 'confirmed':
      return inConfirmed(snapshot, event);
    case 'accepted':
      return inAccepted(snapshot, event);
    case 'terminated':
      return ignore(snapshot, `${event.type} after termination`);
    default:
      return assertNever(snapshot);
  }
}

function inProceeding(snapshot: InviteServerProceeding, event: InviteServerEvent, env: TransactionEnv): Step {
  switch (event.type) {
    case 'request.retransmitted':
      // "If a request retransmission is received while in the "Proceeding" state, the most recent
      // provisional response that was received from the TU MUST be passed to the transport layer
      // for retransmission." https://www.rfc-editor.org/rfc/rfc3261#section-17.2.1
      return resend(snapshot, snapshot.lastProvisional, 'INVITE retransmission');
    case 'ack.received':
      return ignore(snapshot, 'ACK before any final response');
    case 'tu.responded':
      return onResponseFromTu(snapshot, event.response, env);
    case 'sys.timer.fired':
      return ignore(snapshot, `timer ${event.name} in proceeding`);
    case 'transport.failed':
      return reportTransportErrorOnce(snapshot);
    case 'tu.abandoned':
      return terminate(stay(snapshot), ALLOWED);
    default:
      return assertNever(event);
  }
}

/**
 * A response from the TU in "proceeding".
 *
 * @remarks 1xx: "So long as the server transaction is in the "Proceeding" state, each of these MUST
 * be passed to the transport layer for transmission. They are not sent reliably by the transaction
 * layer ... and do not cause a change in the state". 2xx: "the server transaction MUST pass this
 * response to the transport layer for transmission. It is not retransmitted by the server
 * transaction; retransmissions of 2xx responses are handled by the TU. The server transaction MUST
 * then transition to the "Accepted" state" (RFC 6026 §8.5), where "Timer L MUST be set to fire in
 * 64*T1" (§8.7). 300–699: "the response MUST be passed to the transport layer for transmission, and
 * the state machine MUST enter the "Completed" state. For unreliable transports, timer G is set to
 * fire in T1 seconds ... When the "Completed" state is entered, timer H MUST be set to fire in
 * 64*T1 seconds for all transports." https://www.rfc-editor.org/rfc/rfc3261#section-17.2.1
 */
function onResponseFromTu(snapshot: InviteServerProceeding, response: SipResponse, env: TransactionEnv): Step {
  const { status } = response;
  const config = snapshot.timerConfig;
  if (status >= 100 && status <= 199) {
    const bytes = encodeMessage(response);
    return update(send(stay(snapshot), bytes, false), { lastProvisional: bytes });
  }
  if (status >= 200 && status <= 299) {
    const accepted = send(stay(toAbsorbing(snapshot, 'accepted')), encodeMessage(response), false);
    return arm(accepted, 'L', initialTimerMs('L', config, snapshot.reliable), env);
  }
  if (status >= 300 && status <= 699) {
    const timerGMs = initialTimerMs('G', config, snapshot.reliable);
    const bytes = encodeMessage(response);
    let completed = send(stay(toCompleted(snapshot, bytes, timerGMs)), bytes, false);
    if (timerGMs > 0) completed = arm(completed, 'G', timerGMs, env);
    return arm(completed, 'H', initialTimerMs('H', config, snapshot.reliable), env);
  }
  return reject(snapshot, `status ${String(status)} out of range`);
}

/** The "completed" snapshot: what Timer G and H and the ACK need, nothing of the messages else. */
function toCompleted(snapshot: InviteServerProceeding, finalResponse: WireBytes, timerGMs: number): InviteServerCompleted {
  assertTransition(ALLOWED, snapshot.state, 'completed');
  const { kind, timers, transportErrorReported, reliable, timerConfig } = snapshot;
  return { kind, state: 'completed', timers, transportErrorReported, reliable, timerConfig, retransmitIntervalMs: timerGMs, finalResponse };
}

/** The "confirmed" or "accepted" snapshot: deadlines only. */
function toAbsorbing(
  snapshot: InviteServerProceeding | InviteServerCompleted,
  next: InviteServerAbsorbing['state'],
): InviteServerAbsorbing {
  assertTransition(ALLOWED, snapshot.state, next);
  return { kind: snapshot.kind, state: next, timers: snapshot.timers, transportErrorReported: snapshot.transportErrorReported };
}

function inCompleted(snapshot: InviteServerCompleted, event: InviteServerEvent, env: TransactionEnv): Step {
  switch (event.type) {
    case 'request.retransmitted':
      // "while in the "Completed" state, if a request retransmission is received, the server
      // SHOULD pass the response to the transport for retransmission."
      // https://www.rfc-editor.org/rfc/rfc3261#section-17.2.1
      return resend(snapshot, snapshot.finalResponse, 'INVITE retransmission');
    case 'ack.received':
      return onAckInCompleted(snapshot, env);
    case 'tu.responded':
      return reject(snapshot, `${String(event.response.status)} after the final response`);
    case 'sys.timer.fired':
      if (!isArmed(snapshot, event.name)) return ignore(snapshot, `stale timer ${event.name}`);
      if (event.name === 'G') return onTimerG(consumeTimer(stay(snapshot), 'G'), env);
      if (event.name === 'H') return onTimerH(consumeTimer(stay(snapshot), 'H'));
      return ignore(snapshot, `timer ${event.name} in completed`);
    case 'transport.failed':
      return reportTransportErrorOnce(snapshot);
    case 'tu.abandoned':
      return terminate(stay(snapshot), ALLOWED);
    default:
      return assertNever(event);
  }
}

/**
 * The ACK for the non-2xx final response.
 *
 * @remarks "If an ACK is received while the server transaction is in the "Completed" state, the
 * server transaction MUST transition to the "Confirmed" state. As Timer G is ignored in this
 * state, any retransmissions of the response will cease." "When this state is entered, timer I is
 * set to fire in T4 seconds for unreliable transports, and zero seconds for reliable transports."
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.2.1
 */
function onAckInCompleted(snapshot: InviteServerCompleted, env: TransactionEnv): Step {
  const disarmed = disarm(stay(snapshot), 'G', 'H');
  const confirmed: Step = { snapshot: toAbsorbing(disarmed.snapshot, 'confirmed'), effects: disarmed.effects };
  return armOrTerminate(confirmed, 'I', initialTimerMs('I', snapshot.timerConfig, snapshot.reliable), env, ALLOWED);
}

/**
 * Timer G: retransmit the final response, backing off to T2.
 *
 * @remarks "If timer G fires, the response is passed to the transport layer once more for
 * retransmission, and timer G is set to fire in MIN(2*T1, T2) seconds. From then on, when timer G
 * fires, the response is passed to the transport again for transmission, and timer G is reset with
 * a value that doubles, unless that value exceeds T2, in which case it is reset with the value of
 * T2." https://www.rfc-editor.org/rfc/rfc3261#section-17.2.1
 */
function onTimerG(step: TransactionTransition<InviteServerCompleted>, env: TransactionEnv): Step {
  const { snapshot } = step;
  const nextMs = nextCappedIntervalMs(snapshot.retransmitIntervalMs, snapshot.timerConfig);
  const resent = send(step, snapshot.finalResponse, true);
  return arm(update(resent, { retransmitIntervalMs: nextMs }), 'G', nextMs, env);
}

/**
 * Timer H: the ACK never came.
 *
 * @remarks "If timer H fires while in the "Completed" state, it implies that the ACK was never
 * received. In this case, the server transaction MUST transition to the "Terminated" state, and
 * MUST indicate to the TU that a transaction failure has occurred."
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.2.1
 */
function onTimerH(step: TransactionTransition<InviteServerCompleted>): Step {
  return emit(terminate(step, ALLOWED), { type: 'tu.reportTimeout', timer: 'H' });
}

function inConfirmed(snapshot: InviteServerAbsorbing, event: InviteServerEvent): Step {
  switch (event.type) {
    case 'request.retransmitted':
    case 'ack.received':
      // "The purpose of the "Confirmed" state is to absorb any additional ACK messages that
      // arrive, triggered from retransmissions of the final response."
      // https://www.rfc-editor.org/rfc/rfc3261#section-17.2.1
      return emit(stay(snapshot), { type: 'log.absorbed', detail: `${event.type} in confirmed` });
    case 'tu.responded':
      return reject(snapshot, `${String(event.response.status)} after the final response`);
    case 'sys.timer.fired':
      // "Once timer I fires, the server MUST transition to the "Terminated" state."
      // https://www.rfc-editor.org/rfc/rfc3261#section-17.2.1
      if (event.name === 'I' && isArmed(snapshot, 'I')) return terminate(consumeTimer(stay(snapshot), 'I'), ALLOWED);
      return ignore(snapshot, `timer ${event.name} in confirmed`);
    case 'transport.failed':
      return ignore(snapshot, 'late transport failure in confirmed');
    case 'tu.abandoned':
      return terminate(stay(snapshot), ALLOWED);
    default:
      return assertNever(event);
  }
}

function inAccepted(snapshot: InviteServerAbsorbing, event: InviteServerEvent): Step {
  switch (event.type) {
    case 'request.retransmitted':
      // "The server transaction MUST NOT generate 2xx retransmissions on its own. Any
      // retransmission of the INVITE received while in the "Accepted" state MUST be absorbed by
      // the transaction." https://www.rfc-editor.org/rfc/rfc6026#section-7.1
      return emit(stay(snapshot), { type: 'log.absorbed', detail: 'INVITE retransmission in accepted' });
    case 'ack.received':
      // Figure 7 of RFC 6026: in "Accepted", "ACK / to TU".
      return emit(stay(snapshot), { type: 'tu.passAck', request: event.request, source: event.source });
    case 'tu.responded':
      return onResponseInAccepted(snapshot, event.response);
    case 'sys.timer.fired':
      // "If Timer L fires while the state machine is in the "Accepted" state, the machine MUST
      // transition to the "Terminated" state." https://www.rfc-editor.org/rfc/rfc6026#section-7.1
      if (event.name === 'L' && isArmed(snapshot, 'L')) return terminate(consumeTimer(stay(snapshot), 'L'), ALLOWED);
      return ignore(snapshot, `timer ${event.name} in accepted`);
    case 'transport.failed':
      return reportTransportErrorOnce(snapshot);
    case 'tu.abandoned':
      return terminate(stay(snapshot), ALLOWED);
    default:
      return assertNever(event);
  }
}

/**
 * A response from the TU in "accepted".
 *
 * @remarks "Any retransmission of the 2xx response passed from the TU to the transaction while in
 * the "Accepted" state MUST be passed to the transport layer for transmission."
 * https://www.rfc-editor.org/rfc/rfc6026#section-7.1
 */
function onResponseInAccepted(snapshot: InviteServerAbsorbing, response: SipResponse): Step {
  if (response.status < 200 || response.status > 299) {
    return reject(snapshot, `${String(response.status)} after a 2xx`);
  }
  return send(stay(snapshot), encodeMessage(response), true);
}

function resend(snapshot: InviteServerSnapshot, response: WireBytes | undefined, detail: string): Step {
  const absorbed = emit(stay(snapshot), { type: 'log.absorbed', detail });
  return response === undefined ? absorbed : send(absorbed, response, true);
}
