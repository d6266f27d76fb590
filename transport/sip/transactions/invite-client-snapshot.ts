/**
 * The snapshots of the INVITE client transaction, one member per group of states
 * (RFC 3261 §17.1.1, RFC 6026 §8.4).
 *
 * @remarks A member keeps only what its states still use; see
 * {@link TransactionSnapshotBase} for why. https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1.2
 */
import type { SipRequest } from '../message/index.ts';
import type {
  RetransmittingSnapshotFields,
  TerminatedSnapshot,
  TransactionSnapshotBase,
} from './transaction-effects.ts';
import type { WireBytes } from './wire-bytes.ts';

/** An INVITE client transaction waiting for its final response ("calling", "proceeding"). */
export interface InviteClientWaiting extends TransactionSnapshotBase<'calling' | 'proceeding'>, RetransmittingSnapshotFields {
  readonly kind: 'invite-client';
  /** The INVITE, which the ACK of a non-2xx is built from. */
  readonly request: SipRequest;
  /** The INVITE as sent, re-sent by Timer A. */
  readonly requestBytes: WireBytes;
}

/**
 * An INVITE client transaction that got a 300–699 and waits out Timer D ("completed").
 *
 * @remarks "Any retransmissions of the final response that are received while in the
 * "Completed" state MUST cause the ACK to be re-passed to the transport layer": the ACK's bytes
 * are all it keeps. https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1.2
 */
export interface InviteClientCompleted extends TransactionSnapshotBase<'completed'> {
  readonly kind: 'invite-client';
  /** The ACK sent for the non-2xx final response, as sent. */
  readonly ack: WireBytes;
}

/** An INVITE client transaction passing further 2xx up until Timer M ("accepted"): deadlines only. */
export interface InviteClientAccepted extends TransactionSnapshotBase<'accepted'> {
  readonly kind: 'invite-client';
}

/** State of one INVITE client transaction. */
export type InviteClientSnapshot =
  | InviteClientWaiting
  | InviteClientCompleted
  | InviteClientAccepted
  | TerminatedSnapshot<'invite-client'>;
