/**
 * Requests the session sends in its dialog: BYE, re-INVITE, UPDATE, INFO, the ACK for a 2xx and
 * session refreshes, each through its own client transaction.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-12.2.1
 */
import { canSendInvite, createRequestInDialog, reInviteRetryDelayMs, receiveResponseInDialog } from '../dialogs/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import { getHeader, parseCSeq } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import type { ClientTransactionDelegate } from '../transactions/index.ts';
import type { DialogSessionPort } from './dialog-session-port.ts';
import { contactHeader, createVia, destinationOf } from './session-context.ts';
import { readSdp, sdpBody, typedBody, type MessageBody } from './session-body.ts';
import { SESSION_OK, sessionError, type ExtraHeaders, type SessionEndCause, type SessionResult } from './session-events.ts';
import { readSessionTimerAnswer, requestTimerHeaders } from './session-timer.ts';
import { allowsMethod, mergeHeaders } from './in-dialog-responses.ts';

/** How an offer we send is reported: to the call layer, or as a session refresh. */
type OfferPurpose = 'call' | 'refresh';

/** When a refresh cannot go out (an INVITE is in progress), try again after this long. */
const REFRESH_RETRY_MS = 2000;

/** Sends the session's requests in its dialog. */
export class DialogSender {
  readonly #session: DialogSessionPort;
  readonly #learned: SipEndpoint;
  #lastAck: { readonly sequence: number; readonly request: SipRequest } | undefined;

  constructor(session: DialogSessionPort, learned: SipEndpoint) {
    this.#session = session;
    this.#learned = learned;
  }

  /** Where the peer's messages came from (where its requests go unless a resolver says otherwise). */
  get learned(): SipEndpoint {
    return this.#learned;
  }

