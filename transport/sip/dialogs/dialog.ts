/**
 * The state of one SIP dialog, as plain data.
 *
 * @remarks "This state consists of the dialog ID, a local sequence number (used to order requests
 * from the UA to its peer), a remote sequence number (used to order requests from its peer to the
 * UA), a local URI, a remote URI, remote target, a boolean flag called "secure", and a route set,
 * which is an ordered list of URIs." Every function of this folder takes a dialog and returns a new
 * one, so a dialog can be snapshotted, replicated and moved between nodes as it is.
 * https://www.rfc-editor.org/rfc/rfc3261#section-12
 */
import type { NameAddress } from '../message/index.ts';

/**
 * Dialog states.
 *
 * ```
 *   1xx with To tag --> early --2xx--> confirmed --BYE--> terminated
 *                         |                                  ^
 *                         +--non-2xx final, or no answer-----+
 *   2xx --------------------------> confirmed
 * ```
 */
export type DialogState = 'early' | 'confirmed' | 'terminated';

/** Allowed dialog state transitions. */
export const DIALOG_ALLOWED: Readonly<Record<DialogState, readonly DialogState[]>> = {
  early: ['confirmed', 'terminated'],
  confirmed: ['terminated'],
  terminated: [],
};

/**
 * "A dialog is identified at each UA with a dialog ID, which consists of a Call-ID value, a local
 * tag and a remote tag." A missing tag (RFC 2543 peers) is the empty string.
 * https://www.rfc-editor.org/rfc/rfc3261#section-12
 */
export interface DialogId {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
}

/** A dialog id as one string, for maps. */
export type DialogKey = string & { readonly __brand: 'DialogKey' };

/** INVITE transactions in progress on the dialog, by CSeq number (RFC 3261 §14). */
export interface PendingInvites {
  /** Our INVITE, sent and not yet answered with a final response. */
  readonly local?: number;
  /** The peer's INVITE, received and not yet answered with a final response. */
  readonly remote?: number;
}

/** One dialog. */
export interface Dialog {
  readonly id: DialogId;
  /** Our role in the transaction that created the dialog. */
  readonly role: 'uac' | 'uas';
  readonly state: DialogState;
  /** The CSeq of our last request; absent until we send one (a UAS dialog starts without). */
  readonly localSequence?: number;
  /** The CSeq of the peer's last request; absent until it sends one (a UAC dialog starts without). */
  readonly remoteSequence?: number;
  /** Our address (From of our requests), without tag. */
  readonly localAddress: NameAddress;
  /** The peer's address (To of our requests), without tag. */
  readonly remoteAddress: NameAddress;
  /** Where requests to the peer go: the URI of its Contact. */
  readonly remoteTarget: string;
  /** The URIs of the proxies to traverse, in the order our requests visit them. */
  readonly routeSet: readonly string[];
  /** Created over TLS with a SIPS Request-URI. */
  readonly secure: boolean;
  /** True when we generated the Call-ID (we sent the dialog-creating request). */
  readonly ownsCallId: boolean;
  readonly pendingInvites: PendingInvites;
}

/** The key of a dialog id: Call-ID, local tag and remote tag. */
export function dialogKey(id: DialogId): DialogKey {
  return `${id.callId}\u0000${id.localTag}\u0000${id.remoteTag}` as DialogKey;
}

/** Why a dialog operation was refused. */
export type DialogErrorCode =
  | 'not-dialog-creating'
  | 'missing-header'
  | 'missing-tag'
  | 'missing-contact'
  | 'invalid-contact'
  | 'dialog-terminated'
  | 'invite-in-progress'
  | 'not-a-dialog-request'
  | 'sequence-exhausted'
  | 'contact-not-sips';

/** A refused dialog operation. */
export interface DialogError {
  readonly type: 'error';
  readonly code: DialogErrorCode;
  readonly detail: string;
}

/** Builds a {@link DialogError}. */
export function dialogError(code: DialogErrorCode, detail: string): DialogError {
  return { type: 'error', code, detail };
}

/**
 * Ends a dialog (BYE, a non-2xx final response to the request that created an early dialog, a
 * 481 or 408 to an in-dialog request).
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-12.3
 */
export function terminateDialog(dialog: Dialog): Dialog {
  return dialog.state === 'terminated' ? dialog : { ...dialog, state: 'terminated' };
}
