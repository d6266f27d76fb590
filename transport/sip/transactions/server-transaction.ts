/**
 * Server transactions as the TU sees them, and the machine that picks INVITE or non-INVITE.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-17.2
 */
import type { SipRequest } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import type { SipTimerConfig } from './timer-values.ts';
import type { InviteServerState, NonInviteServerState } from './transaction-states.ts';
import type { TransactionEnv, TransactionTransition } from './transaction-effects.ts';
import { ignore } from './transaction-transition.ts';
import {
  startInviteServerTransaction,
  transitionInviteServer,
  type InviteServerEvent,
  type InviteServerSnapshot,
} from './invite-server-transaction.ts';
import {
  startNonInviteServerTransaction,
  transitionNonInviteServer,
  type NonInviteServerSnapshot,
} from './non-invite-server-transaction.ts';

/** Either server machine's snapshot. */
export type ServerSnapshot = InviteServerSnapshot | NonInviteServerSnapshot;

/** The events both server machines take (a non-INVITE one ignores ACKs). */
export type ServerEvent = InviteServerEvent;

/** A running server transaction, as handed to the TU. */
export interface ServerTransaction {
  /** Stable id for logs: method, branch and a sequence number. */
  readonly id: string;
  readonly kind: ServerSnapshot['kind'];
  /** The request, its top Via completed with `received` and `rport` (RFC 3261 §18.2.1, RFC 3581). */
  readonly request: SipRequest;
  /** Where the request came from. */
  readonly source: SipEndpoint;
  /** Where responses go (RFC 3261 §18.2.2); the UA core re-sends 2xx there after Timer L. */
  readonly responseDestination: SipEndpoint;
  /**
   * The current state, read live.
   *
   * @remarks Readable for as long as the TU holds the handle, also after the layer let go of the
   * transaction's request (once answered) or of the whole transaction (once terminated).
   */
  readonly state: InviteServerState | NonInviteServerState;
}

/** Starts the machine that fits the request's method (never called for ACK). */
export function startServerTransaction(
  request: SipRequest,
  options: { readonly reliable: boolean; readonly timerConfig: SipTimerConfig },
): TransactionTransition<ServerSnapshot> {
  return request.method === 'INVITE' ? startInviteServerTransaction(options) : startNonInviteServerTransaction(options);
}

/** One step of whichever server machine `snapshot` belongs to. */
export function transitionServer(
  snapshot: ServerSnapshot,
  event: ServerEvent,
  env: TransactionEnv,
): TransactionTransition<ServerSnapshot> {
  if (snapshot.kind === 'invite-server') return transitionInviteServer(snapshot, event, env);
  if (event.type === 'ack.received') return ignore(snapshot, 'ACK matched a non-INVITE transaction');
  return transitionNonInviteServer(snapshot, event, env);
}