  get destination(): SipEndpoint {
    return destinationOf(this.#session.context, this.#session.dialog, this.#learned);
  }

  /** Sends BYE and ends the session (RFC 3261 §15.1.1: the session ends when BYE is sent). */
  sendBye(headers: ExtraHeaders = {}, cause: SessionEndCause = 'bye.sent'): SessionResult {
    const result = this.#send('BYE', { headers, body: new Uint8Array(0) }, { onFinal: () => undefined, onTimeout: () => undefined, onTransportError: () => undefined });
    this.#session.end(cause);
    return result;
  }

  /** Sends a re-INVITE (or UPDATE) with `sdp` as the offer (RFC 3261 §14.1, RFC 3311 §5.1). */
  sendOffer(sdp: string | undefined, method: 'INVITE' | 'UPDATE', headers: ExtraHeaders = {}, purpose: OfferPurpose = 'call'): SessionResult {
    if (method === 'INVITE' && !canSendInvite(this.#session.dialog)) {
      return sessionError('invite-in-progress', 'an INVITE transaction is in progress in the dialog (RFC 3261 §14.1)');
    }
    if (sdp !== undefined) this.#session.localSdp = sdp;
    const body = sdpBody(sdp);
    const all = mergeHeaders(
      { allow: [this.#session.context.allow.join(', ')], supported: ['timer'] },
      requestTimerHeaders(this.#session.context.sessionTimer, undefined, purpose === 'refresh' ? 'uac' : undefined),
      body.headers,
      headers,
    );
    let request: SipRequest | undefined;
    const result = this.#send(method, { headers: all, body: body.body }, this.#offerDelegate(() => request, purpose), (sent) => {
      request = sent;
    });
    return result;
  }

  /** Sends INFO with a typed body (RFC 6086 §4.1). */
  sendInfo(contentType: string, text: string, headers: ExtraHeaders = {}): SessionResult {
    const body: MessageBody = typedBody(contentType, text);
    const report = (status: number): void => this.#session.host.emit({ type: 'info.answered', status });
    return this.#send('INFO', { headers: mergeHeaders(body.headers, headers), body: body.body }, {
      onFinal: (response) => report(response.status),
      onTimeout: () => report(408),
      onTransportError: () => report(503),
    });
  }

  /**
   * Acknowledges a 2xx to our INVITE with CSeq `sequence`, outside any transaction.
   *
   * @remarks "The UAC core MUST generate an ACK request for each 2xx received from the transaction
   * layer ... The CSeq header field's sequence number MUST be the same as the INVITE being
   * acknowledged". https://www.rfc-editor.org/rfc/rfc3261#section-13.2.2.4
   */
  sendAck(sequence: number, headers: ExtraHeaders = {}): void {
    const via = createVia(this.#session.context, this.destination.transport);
    const built = createRequestInDialog(this.#session.dialog, 'ACK', { via, ackOf: sequence, headers: mergeHeaders(headers) });
    if (built.type === 'error') return;
    this.#lastAck = { sequence, request: built.request };
    void this.#session.context.layer.sendWithoutTransaction(built.request, this.destination);
  }

  /** Re-sends the ACK for a retransmitted 2xx, the same ACK each time (RFC 3261 §13.2.2.4). */
  resendAck(response: SipResponse): void {
    const sequence = parseCSeq(getHeader(response, 'cseq') ?? '')?.sequence;
    if (this.#lastAck === undefined || sequence !== this.#lastAck.sequence) return;
    void this.#session.context.layer.sendWithoutTransaction(this.#lastAck.request, this.destination);
  }

  /**
   * Refreshes the session: UPDATE without a body when the peer allows it, otherwise a re-INVITE
   * with the SDP last sent, unchanged (RFC 4028 §7.4 and §9; RFC 3264 §8: an unchanged offer keeps
   * its version). https://www.rfc-editor.org/rfc/rfc4028#section-7.4
   */
  refreshSession(): void {
    const session = this.#session;
    if (session.ended) return;
    const result = session.peerAllowsUpdate
      ? this.sendOffer(undefined, 'UPDATE', {}, 'refresh')
      : this.sendOffer(session.localSdp, 'INVITE', {}, 'refresh');
    if (result.type === 'error') session.armSessionTimer({ intervalSeconds: (2 * REFRESH_RETRY_MS) / 1000, weRefresh: true });
  }

  #offerDelegate(request: () => SipRequest | undefined, purpose: OfferPurpose): ClientTransactionDelegate {
    const session = this.#session;
    return {
      onFinal: (response) => {
        const sent = request();
        if (sent === undefined || session.ended) return;
        const outcome = receiveResponseInDialog(session.dialog, sent, response);
        session.setDialog(outcome.dialog);
        if (response.status < 300) this.#offerAccepted(sent, response, purpose);
        else this.#offerRefused(response.status, outcome.shouldTerminate, purpose);
      },
      onAdditionalSuccess: (response) => this.resendAck(response),
      onTimeout: () => this.#offerRefused(408, true, purpose),
      onTransportError: () => this.#offerRefused(503, false, purpose),
    };
  }

  #offerAccepted(sent: SipRequest, response: SipResponse, purpose: OfferPurpose): void {
    const session = this.#session;
    const sequence = parseCSeq(getHeader(sent, 'cseq') ?? '')?.sequence;
    if (sent.method === 'INVITE' && sequence !== undefined) this.sendAck(sequence);
    if (allowsMethod(response, 'UPDATE')) session.peerAllowsUpdate = true;
    const timer = readSessionTimerAnswer(response);
    session.armSessionTimer(timer);
    if (purpose === 'call') session.host.emit({ type: 'reinvite.answered', ...sdpOf(response) });
    if (timer !== undefined) session.host.emit({ type: 'session.refreshed', intervalSeconds: timer.intervalSeconds });
  }

  /**
   * A refused offer leaves the session as it was, except that "If the response for a request
   * within a dialog is a 481 (Call/Transaction Does Not Exist) or a 408 (Request Timeout), the UAC
   * SHOULD terminate the dialog" (RFC 3261 §12.2.1.2); we hang up with a BYE then. A refused
   * refresh after 491 is retried after the wait of §14.1.
   */
  #offerRefused(status: number, terminate: boolean, purpose: OfferPurpose): void {
    const session = this.#session;
    if (session.ended) return;
    const retryAfterMs = status === 491 ? reInviteRetryDelayMs(session.dialog, session.context.random) : undefined;
    if (purpose === 'call') session.host.emit({ type: 'reinvite.failed', status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
    if (terminate) {
      this.sendBye({}, status === 408 ? 'timeout' : 'failed');
      return;
    }
    if (purpose === 'refresh' && retryAfterMs !== undefined) {
      session.armSessionTimer({ intervalSeconds: (2 * retryAfterMs) / 1000, weRefresh: true });
    }
  }

  #send(
    method: string,
    message: { readonly headers: ExtraHeaders; readonly body: Uint8Array },
    delegate: ClientTransactionDelegate,
    onBuilt?: (request: SipRequest) => void,
  ): SessionResult {
    const session = this.#session;
    const destination = this.destination;
    const via = createVia(session.context, destination.transport);
    const contact = contactHeader(session.context, destination.transport);
    const targetRefresh = method === 'INVITE' || method === 'UPDATE';
    const built = createRequestInDialog(session.dialog, method, {
      via,
      ...(targetRefresh && contact !== undefined ? { contact } : {}),
      headers: mergeHeaders({ 'user-agent': [session.context.userAgent] }, message.headers),
      body: message.body,
    });
    if (built.type === 'error') return sessionError(built.code === 'invite-in-progress' ? 'invite-in-progress' : 'dialog-error', built.detail);
    session.setDialog(built.dialog);
    onBuilt?.(built.request);
    const started = session.context.layer.sendRequest(built.request, destination, delegate);
    return started.type === 'error' ? sessionError('send-failed', started.detail) : SESSION_OK;
  }
}

function sdpOf(response: SipResponse): { readonly sdp?: string } {
  const sdp = readSdp(response);
  return sdp === undefined ? {} : { sdp };
}
