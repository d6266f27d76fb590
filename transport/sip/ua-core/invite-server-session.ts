/**
 * The UAS side of a leg: the session an incoming INVITE opens, driven by the call layer with
 * plain commands and reporting plain events.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-13.3
 */
import { createUasDialog, type Dialog } from '../dialogs/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import { getHeader, getHeaders } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import type { ServerTransaction } from '../transactions/index.ts';
import { DialogSession, type DialogMember } from './dialog-session.ts';
import { answerOffer, type OfferAnswer } from './dialog-receiver.ts';
import { withServer } from './dialog-respond.ts';
import { allowsMethod, buildResponse, mergeHeaders } from './in-dialog-responses.ts';
import { contactHeader, newTag, type DialogRegistry, type SessionContext } from './session-context.ts';
import { readSdp, sdpBody } from './session-body.ts';
import { SessionEmitter } from './session-emitter.ts';
import { snapshotOf } from './resumed-session.ts';
import type { SessionSnapshot } from './session-snapshot.ts';
import { SESSION_OK, sessionError, type ExtraHeaders, type SessionEndCause, type SessionListener, type SessionResult } from './session-events.ts';
import { grantSessionTimer, type NegotiatedTimer } from './session-timer.ts';

/**
 * States of the UAS session.
 *
 * ```
 *   offered --1xx--> early --2xx--> accepted --ACK--> confirmed --BYE--> terminated
 *      |               |               (2xx re-sent until ACK)
 *      +---------------+--CANCEL / 3xx-6xx--> terminated
 * ```
 */
export type InviteServerSessionState = 'offered' | 'early' | 'accepted' | 'confirmed' | 'terminated';

/** How the core builds a UAS session. */
export interface InviteServerSessionOptions {
  readonly context: SessionContext;
  readonly transaction: ServerTransaction;
  readonly registry: DialogRegistry<DialogMember>;
  /** Called once the INVITE got its final response (the core stops routing CANCELs to it). */
  readonly onInviteAnswered: () => void;
}

/** The UAS session of one incoming INVITE. */
export class InviteServerSession implements DialogMember {
  readonly request: SipRequest;
  readonly source: SipEndpoint;
  /** The Call-ID of the INVITE. */
  readonly callId: string;
  /** Our To tag, the local tag of the dialog. */
  readonly localTag: string;
  /** The SDP offer of the INVITE, if it has one (RFC 3261 §13.2.1). */
  readonly offer: string | undefined;
  readonly #options: InviteServerSessionOptions;
  readonly #toTag: string;
  readonly #emitter = new SessionEmitter();
  readonly #timer: NegotiatedTimer | undefined;
  readonly #timerHeaders: ExtraHeaders;
  #state: InviteServerSessionState = 'offered';
  #dialogPart: DialogSession | undefined;
  #ackTimedOut = false;
  #byeWaitingForAck: ExtraHeaders | undefined;

  constructor(options: InviteServerSessionOptions) {
    this.#options = options;
    this.request = options.transaction.request;
    this.source = options.transaction.source;
    this.offer = readSdp(this.request);
    this.#toTag = newTag(options.context);
    this.localTag = this.#toTag;
    this.callId = (getHeader(this.request, 'call-id') ?? '').trim();
    const grant = grantSessionTimer(this.request, options.context.sessionTimer);
    this.#timer = grant.type === 'granted' ? grant.timer : undefined;
    this.#timerHeaders = grant.type === 'granted' ? grant.headers : {};
  }

  get state(): InviteServerSessionState {
    return this.#state;
  }

  /** The dialog, once a provisional or final response created it. */
  get dialog(): Dialog | undefined {
    return this.#dialogPart?.dialog;
  }

  /** Attaches the call layer's listener; events emitted before are delivered now. */
  listen(listener: SessionListener): void {
    this.#emitter.listen(listener);
  }

