/**
 * The non-INVITE client transaction as a pure machine (RFC 3261 §17.1.2).
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-17.1.2.2
 */
import type { SipRequest, SipResponse } from '../message/index.ts';
import { assertNever } from './assert-never.ts';
import { initialTimerMs, nextCappedIntervalMs, type SipTimerConfig } from './timer-values.ts';
import { assertTransition, NON_INVITE_CLIENT_ALLOWED as ALLOWED } from './transaction-states.ts';
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
  NonInviteClientCompleted,
  NonInviteClientSnapshot,
  NonInviteClientWaiting,
} from './non-invite-client-snapshot.ts';

export type {
  NonInviteClientCompleted,
  NonInviteClientSnapshot,
  NonInviteClientWaiting,
} from './non-invite-client-snapshot.ts';

/** Events the non-INVITE client transaction reacts to. */
export type NonInviteClientEvent =
  | { readonly type: 'response.received'; readonly response: SipResponse }
  | CommonTransactionEvent;

type Step = TransactionTransition<NonInviteClientSnapshot>;

/**
 * Creates the transaction in "trying" and sends the request.
 *
 * @remarks "When entering this state, the client transaction SHOULD set timer F to fire in 64*T1
 * seconds. The request MUST be passed to the transport layer for transmission. If an unreliable
 * transport is in use, the client transaction MUST set timer E to fire in T1 seconds."
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.1.2.2
 */
export function startNonInviteClientTransaction(
  request: SipRequest,
  options: { readonly reliable: boolean; readonly timerConfig: SipTimerConfig },
  env: TransactionEnv,
): Step {
  const timerEMs = initialTimerMs('E', options.timerConfig, options.reliable);
  const snapshot: NonInviteClientWaiting = {
    kind: 'non-invite-client',
    state: 'trying',
    request: encodeMessage(request),
    reliable: options.reliable,
    timerConfig: options.timerConfig,
    timers: NO_TIMERS,
    retransmitIntervalMs: timerEMs,
    transportErrorReported: false,
  };
  let step = arm(stay(snapshot), 'F', initialTimerMs('F', options.timerConfig, options.reliable), env);
  step = send(step, snapshot.request, false);
  return timerEMs > 0 ? arm(step, 'E', timerEMs, env) : step;
}

/** One step of the non-INVITE client transaction. */
export function transitionNonInviteClient(
  snapshot: NonInviteClientSnapshot,
  event: NonInviteClientEvent,
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

function beforeFinal(snapshot: NonInviteClientWaiting, event: NonInviteClientEvent, env: TransactionEnv): Step {
  switch (event.type) {
    case 'response.received':
      return onResponseBeforeFinal(snapshot, event.response, env);
    case 'sys.timer.fired':
      if (!isArmed(snapshot, event.name)) return ignore(snapshot, `stale timer ${event.name}`);
      if (event.name === 'E') return onTimerE(consumeTimer(stay(snapshot), 'E'), env);
      if (event.name === 'F') return onTimerF(consumeTimer(stay(snapshot), 'F'));
      return ignore(snapshot, `timer ${event.name} in ${snapshot.state}`);
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
 * Timer E: retransmit, backing off to T2.
 *
 * @remarks In "Trying": "If timer E fires while still in this state, the timer is reset, but this
 * time with a value of MIN(2*T1, T2). ... retransmissions occur with an exponentially increasing
 * interval that caps at T2." In "Proceeding": "If Timer E fires while in the "Proceeding" state,
 * the request MUST be passed to the transport layer for retransmission, and Timer E MUST be reset
 * with a value of T2 seconds." https://www.rfc-editor.org/rfc/rfc3261#section-17.1.2.2
 */
function onTimerE(step: TransactionTransition<NonInviteClientWaiting>, env: TransactionEnv): Step {
  const { snapshot } = step;
  const nextMs =
    snapshot.state === 'trying'
      ? nextCappedIntervalMs(snapshot.retransmitIntervalMs, snapshot.timerConfig)
      : snapshot.timerConfig.t2Ms;
  const resent = send(step, snapshot.request, true);
  return arm(update(resent, { retransmitIntervalMs: nextMs }), 'E', nextMs, env);
}

/**
 * Timer F: give up.
 *
 * @remarks "If Timer F fires while the client transaction is still in the "Trying" state, the
 * client transaction SHOULD inform the TU about the timeout, and then it SHOULD enter the
 * "Terminated" state." and "If timer F fires while in the "Proceeding" state, the TU MUST be
 * informed of a timeout, and the client transaction MUST transition to the terminated state."
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.1.2.2
 */
function onTimerF(step: TransactionTransition<NonInviteClientWaiting>): Step {
  return emit(terminate(step, ALLOWED), { type: 'tu.reportTimeout', timer: 'F' });
}

/**
 * A response in "trying" or "proceeding".
 *
 * @remarks "If a provisional response is received while in the "Trying" state, the response MUST
 * be passed to the TU, and then the client transaction SHOULD move to the "Proceeding" state. If a
 * final response (status codes 200-699) is received while in the "Trying" state, the response MUST
 * be passed to the TU, and the client transaction MUST transition to the "Completed" state."
 * "Once the client transaction enters the "Completed" state, it MUST set Timer K to fire in T4
 * seconds for unreliable transports, and zero seconds for reliable transports."
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.1.2.2
 */
function onResponseBeforeFinal(snapshot: NonInviteClientWaiting, response: SipResponse, env: TransactionEnv): Step {
  const status = response.status;
  if (status >= 100 && status <= 199) {
    const step = snapshot.state === 'trying' ? enter(stay(snapshot), 'proceeding', ALLOWED) : stay(snapshot);
    return emit(step, { type: 'tu.passProvisional', response });
  }
  if (status >= 200 && status <= 699) {
    const disarmed = disarm(stay(snapshot), 'E', 'F');
    const completed = { snapshot: toCompleted(disarmed.snapshot), effects: disarmed.effects };
    const timerKMs = initialTimerMs('K', snapshot.timerConfig, snapshot.reliable);
    return emit(armOrTerminate(completed, 'K', timerKMs, env, ALLOWED), { type: 'tu.passFinal', response });
  }
  return ignore(snapshot, `status ${String(status)} out of range`);
}

/** The "completed" snapshot: deadlines only. */
function toCompleted(snapshot: NonInviteClientWaiting): NonInviteClientCompleted {
  assertTransition(ALLOWED, snapshot.state, 'completed');
  return { kind: snapshot.kind, state: 'completed', timers: snapshot.timers, transportErrorReported: snapshot.transportErrorReported };
}

function inCompleted(snapshot: NonInviteClientCompleted, event: NonInviteClientEvent): Step {
  switch (event.type) {
    case 'response.received':
      // "The "Completed" state exists to buffer any additional response retransmissions that may
      // be received." https://www.rfc-editor.org/rfc/rfc3261#section-17.1.2.2
      return emit(stay(snapshot), { type: 'log.absorbed', detail: `${String(event.response.status)} retransmission` });
    case 'sys.timer.fired':
      // "If Timer K fires while in this state, the client transaction MUST transition to the
      // "Terminated" state." https://www.rfc-editor.org/rfc/rfc3261#section-17.1.2.2
      if (event.name === 'K' && isArmed(snapshot, 'K')) return terminate(consumeTimer(stay(snapshot), 'K'), ALLOWED);
      return ignore(snapshot, `timer ${event.name} in completed`);
    case 'transport.failed':
      return ignore(snapshot, 'late transport failure in completed');
    case 'tu.abandoned':
      return terminate(stay(snapshot), ALLOWED);
    default:
      return assertNever(event);
  }
}
