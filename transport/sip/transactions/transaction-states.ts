/**
 * The states of the four transaction machines and the transitions each one allows.
 *
 * @remarks
 * RFC 3261 §17 as corrected by RFC 6026, which adds the "Accepted" state to both INVITE machines so
 * that retransmissions of an accepted INVITE and of its 2xx are not mistaken for new messages.
 * https://www.rfc-editor.org/rfc/rfc3261#section-17
 * https://www.rfc-editor.org/rfc/rfc6026#section-7
 */

/**
 * INVITE client transaction (RFC 3261 Figure 5, RFC 6026 §8.4).
 *
 * ```
 *                       INVITE sent; arm A (UDP) and B
 *                                    |
 *  Timer A: resend, double A    +---------+   Timer B or transport error: inform TU
 *                               | calling |--------------------------------------+
 *                               +---------+                                      |
 *                        1xx: to TU |    \ 2xx: to TU, or 300-699: ACK, to TU    |
 *                                   v     \                                      |
 *  1xx: to TU              +------------+  \                                     |
 *                          | proceeding |---+                                    |
 *                          +------------+   |                                    |
 *                        2xx: to TU  |      | 300-699: ACK, to TU                |
 *                                    v      v                                    |
 *  2xx: to TU as additional  +----------+ +-----------+  300-699: resend ACK     |
 *                            | accepted | | completed |                          |
 *                            +----------+ +-----------+                          |
 *                          Timer M |          | Timer D                          |
 *                                  v          v                                  v
 *                               +--------------------------------------------------+
 *                               |                    terminated                    |
 *                               +--------------------------------------------------+
 * ```
 */
export type InviteClientState = 'calling' | 'proceeding' | 'completed' | 'accepted' | 'terminated';

/**
 * Non-INVITE client transaction (RFC 3261 Figure 6).
 *
 * ```
 *   request sent --> trying --1xx--> proceeding
 *                      |               |
 *                      +--200-699------+--> completed --Timer K--> terminated
 *                      +--Timer F / transport error-------------> terminated
 * ```
 */
export type NonInviteClientState = 'trying' | 'proceeding' | 'completed' | 'terminated';

/**
 * INVITE server transaction (RFC 3261 Figure 7, RFC 6026 §7.1).
 *
 * ```
 *   INVITE --> proceeding --300-699--> completed --ACK--> confirmed --Timer I--> terminated
 *                  |                       +--Timer H------------------------> terminated
 *                  +--2xx--> accepted --Timer L--------------------------------> terminated
 * ```
 */
export type InviteServerState = 'proceeding' | 'completed' | 'confirmed' | 'accepted' | 'terminated';

/**
 * Non-INVITE server transaction (RFC 3261 Figure 8).
 *
 * ```
 *   request --> trying --1xx--> proceeding
 *                 |                |
 *                 +--200-699-------+--> completed --Timer J--> terminated
 * ```
 */
export type NonInviteServerState = 'trying' | 'proceeding' | 'completed' | 'terminated';

/** Any transaction state. */
export type TransactionState = InviteClientState | NonInviteClientState | InviteServerState | NonInviteServerState;

/** Allowed transitions of the INVITE client transaction. */
export const INVITE_CLIENT_ALLOWED: Readonly<Record<InviteClientState, readonly InviteClientState[]>> = {
  calling: ['proceeding', 'completed', 'accepted', 'terminated'],
  proceeding: ['completed', 'accepted', 'terminated'],
  completed: ['terminated'],
  accepted: ['terminated'],
  terminated: [],
};

/** Allowed transitions of the non-INVITE client transaction. */
export const NON_INVITE_CLIENT_ALLOWED: Readonly<Record<NonInviteClientState, readonly NonInviteClientState[]>> = {
  trying: ['proceeding', 'completed', 'terminated'],
  proceeding: ['completed', 'terminated'],
  completed: ['terminated'],
  terminated: [],
};

/** Allowed transitions of the INVITE server transaction. */
export const INVITE_SERVER_ALLOWED: Readonly<Record<InviteServerState, readonly InviteServerState[]>> = {
  proceeding: ['completed', 'accepted', 'terminated'],
  completed: ['confirmed', 'terminated'],
  confirmed: ['terminated'],
  accepted: ['terminated'],
  terminated: [],
};

/** Allowed transitions of the non-INVITE server transaction. */
export const NON_INVITE_SERVER_ALLOWED: Readonly<Record<NonInviteServerState, readonly NonInviteServerState[]>> = {
  trying: ['proceeding', 'completed', 'terminated'],
  proceeding: ['completed', 'terminated'],
  completed: ['terminated'],
  terminated: [],
};

/**
 * A machine tried a transition its table forbids.
 *
 * @remarks This is a bug in a machine, never a reaction to network input, so it is thrown.
 */
export class StateTransitionError extends Error {
  readonly code = 'PBX_ERR_SIP_TRANSACTION_STATE_TRANSITION';
  readonly from: TransactionState;
  readonly to: TransactionState;

  constructor(from: TransactionState, to: TransactionState) {
    super(`illegal transaction state transition ${from} -> ${to}`);
    this.name = 'StateTransitionError';
    this.from = from;
    this.to = to;
    Object.defineProperty(this, Symbol.for(`pbx.error.${this.code}`), { value: true });
  }
}

/** Throws {@link StateTransitionError} unless `allowed[from]` lists `to`. */
export function assertTransition<State extends TransactionState>(
  allowed: Readonly<Record<State, readonly State[]>>,
  from: State,
  to: State,
): void {
  if (!allowed[from].includes(to)) throw new StateTransitionError(from, to);
}
