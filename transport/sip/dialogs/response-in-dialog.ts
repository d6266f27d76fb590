/**
 * The UAC side of a dialog: responses to the requests we sent within it.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-12.2.1.2
 */
import type { SipRequest, SipResponse } from '../message/index.ts';
import { getHeader, parseCSeq } from '../message/index.ts';
import type { Dialog } from './dialog.ts';
import { contactUri, recordRouteUris } from './dialog-headers.ts';
import { markInviteCompleted } from './glare.ts';
import { isTargetRefresh } from './target-refresh.ts';

/** The dialog after a response, and whether the TU should end it (with a BYE for INVITE dialogs). */
export interface InDialogResponseOutcome {
  readonly dialog: Dialog;
  readonly shouldTerminate: boolean;
}

/**
 * Updates `dialog` with `response`, received for `request` (a request we sent in the dialog, or the
 * INVITE that created it).
 *
 * @remarks 2xx for an early dialog (§13.2.2.4): "the dialog MUST be transitioned to the "confirmed"
 * state, and the route set for the dialog MUST be recomputed based on the 2xx response". 2xx to a
 * target refresh (§12.2.1.2): "it MUST replace the dialog's remote target URI with the URI from
 * the Contact header field in that response, if present." A non-2xx final response to the INVITE
 * that created an early dialog ends it (§12.3). "If the response for a request within a dialog is
 * a 481 (Call/Transaction Does Not Exist) or a 408 (Request Timeout), the UAC SHOULD terminate the
 * dialog." https://www.rfc-editor.org/rfc/rfc3261#section-12.2.1.2
 */
export function receiveResponseInDialog(dialog: Dialog, request: SipRequest, response: SipResponse): InDialogResponseOutcome {
  const { status } = response;
  if (dialog.state === 'terminated' || status < 200) return { dialog, shouldTerminate: false };
  const cseq = parseCSeq(getHeader(request, 'cseq') ?? '');
  const answersPendingInvite = request.method === 'INVITE' && cseq !== undefined && dialog.pendingInvites.local === cseq.sequence;
  const next = answersPendingInvite ? markInviteCompleted(dialog, 'local') : dialog;
  if (status >= 300) {
    if (answersPendingInvite && next.state === 'early') {
      return { dialog: { ...next, state: 'terminated' }, shouldTerminate: false };
    }
    return { dialog: next, shouldTerminate: status === 481 || status === 408 };
  }
  return { dialog: applySuccess(next, request, response, answersPendingInvite), shouldTerminate: false };
}

function applySuccess(dialog: Dialog, request: SipRequest, response: SipResponse, answersCreatingInvite: boolean): Dialog {
  let next = dialog;
  if (next.state === 'early' && answersCreatingInvite) {
    const recordRoutes = recordRouteUris(response);
    next = { ...next, state: 'confirmed', routeSet: recordRoutes === undefined ? next.routeSet : [...recordRoutes].reverse() };
  }
  const target = contactUri(response);
  if (isTargetRefresh(request.method) && target.type === 'ok') next = { ...next, remoteTarget: target.uri };
  return next;
}
