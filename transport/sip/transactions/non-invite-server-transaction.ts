/**
 * The non-INVITE server transaction as a pure machine (RFC 3261 §17.2.2).
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-17.2.2
 */
import type { SipResponse } from '../message/index.ts';
import { assertNever } from './assert-never.ts';
import { initialTimerMs, type SipTimerConfig } from './timer-values.ts';
import { assertTransition, NON_INVITE_SERVER_ALLOWED as ALLOWED } from './transaction-states.ts';
import type {
  CommonTransactionEvent,
  TransactionEnv,
  TransactionTransition,
} from './transaction-effects.ts';
import {
  armOrTerminate,
  consumeTimer,
  emit,
  enter,
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
  NonInviteServerAnswering,
  NonInviteServerCompleted,
  NonInviteServerSnapshot,
} from './non-invite-server-snapshot.ts';

export type {
  NonInviteServerAnswering,
  NonInviteServerCompleted,
  NonInviteServerSnapshot,
} from './non-invite-server-snapshot.ts';

/** Events the non-INVITE server transaction reacts to. */
export type NonInviteServerEvent =
  | { readonly type: 'request.retransmitted' }
  | { readonly type: 'tu.responded'; readonly response: SipResponse }
  | CommonTransactionEvent;

type Step = TransactionTransition<NonInviteServerSnapshot>;

/**
 * Creates the transaction in "trying".
 *
 * @remarks "The state machine is initialized in the "Trying" state and is passed a request other
 * than INVITE or ACK when initialized. This request is passed up to the TU."
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.2.2
 */
export function startNonInviteServerTransaction(
  options: { readonly reliable: boolean; readonly timerConfig: SipTimerConfig },
): Step {
  return stay({
    kind: 'non-invite-server',
    state: 'trying',
    reliable: options.reliable,
    timerConfig: options.timerConfig,
    timers: NO_TIMERS,
    transportErrorReported: false,
  });
}

/** One step of the non-INVITE server transaction. */
export function transitionNonInviteServer(
  snapshot: NonInviteServerSnapshot,
  event: NonInviteServerEvent,
  env: TransactionEnv,
): Step {
  switch (snapshot.state) {
    case 'trying':
    case 'proceeding':
      return beforeFinal(snapshot, event, env);
    case 'completed':
      return inCompleted(snapshot, event);
    case 'terminated':
      return ignore(snapshot, `${event.type} after termination`);
    default:
      return assertNever(snapshot);
  }
}

function beforeFinal(snapshot: NonInviteServerAnswering, event: NonInviteServerEvent, env: TransactionEnv): Step {
  switch (event.type) {
    case 'request.retransmitted':
      return onRetransmissionBeforeFinal(snapshot);
    case 'tu.responded':
      return onResponseFromTu(snapshot, event.response, env);
    case 'sys.timer.fired':
      return ignore(snapshot, `timer ${event.name} in ${snapshot.state}`);
    case 'transport.failed':
      return reportTransportErrorOnce(snapshot);
    case 'tu.abandoned':
      return terminate(stay(snapshot), ALLOWED);
    default:
      return assertNever(event);
  }
}

/**
 * A retransmission of the request before the final response.
 *
 * @remarks "Once in the "Trying" state, any further request retransmissions are discarded." and
 * "If a retransmission of the request is received while in the "Proceeding" state, the most
 * recently sent provisional response MUST be passed to the transport layer for retransmission."
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.2.2
 */
function onRetransmissionBeforeFinal(snapshot: NonInviteServerAnswering): Step {
  const absorbed = emit(stay(snapshot), { type: 'log.absorbed', detail: `retransmission in ${snapshot.state}` });
  if (snapshot.state === 'trying' || snapshot.lastProvisional === undefined) return absorbed;
  return send(absorbed, snapshot.lastProvisional, true);
}

/**
 * A response from the TU in "trying" or "proceeding".
 *
 * @remarks "While in the "Trying" state, if the TU passes a provisional response to the server
 * transaction, the server transaction MUST enter the "Proceeding" state. The response MUST be
 * passed to the transport layer for transmission." "If the TU passes a final response (status
 * codes 200-699) to the server while in the "Proceeding" state, the transaction MUST enter the
 * "Completed" state, and the response MUST be passed to the transport layer for transmission."
 * "When the server transaction enters the "Completed" state, it MUST set Timer J to fire in 64*T1
 * seconds for unreliable transports, and zero seconds for reliable transports."
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.2.2
 */
function onResponseFromTu(snapshot: NonInviteServerAnswering, response: SipResponse, env: TransactionEnv): Step {
  const { status } = response;
  if (status >= 100 && status <= 199) {
    const bytes = encodeMessage(response);
    const sent = update(send(stay(snapshot), bytes, false), { lastProvisional: bytes });
    return snapshot.state === 'trying' ? enter(sent, 'proceeding', ALLOWED) : sent;
  }
  if (status >= 200 && status <= 699) {
    const bytes = encodeMessage(response);
    const completed = send(stay(toCompleted(snapshot, bytes)), bytes, false);
    return armOrTerminate(completed, 'J', initialTimerMs('J', snapshot.timerConfig, snapshot.reliable), env, ALLOWED);
  }
  return reject(snapshot, `status ${String(status)} out of range`);
}

/** The "completed" snapshot: the final response's bytes and the error flag, nothing else. */
function toCompleted(snapshot: NonInviteServerAnswering, finalResponse: WireBytes): NonInviteServerCompleted {
  assertTransition(ALLOWED, snapshot.state, 'completed');
  const { kind, timers, transportErrorReported } = snapshot;
  return { kind, state: 'completed', timers, transportErrorReported, finalResponse };
}

function inCompleted(snapshot: NonInviteServerCompleted, event: NonInviteServerEvent): Step {
  switch (event.type) {
    case 'request.retransmitted': {
      // "While in the "Completed" state, the server transaction MUST pass the final response to
      // the transport layer for retransmission whenever a retransmission of the request is
      // received." https://www.rfc-editor.org/rfc/rfc3261#section-17.2.2
      const absorbed = emit(stay(snapshot), { type: 'log.absorbed', detail: 'retransmission in completed' });
      return send(absorbed, snapshot.finalResponse, true);
    }
    case 'tu.responded':
      // "Any other final responses passed by the TU to the server transaction MUST be discarded
      // while in the "Completed" state." https://www.rfc-editor.org/rfc/rfc3261#section-17.2.2
      return reject(snapshot, `${String(event.response.status)} after the final response`);
    case 'sys.timer.fired':
      // "The server transaction remains in this state until Timer J fires, at which point it MUST
      // transition to the "Terminated" state." https://www.rfc-editor.org/rfc/rfc3261#section-17.2.2
      if (event.name === 'J' && isArmed(snapshot, 'J')) return terminate(consumeTimer(stay(snapshot), 'J'), ALLOWED);
      return ignore(snapshot, `timer ${event.name} in completed`);
    case 'transport.failed':
      return reportTransportErrorOnce(snapshot);
    case 'tu.abandoned':
      return terminate(stay(snapshot), ALLOWED);
    default:
      return assertNever(event);
  }
}
