/**
 * Building a request within a dialog (the UAC side of §12.2.1).
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-12.2.1.1
 */
import type { SipRequest } from '../message/index.ts';
import { MAX_CSEQ_SEQUENCE, parseNameAddress } from '../message/index.ts';
import { dialogError, type Dialog, type DialogError } from './dialog.ts';
import { formatAddressWithTag, isSipsUri } from './dialog-headers.ts';
import { requestTarget } from './dialog-route.ts';
import { canSendInvite, markInviteSent } from './glare.ts';

/** Options of {@link createRequestInDialog}. */
export interface InDialogRequestOptions {
  /** The top Via, with a fresh branch; the transport layer knows its sent-by, so it is passed in. */
  readonly via?: string;
  /**
   * Our Contact. "A UAC SHOULD include a Contact header field in any target refresh requests within
   * a dialog ... If the "secure" flag is true, that URI MUST be a SIPS URI."
   */
  readonly contact?: string;
  /** For an ACK to a 2xx: the CSeq number of the INVITE acknowledged (RFC 3261 §13.2.2.4). */
  readonly ackOf?: number;
  /** The CSeq number of our first request when the dialog has none yet (a UAS dialog); default 1. */
  readonly initialSequence?: number;
  /** Further headers (Allow, Supported, Content-Type, credentials …). */
  readonly headers?: Readonly<Record<string, readonly string[]>>;
  readonly body?: Uint8Array;
}

/** The request and the dialog with its local sequence advanced. */
export type InDialogRequestResult = { readonly type: 'ok'; readonly dialog: Dialog; readonly request: SipRequest } | DialogError;

/**
 * Builds `method` within `dialog`.
 *
 * @remarks "The URI in the To field of the request MUST be set to the remote URI from the dialog
 * state. The tag in the To header field of the request MUST be set to the remote tag of the dialog
 * ID. The From URI of the request MUST be set to the local URI from the dialog state. The tag in
 * the From header field of the request MUST be set to the local tag of the dialog ID. If the value
 * of the remote or local tags is null, the tag parameter MUST be omitted ... The Call-ID of the
 * request MUST be set to the Call-ID of the dialog. Requests within a dialog MUST contain strictly
 * monotonically increasing and contiguous CSeq sequence numbers (increasing-by-one) in each
 * direction (excepting ACK and CANCEL of course, whose numbers equal the requests being
 * acknowledged or cancelled)." CANCEL is built from the request it cancels (§9.1), not here.
 * https://www.rfc-editor.org/rfc/rfc3261#section-12.2.1.1
 */
export function createRequestInDialog(
  dialog: Dialog,
  method: string,
  options: InDialogRequestOptions = {},
): InDialogRequestResult {
  const refused = refusal(dialog, method, options);
  if (refused !== undefined) return refused;
  const sequence = nextSequence(dialog, method, options);
  if (sequence === undefined) {
    return dialogError('sequence-exhausted', 'the local CSeq is at its maximum, or the initial one is out of range');
  }
  const target = requestTarget(dialog.remoteTarget, dialog.routeSet);
  const headers: Record<string, readonly string[]> = {};
  if (options.via !== undefined) headers['via'] = [options.via];
  if (target.routes.length > 0) headers['route'] = target.routes.map((uri) => `<${uri}>`);
  headers['max-forwards'] = ['70'];
  headers['to'] = [formatAddressWithTag(dialog.remoteAddress, dialog.id.remoteTag)];
  headers['from'] = [formatAddressWithTag(dialog.localAddress, dialog.id.localTag)];
  headers['call-id'] = [dialog.id.callId];
  headers['cseq'] = [`${String(sequence)} ${method}`];
  if (options.contact !== undefined) headers['contact'] = [options.contact];
  const request: SipRequest = {
    type: 'request',
    method,
    uri: target.requestUri,
    headers: { ...headers, ...options.headers },
    body: options.body ?? new Uint8Array(0),
  };
  if (method === 'ACK') return { type: 'ok', dialog, request };
  const advanced: Dialog = { ...dialog, localSequence: sequence };
  return { type: 'ok', dialog: method === 'INVITE' ? markInviteSent(advanced, sequence) : advanced, request };
}

function refusal(dialog: Dialog, method: string, options: InDialogRequestOptions): DialogError | undefined {
  if (dialog.state === 'terminated') return dialogError('dialog-terminated', `${method} on a terminated dialog`);
  if (method === 'CANCEL') return dialogError('not-a-dialog-request', 'CANCEL copies the request it cancels (RFC 3261 §9.1)');
  if (method === 'ACK' && options.ackOf === undefined) {
    return dialogError('not-a-dialog-request', 'an ACK needs the CSeq of its INVITE');
  }
  // "the callee's UA MAY send a BYE on confirmed dialogs, but MUST NOT send a BYE on early dialogs."
  // https://www.rfc-editor.org/rfc/rfc3261#section-15
  if (method === 'BYE' && dialog.role === 'uas' && dialog.state === 'early') {
    return dialogError('not-a-dialog-request', 'the callee must not send BYE on an early dialog');
  }
  // "a UAC MUST NOT initiate a new INVITE transaction within a dialog while another INVITE
  // transaction is in progress in either direction." https://www.rfc-editor.org/rfc/rfc3261#section-14.1
  if (method === 'INVITE' && !canSendInvite(dialog)) {
    return dialogError('invite-in-progress', 'an INVITE transaction is in progress');
  }
  if (dialog.secure && options.contact !== undefined && !isSipsUri(parseNameAddress(options.contact)?.uri ?? '')) {
    return dialogError('contact-not-sips', 'a secure dialog needs a SIPS Contact');
  }
  return undefined;
}

/**
 * "if the local sequence number is not empty, the value of the local sequence number MUST be
 * incremented by one, and this value MUST be placed into the CSeq header field. If the local
 * sequence number is empty, an initial value MUST be chosen using the guidelines of Section
 * 8.1.1.5" (below 2**31). https://www.rfc-editor.org/rfc/rfc3261#section-12.2.1.1
 */
function nextSequence(dialog: Dialog, method: string, options: InDialogRequestOptions): number | undefined {
  if (method === 'ACK') return options.ackOf;
  if (dialog.localSequence === undefined) {
    const initial = options.initialSequence ?? 1;
    return Number.isInteger(initial) && initial >= 0 && initial < 2 ** 31 ? initial : undefined;
  }
  return dialog.localSequence < MAX_CSEQ_SEQUENCE ? dialog.localSequence + 1 : undefined;
}
