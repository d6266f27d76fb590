/**
 * Sending a response to a request of a dialog through its server transaction.
 *
 * @remarks The dialog changes with the response (a final response to an INVITE ends its part in
 * the glare rules of RFC 3261 §14, a 2xx confirms an early dialog), so the two go together.
 * https://www.rfc-editor.org/rfc/rfc3261#section-12.2.2
 */
import type { Dialog } from '../dialogs/index.ts';
import { respondInDialog } from '../dialogs/index.ts';
import type { SipResponse } from '../message/index.ts';
import { getHeader, withHeaders } from '../message/index.ts';
import type { ServerTransaction } from '../transactions/index.ts';
import type { SessionContext } from './session-context.ts';

/** Sends `response` on `transaction` and returns the dialog after it. */
export function respondInDialogTransaction(
  context: SessionContext,
  dialog: Dialog,
  transaction: ServerTransaction,
  response: SipResponse,
): Dialog {
  const decorated = withServer(context, response);
  context.layer.respond(transaction, decorated);
  return respondInDialog(dialog, transaction.request, decorated);
}

/** `response` with the node's Server header (RFC 3261 §20.35) unless it has one. */
export function withServer(context: SessionContext, response: SipResponse): SipResponse {
  return getHeader(response, 'server') === undefined ? withHeaders(response, 'server', [context.userAgent]) : response;
}
