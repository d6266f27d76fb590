/**
 * The snapshots of the non-INVITE client transaction, one member per group of states
 * (RFC 3261 §17.1.2).
 *
 * @remarks A member keeps only what its states still use; see
 * {@link TransactionSnapshotBase} for why. https://www.rfc-editor.org/rfc/rfc3261#section-17.1.2.2
 */
import type {
  RetransmittingSnapshotFields,
  TerminatedSnapshot,
  TransactionSnapshotBase,
} from './transaction-effects.ts';
import type { WireBytes } from './wire-bytes.ts';

/** A non-INVITE client transaction waiting for its final response ("trying", "proceeding"). */
export interface NonInviteClientWaiting
  extends TransactionSnapshotBase<'trying' | 'proceeding'>, RetransmittingSnapshotFields {
  readonly kind: 'non-invite-client';
  /** The request as sent, re-sent by Timer E. */
  readonly request: WireBytes;
}

/**
 * A non-INVITE client transaction absorbing retransmitted responses until Timer K ("completed").
 *
 * @remarks "The "Completed" state exists to buffer any additional response retransmissions that
 * may be received": it sends nothing, so it keeps its deadline only.
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.1.2.2
 */
export interface NonInviteClientCompleted extends TransactionSnapshotBase<'completed'> {
  readonly kind: 'non-invite-client';
}

/** State of one non-INVITE client transaction. */
export type NonInviteClientSnapshot =
  | NonInviteClientWaiting
  | NonInviteClientCompleted
  | TerminatedSnapshot<'non-invite-client'>;