  /** Sends a 101–199 with our To tag, creating the early dialog (RFC 3261 §13.3.1.1). */
  provisional(status: number, options: { readonly sdp?: string; readonly headers?: ExtraHeaders } = {}): SessionResult {
    if (this.#state !== 'offered' && this.#state !== 'early') return sessionError('invalid-state', `provisional in ${this.#state}`);
    if (!Number.isInteger(status) || status < 101 || status > 199) return sessionError('invalid-status', 'a provisional is 101–199');
    const response = this.#response(status, options.headers ?? {}, options.sdp);
    const part = this.#ensureDialog(response);
    if (part === undefined) return sessionError('dialog-error', 'the INVITE cannot establish a dialog (Contact)');
    part.respond(this.#options.transaction, response);
    this.#state = 'early';
    return SESSION_OK;
  }

  /**
   * Sends the 200 with the node's Contact and our SDP, and re-sends it until the ACK
   * (RFC 3261 §13.3.1.4); `ack.timeout` reports a missing ACK after 64·T1. The SDP is the answer
   * to the INVITE's offer, or the offer when the INVITE had none (RFC 3261 §13.2.1: then "the
   * offer is in the 2xx"); as no reliable provisional carries one, the 2xx always has SDP.
   */
  accept(options: { readonly sdp: string; readonly headers?: ExtraHeaders }): SessionResult {
    if (this.#state !== 'offered' && this.#state !== 'early') return sessionError('invalid-state', `accept in ${this.#state}`);
    const headers = mergeHeaders({ allow: [this.#options.context.allow.join(', ')], supported: ['timer'] }, this.#timerHeaders, options.headers ?? {});
    const response = this.#response(200, headers, options.sdp);
    const part = this.#ensureDialog(response);
    if (part === undefined) return sessionError('dialog-error', 'the INVITE cannot establish a dialog (Contact)');
    part.localSdp = options.sdp;
    part.sendSuccess(this.#options.transaction, response, true);
    this.#state = 'accepted';
    this.#options.onInviteAnswered();
    part.armSessionTimer(this.#timer);
    return SESSION_OK;
  }

  /** Refuses the INVITE with a 300–699 (RFC 3261 §13.3.1.3). */
  reject(status: number, options: { readonly reason?: string; readonly headers?: ExtraHeaders } = {}): SessionResult {
    if (this.#state !== 'offered' && this.#state !== 'early') return sessionError('invalid-state', `reject in ${this.#state}`);
    if (!Number.isInteger(status) || status < 300 || status > 699) return sessionError('invalid-status', 'a refusal is 300–699');
    this.#answerInvite(buildResponse(this.request, status, { toTag: this.#toTag, headers: options.headers ?? {}, ...(options.reason === undefined ? {} : { reason: options.reason }) }));
    this.#terminate('rejected');
    return SESSION_OK;
  }

  /**
   * The core answered a CANCEL for our INVITE with 200; "the UAS core ... SHOULD then respond
   * to the INVITE with a 487 (Request Terminated)" unless it already sent a final response.
   * https://www.rfc-editor.org/rfc/rfc3261#section-9.2
   */
  receiveCancel(reason?: string): void {
    if (this.#state !== 'offered' && this.#state !== 'early') return;
    this.#answerInvite(buildResponse(this.request, 487, { toTag: this.#toTag }));
    this.#emitter.emit(reason === undefined ? { type: 'cancelled' } : { type: 'cancelled', reason });
    this.#terminate('cancelled');
  }

  /**
   * Hangs up the answered call. "the callee's UA MUST NOT send a BYE on a confirmed dialog until
   * it has received an ACK for its 2xx response or until the server transaction times out", so a
   * BYE asked for before the ACK waits for it, or for `ack.timeout`.
   * https://www.rfc-editor.org/rfc/rfc3261#section-15
   */
  sendBye(headers: ExtraHeaders = {}): SessionResult {
    const part = this.#dialogPart;
    if (part === undefined || (this.#state !== 'accepted' && this.#state !== 'confirmed')) return sessionError('invalid-state', `BYE in ${this.#state}`);
    if (this.#state === 'accepted' && !this.#ackTimedOut) {
      this.#byeWaitingForAck = headers;
      return SESSION_OK;
    }
    this.#state = 'terminated';
    return part.sender.sendBye(headers);
  }

  /** Sends a re-INVITE (or UPDATE) offering `sdp`. */
  sendReInvite(sdp: string, options: { readonly method?: 'INVITE' | 'UPDATE'; readonly headers?: ExtraHeaders } = {}): SessionResult {
    const part = this.#confirmedPart();
    return part === undefined ? sessionError('invalid-state', `re-INVITE in ${this.#state}`) : part.sender.sendOffer(sdp, options.method ?? 'INVITE', options.headers ?? {});
  }

  /** Sends INFO (e.g. `application/dtmf-relay`). */
  sendInfo(contentType: string, body: string, headers: ExtraHeaders = {}): SessionResult {
    const part = this.#confirmedPart();
    return part === undefined ? sessionError('invalid-state', `INFO in ${this.#state}`) : part.sender.sendInfo(contentType, body, headers);
  }

  /** Moves our CSeq on by `count` (another node sent requests in this dialog meanwhile). */
  skipSequence(count: number): void {
    this.#dialogPart?.skipSequence(count);
  }

  /** Lets the confirmed dialog go without a word to the peer (another node serves it now). */
  release(): void {
    this.#state = 'terminated';
    this.#dialogPart?.release();
  }

  /** The session as plain data once confirmed (see session-snapshot.ts); undefined before and after. */
  snapshot(): SessionSnapshot | undefined {
    const part = this.#dialogPart;
    return part === undefined || this.#state !== 'confirmed' ? undefined : snapshotOf(part);
  }

  /** Answers the re-INVITE or UPDATE reported as `reinvite.received` with `requestId`. */
  answerReInvite(requestId: string, answer: OfferAnswer): SessionResult {
    return this.#dialogPart === undefined ? sessionError('unknown-request', requestId) : answerOffer(this.#dialogPart, requestId, answer);
  }

  receiveRequest(transaction: ServerTransaction): void {
    this.#dialogPart?.receiveRequest(transaction);
  }

  receiveAck(request: SipRequest): void {
    this.#dialogPart?.receiveAck(request);
  }

  receiveStraySuccess(response: SipResponse): void {
    this.#dialogPart?.receiveStraySuccess(response);
  }

  #response(status: number, headers: ExtraHeaders, sdp: string | undefined): SipResponse {
    const contact = contactHeader(this.#options.context, this.source.transport);
    // "the UAS MUST copy all Record-Route header field values from the request into the response"
    // that establishes a dialog (RFC 3261 §12.1.1).
    const recordRoute = getHeaders(this.request, 'record-route');
    const all = mergeHeaders(contact === undefined ? {} : { contact: [contact] }, recordRoute.length > 0 ? { 'record-route': recordRoute } : {}, headers);
    return buildResponse(this.request, status, { toTag: this.#toTag, headers: all, body: sdpBody(sdp) });
  }

  #ensureDialog(response: SipResponse): DialogSession | undefined {
    if (this.#dialogPart !== undefined) return this.#dialogPart;
    const created = createUasDialog(this.request, response, { overTls: false });
    if (created.type === 'error') return undefined;
    const host = {
      emit: (event: Parameters<SessionListener>[0]) => this.#onDialogEvent(event),
      onInitialAck: (ack: SipRequest) => this.#onInitialAck(ack),
      onPeerBye: () => this.#onPeerBye(),
    };
    this.#dialogPart = new DialogSession(this.#options.context, host, created.dialog, this.source, this.#options.registry, this);
    this.#dialogPart.peerAllowsUpdate = allowsMethod(this.request, 'UPDATE');
    return this.#dialogPart;
  }

  #confirmedPart(): DialogSession | undefined {
    return this.#state === 'accepted' || this.#state === 'confirmed' ? this.#dialogPart : undefined;
  }

  #onInitialAck(ack: SipRequest): void {
    if (this.#state !== 'accepted') return;
    this.#state = 'confirmed';
    const sdp = readSdp(ack);
    this.#emitter.emit(sdp === undefined ? { type: 'ack.received' } : { type: 'ack.received', sdp });
    this.#sendWaitingBye();
  }

  #onDialogEvent(event: Parameters<SessionListener>[0]): void {
    if (event.type === 'ack.timeout' && this.#state === 'accepted') this.#ackTimedOut = true;
    this.#emitter.emit(event);
    if (event.type === 'ack.timeout') this.#sendWaitingBye();
  }

  #sendWaitingBye(): void {
    const headers = this.#byeWaitingForAck;
    if (headers === undefined) return;
    this.#byeWaitingForAck = undefined;
    this.sendBye(headers);
  }

  /** A BYE on the early dialog: the INVITE still gets its 487 (RFC 3261 §15.1.2). */
  #onPeerBye(): void {
    if (this.#state === 'offered' || this.#state === 'early') this.#answerInvite(buildResponse(this.request, 487, { toTag: this.#toTag }));
    this.#state = 'terminated';
  }

  #answerInvite(response: SipResponse): void {
    const transaction = this.#options.transaction;
    if (this.#dialogPart === undefined) this.#options.context.layer.respond(transaction, withServer(this.#options.context, response));
    else this.#dialogPart.respond(transaction, response);
    this.#options.onInviteAnswered();
  }

  #terminate(cause: SessionEndCause): void {
    this.#state = 'terminated';
    if (this.#dialogPart === undefined) this.#emitter.emit({ type: 'terminated', cause });
    else this.#dialogPart.end(cause);
  }
}
