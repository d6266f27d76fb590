/**
 * Client transactions as the TU sees them, and the machine that picks INVITE or non-INVITE.
 *
 * @remarks "There are two types of client transaction state machines, depending on the method of
 * the request passed by the TU. ... There is no client transaction for ACK."
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.1
 */
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import type { SipTimerConfig } from './timer-values.ts';
import type { InviteClientState, NonInviteClientState } from './transaction-states.ts';
import type { TransactionEnv, TransactionTransition } from './transaction-effects.ts';
import {
  startInviteClientTransaction,
  transitionInviteClient,
  type InviteClientEvent,
  type InviteClientSnapshot,
} from './invite-client-transaction.ts';
import {
  startNonInviteClientTransaction,
  transitionNonInviteClient,
  type NonInviteClientSnapshot,
} from './non-invite-client-transaction.ts';

/** Either client machine's snapshot. */
export type ClientSnapshot = InviteClientSnapshot | NonInviteClientSnapshot;

/** The events both client machines take. */
export type ClientEvent = InviteClientEvent;

/** A running client transaction, as handed to the TU. */
export interface ClientTransaction {
  /** Stable id for logs: method, branch and a sequence number. */
  readonly id: string;
  readonly kind: ClientSnapshot['kind'];
  readonly request: SipRequest;
  readonly destination: SipEndpoint;
  /** The current state, read live. */
  readonly state: InviteClientState | NonInviteClientState;
}

/**
 * How a client transaction reports to its TU.
 *
 * @remarks Exactly one of `onFinal`, `onTimeout` and `onTransportError` is called, once; after an
 * INVITE's 2xx, `onAdditionalSuccess` receives the 2xx that follow (retransmissions and forks)
 * until Timer M. https://www.rfc-editor.org/rfc/rfc6026#section-8.4
 */
export interface ClientTransactionDelegate {
  onProvisional?(response: SipResponse): void;
  onFinal(response: SipResponse): void;
  onAdditionalSuccess?(response: SipResponse): void;
  /** Timer B or F fired: the TU treats it as a 408 (RFC 3261 §8.1.3.1). */
  onTimeout(): void;
  /** The request could not be sent: the TU treats it as a 503 (RFC 3261 §8.1.3.1). */
  onTransportError(): void;
}

/** Starts the machine that fits the request's method. */
export function startClientTransaction(
  request: SipRequest,
  options: { readonly reliable: boolean; readonly timerConfig: SipTimerConfig },
  env: TransactionEnv,
): TransactionTransition<ClientSnapshot> {
  return request.method === 'INVITE'
    ? startInviteClientTransaction(request, options, env)
    : startNonInviteClientTransaction(request, options, env);
}

/** One step of whichever client machine `snapshot` belongs to. */
export function transitionClient(
  snapshot: ClientSnapshot,
  event: ClientEvent,
  env: TransactionEnv,
): TransactionTransition<ClientSnapshot> {
  return snapshot.kind === 'invite-client'
    ? transitionInviteClient(snapshot, event, env)
    : transitionNonInviteClient(snapshot, event, env);
}
