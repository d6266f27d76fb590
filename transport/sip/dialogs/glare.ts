/**
 * INVITE glare within a dialog: which INVITE transactions are in progress, and the waits RFC 3261
 * §14 prescribes when two cross.
 *
 * @remarks "a UAC MUST NOT initiate a new INVITE transaction within a dialog while another INVITE
 * transaction is in progress in either direction." https://www.rfc-editor.org/rfc/rfc3261#section-14.1
 */
import type { Dialog } from './dialog.ts';

/** Records our INVITE with CSeq `sequence` as in progress. */
export function markInviteSent(dialog: Dialog, sequence: number): Dialog {
  return { ...dialog, pendingInvites: { ...dialog.pendingInvites, local: sequence } };
}

/** Records the peer's INVITE with CSeq `sequence` as in progress. */
export function markInviteReceived(dialog: Dialog, sequence: number): Dialog {
  return { ...dialog, pendingInvites: { ...dialog.pendingInvites, remote: sequence } };
}

/**
 * Records that an INVITE transaction of the dialog ended: ours got its final response (`local`),
 * or the peer's got our final response and, for a non-2xx, its ACK (`remote`).
 *
 * @remarks "1. If there is an ongoing INVITE client transaction, the TU MUST wait until the
 * transaction reaches the completed or terminated state before initiating the new INVITE. 2. If
 * there is an ongoing INVITE server transaction, the TU MUST wait until the transaction reaches the
 * confirmed or terminated state before initiating the new INVITE."
 * https://www.rfc-editor.org/rfc/rfc3261#section-14.1
 */
export function markInviteCompleted(dialog: Dialog, side: 'local' | 'remote'): Dialog {
  const { [side]: _ended, ...rest } = dialog.pendingInvites;
  return { ...dialog, pendingInvites: rest };
}

/** True when no INVITE transaction is in progress in either direction. */
export function canSendInvite(dialog: Dialog): boolean {
  return dialog.pendingInvites.local === undefined && dialog.pendingInvites.remote === undefined;
}

/**
 * How long to wait before retrying a re-INVITE that got 491 (Request Pending).
 *
 * @remarks "1. If the UAC is the owner of the Call-ID of the dialog ID (meaning it generated the
 * value), T has a randomly chosen value between 2.1 and 4 seconds in units of 10 ms. 2. If the UAC
 * is not the owner of the Call-ID of the dialog ID, T has a randomly chosen value of between 0 and
 * 2 seconds in units of 10 ms." `random` returns a number in [0, 1), like `Math.random`.
 * https://www.rfc-editor.org/rfc/rfc3261#section-14.1
 */
export function reInviteRetryDelayMs(dialog: Dialog, random: () => number): number {
  const [lowMs, highMs] = dialog.ownsCallId ? [2100, 4000] : [0, 2000];
  const steps = (highMs - lowMs) / 10;
  return lowMs + 10 * Math.min(steps, Math.floor(random() * (steps + 1)));
}

/**
 * The Retry-After of the 500 sent for a second INVITE that arrives before the first was answered.
 *
 * @remarks "MUST include a Retry-After header field with a randomly chosen value of between 0 and
 * 10 seconds." https://www.rfc-editor.org/rfc/rfc3261#section-14.2
 */
export function overlappingInviteRetryAfterSeconds(random: () => number): number {
  return Math.min(10, Math.floor(random() * 11));
}
