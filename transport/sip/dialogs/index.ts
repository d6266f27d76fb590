/**
 * SIP dialogs (RFC 3261 §12): dialog state as plain data and the pure functions that create it,
 * build requests within it and apply the requests and responses exchanged in it.
 *
 * @remarks Independent of the transaction layer: the UA core feeds these functions the messages
 * its transactions carry. https://www.rfc-editor.org/rfc/rfc3261#section-12
 */
export { DIALOG_ALLOWED, dialogError, dialogKey, terminateDialog } from './dialog.ts';
export type { Dialog, DialogError, DialogErrorCode, DialogId, DialogKey, DialogState, PendingInvites } from './dialog.ts';
export { dialogIdAsUac, dialogIdAsUas } from './dialog-id.ts';
export { createUacDialog, createUasDialog } from './create-dialog.ts';
export type { CreateDialogOptions, CreateDialogResult } from './create-dialog.ts';
export { createRequestInDialog } from './request-in-dialog.ts';
export type { InDialogRequestOptions, InDialogRequestResult } from './request-in-dialog.ts';
export { isLooseRouter, requestTarget } from './dialog-route.ts';
export type { RequestTarget } from './dialog-route.ts';
export { receiveRequestInDialog, respondInDialog } from './receive-in-dialog.ts';
export type { InDialogRequestVerdict, ReceiveInDialogOptions } from './receive-in-dialog.ts';
export { receiveResponseInDialog } from './response-in-dialog.ts';
export type { InDialogResponseOutcome } from './response-in-dialog.ts';
export {
  canSendInvite,
  markInviteCompleted,
  markInviteReceived,
  markInviteSent,
  overlappingInviteRetryAfterSeconds,
  reInviteRetryDelayMs,
} from './glare.ts';
export { isTargetRefresh } from './target-refresh.ts';
