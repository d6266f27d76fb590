/**
 * Diagnostics of the transaction layer on `node:diagnostics_channel`.
 *
 * @remarks Dropped strays, ignored events and failed sends are not errors of the engine but are
 * what an operator looks at when a peer misbehaves; subscribers get them as plain data, and nothing
 * is built when nobody listens.
 */
import { channel } from 'node:diagnostics_channel';

/** The channel name. */
export const TRANSACTION_DIAGNOSTICS_CHANNEL = 'pbx:sip:transaction';

/** One diagnostic event. */
export type TransactionDiagnostic =
  | { readonly type: 'message.dropped'; readonly reason: string }
  | { readonly type: 'request.rejected'; readonly status: number; readonly reason: string }
  | { readonly type: 'transaction.ignored'; readonly transactionId: string; readonly state: string; readonly reason: string }
  | { readonly type: 'transaction.refused'; readonly transactionId: string; readonly state: string; readonly reason: string }
  | { readonly type: 'transaction.sendFailed'; readonly transactionId: string; readonly error?: string };

const diagnostics = channel(TRANSACTION_DIAGNOSTICS_CHANNEL);

/** Publishes a diagnostic when someone subscribes. */
export function publishDiagnostic(event: TransactionDiagnostic): void {
  if (diagnostics.hasSubscribers) diagnostics.publish(event);
}
