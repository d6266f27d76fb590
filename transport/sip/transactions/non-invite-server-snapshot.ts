/**
 * The snapshots of the non-INVITE server transaction, one member per group of states
 * (RFC 3261 §17.2.2).
 *
 * @remarks A member keeps only what its states still use; see
 * {@link TransactionSnapshotBase} for why. https://www.rfc-editor.org/rfc/rfc3261#section-17.2.2
 */
import type {
  TerminatedSnapshot,
  TimedSnapshotFields,
  TransactionSnapshotBase,
} from './transaction-effects.ts';
import type { WireBytes } from './wire-bytes.ts';

/** A non-INVITE server transaction before its final response ("trying", "proceeding"). */
export interface NonInviteServerAnswering
  extends TransactionSnapshotBase<'trying' | 'proceeding'>, TimedSnapshotFields {
  readonly kind: 'non-invite-server';
  /** The most recent 1xx from the TU, as sent. */
  readonly lastProvisional?: WireBytes;
}

/**
 * A non-INVITE server transaction waiting out Timer J ("completed").
 *
 * @remarks All it still does is answer a retransmitted request with its final response, so it
 * keeps that response's bytes and its deadline only.
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.2.2
 */
export interface NonInviteServerCompleted extends TransactionSnapshotBase<'completed'> {
  readonly kind: 'non-invite-server';
  /** The final response, as sent. */
  readonly finalResponse: WireBytes;
}

/** State of one non-INVITE server transaction. */
export type NonInviteServerSnapshot =
  | NonInviteServerAnswering
  | NonInviteServerCompleted
  | TerminatedSnapshot<'non-invite-server'>;
