/**
 * The snapshots of the INVITE server transaction, one member per group of states
 * (RFC 3261 §17.2.1, RFC 6026 §7.1).
 *
 * @remarks A member keeps only what its states still use; see
 * {@link TransactionSnapshotBase} for why. https://www.rfc-editor.org/rfc/rfc6026#section-7.1
 */
import type {
  RetransmittingSnapshotFields,
  TerminatedSnapshot,
  TimedSnapshotFields,
  TransactionSnapshotBase,
} from './transaction-effects.ts';
import type { WireBytes } from './wire-bytes.ts';

/** An INVITE server transaction before its final response ("proceeding"). */
export interface InviteServerProceeding extends TransactionSnapshotBase<'proceeding'>, TimedSnapshotFields {
  readonly kind: 'invite-server';
  /** The most recent 1xx from the TU as sent, re-sent when the INVITE is retransmitted. */
  readonly lastProvisional?: WireBytes;
}

/** An INVITE server transaction re-sending its 300–699 until the ACK or Timer H ("completed"). */
export interface InviteServerCompleted extends TransactionSnapshotBase<'completed'>, RetransmittingSnapshotFields {
  readonly kind: 'invite-server';
  /** The final response, as sent. */
  readonly finalResponse: WireBytes;
}

/**
 * An INVITE server transaction that only absorbs: ACK retransmissions until Timer I
 * ("confirmed"), or INVITE retransmissions and ACKs to pass up until Timer L ("accepted").
 *
 * @remarks Neither state sends anything of its own (RFC 6026 §7.1: "The server transaction MUST
 * NOT generate 2xx retransmissions on its own"), so the snapshot keeps deadlines only.
 * https://www.rfc-editor.org/rfc/rfc6026#section-7.1
 */
export interface InviteServerAbsorbing extends TransactionSnapshotBase<'confirmed' | 'accepted'> {
  readonly kind: 'invite-server';
}

/** State of one INVITE server transaction. */
export type InviteServerSnapshot =
  | InviteServerProceeding
  | InviteServerCompleted
  | InviteServerAbsorbing
  | TerminatedSnapshot<'invite-server'>;
