/**
 * The UAS side of a dialog: requests the peer sends within it, and the responses we send.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-12.2.2
 */
import type { SipRequest, SipResponse } from '../message/index.ts';
import { getHeader, parseCSeq } from '../message/index.ts';
import type { Dialog } from './dialog.ts';
import { contactUri } from './dialog-headers.ts';
import { markInviteCompleted, markInviteReceived, overlappingInviteRetryAfterSeconds } from './glare.ts';
import { isTargetRefresh } from './target-refresh.ts';

/** Whether a request may proceed in the dialog, and the dialog once it is accepted. */
export type InDialogRequestVerdict =
  | { readonly type: 'accepted'; readonly dialog: Dialog }
  | {
      readonly type: 'rejected';
      readonly status: 400 | 481 | 491 | 500;
      readonly reason: string;
      /** For the 500 to an overlapping INVITE (RFC 3261 §14.2). */
      readonly retryAfterSeconds?: number;
    };

/** Options of {@link receiveRequestInDialog}. */
export interface ReceiveInDialogOptions {
  /** A number in [0, 1), for the random Retry-After of §14.2; `Math.random` in production. */
  readonly random: () => number;
}

/**
 * Applies the rules of §12.2.2 (and the INVITE glare rules of §14.2) to a request received in
 * `dialog`. A rejected request changes nothing: "If a particular request is accepted by the UAS,
 * all the state changes associated with it are performed. If the request is rejected, none of the
 * state changes are performed."
 *
 * @remarks "If the remote sequence number is empty, it MUST be set to the value of the sequence
 * number in the CSeq header field value in the request. If the remote sequence number was not
 * empty, but the sequence number of the request is lower than the remote sequence number, the
 * request is out of order and MUST be rejected with a 500 (Server Internal Error) response. ... The
 * UAS MUST then set the remote sequence number to the value of the sequence number in the CSeq
 * header field value in the request." "When a UAS receives a target refresh request, it MUST
 * replace the dialog's remote target URI with the URI from the Contact header field in that
 * request, if present." ACK and CANCEL carry the number of the request they refer to and are left
 * to their transactions. https://www.rfc-editor.org/rfc/rfc3261#section-12.2.2
 */
export function receiveRequestInDialog(
  dialog: Dialog,
  request: SipRequest,
  options: ReceiveInDialogOptions,
): InDialogRequestVerdict {
  if (dialog.state === 'terminated') return { type: 'rejected', status: 481, reason: 'Call/Transaction Does Not Exist' };
  if (request.method === 'ACK' || request.method === 'CANCEL') return { type: 'accepted', dialog };
  const cseq = parseCSeq(getHeader(request, 'cseq') ?? '');
  if (cseq === undefined) return { type: 'rejected', status: 400, reason: 'Bad Request' };
  if (dialog.remoteSequence !== undefined && cseq.sequence < dialog.remoteSequence) {
    return { type: 'rejected', status: 500, reason: 'Server Internal Error' };
  }
  if (request.method === 'INVITE') {
    const glare = inviteGlare(dialog, cseq.sequence, options);
    if (glare !== undefined) return glare;
  }
  let accepted: Dialog = { ...dialog, remoteSequence: cseq.sequence };
  const target = contactUri(request);
  if (isTargetRefresh(request.method) && target.type === 'ok') accepted = { ...accepted, remoteTarget: target.uri };
  if (request.method === 'INVITE') accepted = markInviteReceived(accepted, cseq.sequence);
  return { type: 'accepted', dialog: accepted };
}

/**
 * §14.2: "A UAS that receives a second INVITE before it sends the final response to a first
 * INVITE with a lower CSeq sequence number on the same dialog MUST return a 500 (Server Internal
 * Error) response to the second INVITE and MUST include a Retry-After header field with a randomly
 * chosen value of between 0 and 10 seconds. A UAS that receives an INVITE on a dialog while an
 * INVITE it had sent on that dialog is in progress MUST return a 491 (Request Pending) response to
 * the received INVITE." https://www.rfc-editor.org/rfc/rfc3261#section-14.2
 */
function inviteGlare(dialog: Dialog, sequence: number, options: ReceiveInDialogOptions): InDialogRequestVerdict | undefined {
  const { local, remote } = dialog.pendingInvites;
  if (remote !== undefined && remote < sequence) {
    const retryAfterSeconds = overlappingInviteRetryAfterSeconds(options.random);
    return { type: 'rejected', status: 500, reason: 'Server Internal Error', retryAfterSeconds };
  }
  if (local !== undefined) return { type: 'rejected', status: 491, reason: 'Request Pending' };
  return undefined;
}

/**
 * The dialog after we send `response` to `request`, a request of the dialog.
 *
 * @remarks A 2xx to the INVITE that created an early dialog confirms it; a non-2xx final response
 * to it ends it (§12.3: "if a request outside of a dialog generates a non-2xx final response, any
 * early dialogs created through provisional responses to that request are terminated"). A final
 * response to an INVITE ends that INVITE's part in the glare rules of §14.2.
 * https://www.rfc-editor.org/rfc/rfc3261#section-12.3
 */
export function respondInDialog(dialog: Dialog, request: SipRequest, response: SipResponse): Dialog {
  const cseq = parseCSeq(getHeader(request, 'cseq') ?? '');
  const isFinal = response.status >= 200;
  const pending = dialog.pendingInvites.remote;
  const answersPendingInvite = request.method === 'INVITE' && pending !== undefined && pending === cseq?.sequence;
  if (!isFinal || !answersPendingInvite) return dialog;
  const completed = markInviteCompleted(dialog, 'remote');
  if (completed.state !== 'early') return completed;
  return { ...completed, state: response.status < 300 ? 'confirmed' : 'terminated' };
}
