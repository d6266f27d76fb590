/**
 * The dialog id a message belongs to, seen from our side.
 *
 * @remarks "For a UAC, the Call-ID value of the dialog ID is set to the Call-ID of the message, the
 * remote tag is set to the tag in the To field of the message, and the local tag is set to the tag
 * in the From field of the message (these rules apply to both requests and responses). As one
 * would expect for a UAS, the Call-ID value of the dialog ID is set to the Call-ID of the message,
 * the remote tag is set to the tag in the From field of the message, and the local tag is set to
 * the tag in the To field of the message." https://www.rfc-editor.org/rfc/rfc3261#section-12
 */
import type { SipMessage } from '../message/index.ts';
import type { DialogId } from './dialog.ts';
import { callIdOf, splitAddress } from './dialog-headers.ts';

/** The id of the dialog of a message we received as UAS (a request) or sent as UAS (its response). */
export function dialogIdAsUas(message: SipMessage): DialogId {
  const localTag = splitAddress(message, 'to')?.tag ?? '';
  return { callId: callIdOf(message), localTag, remoteTag: splitAddress(message, 'from')?.tag ?? '' };
}

/** The id of the dialog of a message we sent as UAC (a request) or received as UAC (its response). */
export function dialogIdAsUac(message: SipMessage): DialogId {
  const localTag = splitAddress(message, 'from')?.tag ?? '';
  return { callId: callIdOf(message), localTag, remoteTag: splitAddress(message, 'to')?.tag ?? '' };
}
