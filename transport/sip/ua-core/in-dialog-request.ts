/**
 * One request the node sends within a dialog that is not an INVITE session's (a NOTIFY of a
 * subscription, RFC 6665 §4.2.2), through a non-INVITE client transaction.
 *
 * @remarks The request follows RFC 3261 §12.2.1.1 (`createRequestInDialog`): the dialog's local
 * sequence moves on, and the caller keeps the dialog returned for the next request.
 * https://www.rfc-editor.org/rfc/rfc3261#section-12.2.1.1
 */
import { createRequestInDialog, type Dialog } from '../dialogs/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import type { OutOfDialogContext, OutOfDialogResult } from './out-of-dialog-request.ts';
import { contactHeader, createVia } from './session-context.ts';

/** What to send within a dialog. */
export interface InDialogSendOptions {
  readonly dialog: Dialog;
  /** A non-INVITE method (NOTIFY, say). */
  readonly method: string;
  readonly headers?: Readonly<Record<string, readonly string[]>>;
  readonly body?: Uint8Array;
  readonly destination: SipEndpoint;
}

/** The dialog with its sequence moved on and the request's final response, or why it was not built. */
export type InDialogSendResult =
  | { readonly type: 'sent'; readonly dialog: Dialog; readonly result: Promise<OutOfDialogResult> }
  | { readonly type: 'error'; readonly detail: string };

const NOT_SENT_THIS_WAY = new Set(['INVITE', 'ACK', 'CANCEL']);

/** Builds the request within `dialog` and starts its transaction. */
export function sendInDialog(context: OutOfDialogContext, options: InDialogSendOptions): InDialogSendResult {
  if (NOT_SENT_THIS_WAY.has(options.method)) return { type: 'error', detail: `${options.method} is not sent this way` };
  const transport = options.destination.transport;
  const contact = contactHeader(context, transport);
  const built = createRequestInDialog(options.dialog, options.method, {
    via: createVia(context, transport),
    ...(contact === undefined ? {} : { contact }),
    headers: { 'user-agent': [context.userAgent], ...options.headers },
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  if (built.type !== 'ok') return { type: 'error', detail: `${built.code}: ${built.detail}` };
  const result = new Promise<OutOfDialogResult>((resolve) => {
    const started = context.layer.sendRequest(built.request, options.destination, {
      onFinal: (response) => resolve({ type: 'answered', status: response.status, reason: response.reason, response }),
      onTimeout: () => resolve({ type: 'timeout' }),
      onTransportError: () => resolve({ type: 'transport-error' }),
    });
    if (started.type === 'error') resolve({ type: 'error', code: 'send-failed', detail: `${started.code}: ${started.detail}` });
  });
  return { type: 'sent', dialog: built.dialog, result };
}
