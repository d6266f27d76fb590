/**
 * A 2xx to our INVITE from a second dialog (a fork we did not want): acknowledged, then hung up.
 *
 * @remarks "If the UAC ... receives more than one 2xx ... it MUST ACK each one ... If the UAC
 * does not want to continue with that dialog, then the UAC MUST terminate the dialog by sending a
 * BYE request as described in Section 15." A leg of this node is one contact, so only the first
 * dialog to answer is kept. https://www.rfc-editor.org/rfc/rfc3261#section-13.2.2.4
 */
import { createRequestInDialog, createUacDialog } from '../dialogs/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import { createVia, type SessionContext } from './session-context.ts';

/** Sends ACK then BYE on the dialog `response` established. */
export function hangUpExtraDialog(context: SessionContext, invite: SipRequest, response: SipResponse, destination: SipEndpoint, sequence: number): void {
  const created = createUacDialog(invite, response, { overTls: false });
  if (created.type === 'error') return;
  const ack = createRequestInDialog(created.dialog, 'ACK', { via: createVia(context, destination.transport), ackOf: sequence });
  if (ack.type === 'ok') void context.layer.sendWithoutTransaction(ack.request, destination);
  const bye = createRequestInDialog(created.dialog, 'BYE', { via: createVia(context, destination.transport) });
  if (bye.type !== 'ok') return;
  context.layer.sendRequest(bye.request, destination, { onFinal: () => undefined, onTimeout: () => undefined, onTransportError: () => undefined });
}
