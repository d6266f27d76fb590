/**
 * The UAC side of a leg: the INVITE the node sends to one contact of the callee, its CANCEL, and
 * the dialog it establishes, driven by the call layer with plain commands and reporting plain
 * events.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-13.2
 */
import { createUacDialog, receiveResponseInDialog, type Dialog } from '../dialogs/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import { getHeader, getHeaders, parseCSeq, parseNameAddress } from '../message/index.ts';
import type { ClientTransaction, ClientTransactionDelegate, TimerHandle } from '../transactions/index.ts';
import { DialogSession, type DialogMember } from './dialog-session.ts';
import { answerOffer, type OfferAnswer } from './dialog-receiver.ts';
import { hangUpExtraDialog } from './extra-dialog.ts';
import { allowsMethod } from './in-dialog-responses.ts';
import { buildCancel, buildOutgoingInvite, type StartInviteOptions } from './outgoing-invite.ts';
import { answerChallenge } from './invite-authorization.ts';

export type { StartInviteOptions } from './outgoing-invite.ts';
import { contactHeader, createVia, newCallId, newTag, type DialogRegistry, type LateAnswerWatch, type SessionContext } from './session-context.ts';
import { readSdp } from './session-body.ts';
import { SessionEmitter } from './session-emitter.ts';
import { snapshotOf } from './resumed-session.ts';
import type { SessionSnapshot } from './session-snapshot.ts';
import { SESSION_OK, sessionError, type ExtraHeaders, type SessionEndCause, type SessionEvent, type SessionListener, type SessionResult } from './session-events.ts';
import { parseMinSe, readSessionTimerAnswer, requestTimerHeaders } from './session-timer.ts';

/**
 * States of the UAC session.
 *
 * ```
 *   calling --1xx--> proceeding --2xx (ACK sent)--> confirmed --BYE--> terminated
 *      |                 |
 *      +-----------------+--3xx-6xx / Timer B / transport error / CANCEL+487--> terminated
 * ```
 */
export type InviteClientSessionState = 'calling' | 'proceeding' | 'confirmed' | 'terminated';

/** The result of {@link startInvite}. */
export type StartInviteResult =
  | { readonly type: 'started'; readonly session: InviteClientSession }
  | { readonly type: 'error'; readonly code: 'invalid-address' | 'no-contact' | 'send-failed'; readonly detail: string };

/** Sends the INVITE of a new outbound leg. */
export function startInvite(context: SessionContext, registry: DialogRegistry<DialogMember> & LateAnswerWatch, options: StartInviteOptions): StartInviteResult {
  const contact = options.contact ?? contactHeader(context, options.destination.transport);
  if (contact === undefined) return { type: 'error', code: 'no-contact', detail: `no Contact configured for ${options.destination.transport}` };
  if (parseNameAddress(options.from) === undefined || parseNameAddress(options.to) === undefined) {
    return { type: 'error', code: 'invalid-address', detail: 'From or To is not a SIP address' };
  }
  const session = new InviteClientSession(context, registry, options, contact);
  const sent = session.sendInvite(undefined);
  return sent.type === 'ok' ? { type: 'started', session } : { type: 'error', code: 'send-failed', detail: sent.detail };
}

/** The UAC session of one outbound INVITE. */
export class InviteClientSession implements DialogMember {
  readonly callId: string;
  readonly localTag: string;
  readonly #context: SessionContext;
  readonly #registry: DialogRegistry<DialogMember> & LateAnswerWatch;
  readonly #options: StartInviteOptions;
  readonly #contact: string;
  readonly #emitter = new SessionEmitter();
  #state: InviteClientSessionState = 'calling';
  #invite: SipRequest | undefined;
  #transaction: ClientTransaction | undefined;
  #sequence: number;
  #cancel: 'none' | 'wanted' | 'sent' = 'none';
  /** Headers the CANCEL carries (a `Reason`, RFC 3326). */
  #cancelHeaders: ExtraHeaders = {};
  #cancelGiveUp: TimerHandle | undefined;
  #retriedAfter422 = false;
  /** The Min-SE a 422 raised, kept for later retries of the INVITE. */
  #raisedMinSe: number | undefined;
  /** Challenges answered so far (a proxy's 407 then the server's 401 at most). */
  #authenticatedRetries = 0;
  #authorization: ExtraHeaders = {};
  #dialogPart: DialogSession | undefined;

  constructor(context: SessionContext, registry: DialogRegistry<DialogMember> & LateAnswerWatch, options: StartInviteOptions, contact: string) {
    this.#context = context;
    this.#registry = registry;
    this.#options = options;
    this.#contact = contact;
    this.callId = options.callId ?? newCallId(context);
    this.localTag = newTag(context);
    const [high = 0, low = 0] = context.randomBytes(2);
    this.#sequence = 1 + high * 256 + low;
    registry.watchLateAnswers(this.callId, this.localTag, (response) => this.#onLateAnswer(response));
  }

  get state(): InviteClientSessionState {
    return this.#state;
  }

  /** The dialog, once a response with a To tag created it. */
  get dialog(): Dialog | undefined {
    return this.#dialogPart?.dialog;
  }

  /** Attaches the call layer's listener; events emitted before are delivered now. */
  listen(listener: SessionListener): void {
    this.#emitter.listen(listener);
  }

  /** Sends the INVITE (again after a 422, with the raised Min-SE: RFC 4028 §7.4). */
  sendInvite(raisedMinSeSeconds: number | undefined): SessionResult {
    const options = this.#options;
    const invite = buildOutgoingInvite({
      requestUri: options.requestUri, from: options.from, to: options.to, fromTag: this.localTag, callId: this.callId,
      sequence: this.#sequence, via: createVia(this.#context, options.destination.transport), contact: this.#contact,
      ...(options.sdp === undefined ? {} : { sdp: options.sdp }),
      headers: {
        allow: [this.#context.allow.join(', ')], supported: ['timer'], 'user-agent': [this.#context.userAgent],
        ...requestTimerHeaders(this.#context.sessionTimer, raisedMinSeSeconds), ...options.headers, ...this.#authorization,
      },
    });
    if (invite === undefined) return sessionError('dialog-error', 'From or To is not a SIP address');
    const started = this.#context.layer.sendRequest(invite, options.destination, this.#delegate());
    if (started.type === 'error') return sessionError('send-failed', started.detail);
    this.#invite = invite;
    this.#transaction = started.transaction;
    return SESSION_OK;
  }

  /**
   * Cancels the INVITE (RFC 3261 §9.1): at once after a provisional, otherwise as soon as one
   * arrives ("If no provisional response has been received, the CANCEL request MUST NOT be sent;
   * rather, the client MUST wait for the arrival of a provisional response"). Without a final
   * response 64·T1 later, the INVITE transaction is abandoned ("the client SHOULD then consider
   * the original transaction cancelled and SHOULD destroy the client transaction").
   */
  cancel(headers: ExtraHeaders = {}): SessionResult {
    if (this.#state !== 'calling' && this.#state !== 'proceeding') return sessionError('invalid-state', `CANCEL in ${this.#state}`);
    if (this.#cancel !== 'none') return SESSION_OK;
    this.#cancel = 'wanted';
    this.#cancelHeaders = headers;
    if (this.#state === 'proceeding') this.#sendCancel();
    return SESSION_OK;
  }

  /** Sends BYE on the confirmed dialog (use `cancel` before the answer). */
  sendBye(headers: ExtraHeaders = {}): SessionResult {
    const part = this.#confirmedPart();
    if (part === undefined) return sessionError('invalid-state', `BYE in ${this.#state}`);
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

  receiveRequest(transaction: Parameters<DialogMember['receiveRequest']>[0]): void {
    this.#dialogPart?.receiveRequest(transaction);
  }

  receiveAck(request: SipRequest): void {
    this.#dialogPart?.receiveAck(request);
  }

  receiveStraySuccess(response: SipResponse): void {
    this.#dialogPart?.receiveStraySuccess(response);
  }

  #delegate(): ClientTransactionDelegate {
    return {
      onProvisional: (response) => this.#onProvisional(response),
      onFinal: (response) => (response.status < 300 ? this.#onSuccess(response) : this.#onFailure(response)),
      onAdditionalSuccess: (response) => this.#onAdditionalSuccess(response),
      onTimeout: () => this.#onGone('timeout'),
      onTransportError: () => this.#onGone('transport_error'),
    };
  }

  #onProvisional(response: SipResponse): void {
    if (this.#state !== 'calling' && this.#state !== 'proceeding') return;
    this.#state = 'proceeding';
    if (this.#cancel === 'wanted') this.#sendCancel();
    if (response.status === 100) return;
    const toTag = this.#ensureDialog(response);
    const sdp = readSdp(response);
    this.#emitter.emit({ type: 'provisional', status: response.status, toTag, ...(sdp === undefined ? {} : { sdp }) });
  }

  /**
   * The 2xx: the dialog is confirmed and the ACK sent by the core, not the transaction
   * (RFC 3261 §13.2.2.4). A 2xx racing our CANCEL still establishes the call, which we then hang
   * up (§9.1: the CANCEL has no effect once the INVITE has a final response).
   */
  #onSuccess(response: SipResponse): void {
    const invite = this.#invite;
    if (invite === undefined || this.#state === 'terminated') return;
    this.#clearCancelTimer();
    const part = this.#confirmDialog(invite, response);
    if (part === undefined) return this.#end('failed');
    part.sender.sendAck(this.#sequence);
    this.#state = 'confirmed';
    if (allowsMethod(response, 'UPDATE')) part.peerAllowsUpdate = true;
    if (this.#options.sdp !== undefined) part.localSdp = this.#options.sdp;
    if (this.#cancel !== 'none') {
      this.sendBye();
      return;
    }
    const sdp = readSdp(response);
    this.#emitter.emit(sdp === undefined ? { type: 'answered' } : { type: 'answered', sdp });
    part.armSessionTimer(readSessionTimerAnswer(response));
  }

  /** 3xx–6xx; a first 422 is retried with the Min-SE it names (RFC 4028 §7.4). */
  #onFailure(response: SipResponse): void {
    if (this.#state === 'terminated') return;
    this.#clearCancelTimer();
    const minSe = parseMinSe(response);
    if (response.status === 422 && minSe !== undefined && !this.#retriedAfter422 && this.#cancel === 'none') {
      this.#retriedAfter422 = true;
      this.#raisedMinSe = minSe;
      this.#sequence += 1;
      this.#state = 'calling';
      if (this.sendInvite(minSe).type === 'ok') return;
    }
    if (this.#retryWithCredentials(response)) return;
    if (this.#cancel === 'none') {
      const challenges = response.status === 401 || response.status === 407 ? getHeaders(response, response.status === 401 ? 'www-authenticate' : 'proxy-authenticate') : [];
      this.#emitter.emit({ type: 'failed', status: response.status, reason: response.reason, ...(challenges.length > 0 ? { challenges } : {}) });
    }
    this.#end(this.#cancel === 'none' ? 'failed' : 'cancelled');
  }

  /**
   * A 401/407 answered with the destination's credentials: the INVITE again, same Call-ID and From
   * tag, next CSeq (RFC 3261 §22.2). Twice at most (a proxy, then the server); a challenge after
   * that, or one that cannot be answered, fails the call as usual.
   */
  #retryWithCredentials(response: SipResponse): boolean {
    const credentials = this.#options.credentials;
    const invite = this.#invite;
    if (credentials === undefined || invite === undefined || this.#cancel !== 'none' || this.#authenticatedRetries >= 2) return false;
    const cnonce = [...this.#context.randomBytes(8)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    const answer = answerChallenge(response, { method: 'INVITE', uri: this.#options.requestUri, body: invite.body }, credentials, cnonce);
    if (answer === undefined) return false;
    this.#authenticatedRetries += 1;
    this.#authorization = { ...this.#authorization, [answer.name]: [answer.value] };
    this.#sequence += 1;
    this.#state = 'calling';
    return this.sendInvite(this.#raisedMinSe).type === 'ok';
  }

  #onAdditionalSuccess(response: SipResponse): void {
    const part = this.#dialogPart;
    const toTag = parseNameAddress(getHeader(response, 'to') ?? '')?.params['tag'] ?? '';
    if (part !== undefined && toTag === part.dialog.id.remoteTag) {
      part.sender.resendAck(response);
      return;
    }
    if (this.#invite !== undefined) hangUpExtraDialog(this.#context, this.#invite, response, this.#options.destination, this.#sequence);
  }

  /**
   * A 2xx that reached no dialog of ours (after Timer B, a CANCEL or a failure, or from another
   * fork after Timer M): "The UAC core MUST generate an ACK request for each 2xx", and as the leg
   * no longer wants it, a BYE follows. https://www.rfc-editor.org/rfc/rfc3261#section-13.2.2.4
   */
  #onLateAnswer(response: SipResponse): void {
    const sequence = parseCSeq(getHeader(response, 'cseq') ?? '')?.sequence ?? this.#sequence;
    if (this.#invite !== undefined) hangUpExtraDialog(this.#context, this.#invite, response, this.#options.destination, sequence);
  }

  #onGone(cause: 'timeout' | 'transport_error'): void {
    if (this.#state === 'terminated') return;
    this.#clearCancelTimer();
    if (this.#cancel === 'none') this.#emitter.emit(cause === 'timeout' ? { type: 'timeout' } : { type: 'transport_error' });
    this.#end(this.#cancel === 'none' ? cause : 'cancelled');
  }

  #sendCancel(): void {
    const invite = this.#invite;
    if (invite === undefined || this.#cancel === 'sent') return;
    this.#cancel = 'sent';
    const noop = (): void => undefined;
    this.#context.layer.sendRequest(buildCancel(invite, this.#sequence, this.#cancelHeaders), this.#options.destination, { onFinal: noop, onTimeout: noop, onTransportError: noop });
    this.#cancelGiveUp = this.#context.clock.setTimer(64 * this.#context.timers.t1Ms, () => {
      this.#cancelGiveUp = undefined;
      if (this.#transaction !== undefined) this.#context.layer.abandon(this.#transaction);
      this.#end('cancelled');
    });
  }

  #clearCancelTimer(): void {
    if (this.#cancelGiveUp !== undefined) this.#context.clock.clearTimer(this.#cancelGiveUp);
    this.#cancelGiveUp = undefined;
  }

  /** Creates the early dialog for a provisional with a To tag; returns the tag ('' without one). */
  #ensureDialog(response: SipResponse): string {
    const invite = this.#invite;
    const toTag = parseNameAddress(getHeader(response, 'to') ?? '')?.params['tag'] ?? '';
    if (this.#dialogPart !== undefined || invite === undefined || toTag === '') return toTag;
    const created = createUacDialog(invite, response, { overTls: false });
    if (created.type === 'ok') this.#dialogPart = this.#newDialogPart(created.dialog);
    return toTag;
  }

  #confirmDialog(invite: SipRequest, response: SipResponse): DialogSession | undefined {
    const part = this.#dialogPart;
    const toTag = parseNameAddress(getHeader(response, 'to') ?? '')?.params['tag'] ?? '';
    if (part !== undefined && toTag === part.dialog.id.remoteTag) {
      part.setDialog(receiveResponseInDialog(part.dialog, invite, response).dialog);
      return part;
    }
    const created = createUacDialog(invite, response, { overTls: false });
    if (created.type === 'error') return undefined;
    if (part === undefined) this.#dialogPart = this.#newDialogPart(created.dialog);
    else part.rekey(created.dialog);
    return this.#dialogPart;
  }

  #newDialogPart(dialog: Dialog): DialogSession {
    const host = { emit: (event: SessionEvent) => this.#emitter.emit(event) };
    return new DialogSession(this.#context, host, dialog, this.#options.destination, this.#registry, this);
  }

  #confirmedPart(): DialogSession | undefined {
    return this.#state === 'confirmed' ? this.#dialogPart : undefined;
  }

  #end(cause: SessionEndCause): void {
    this.#state = 'terminated';
    this.#context.clock.setTimer(64 * this.#context.timers.t1Ms, () => this.#registry.stopWatching(this.callId, this.localTag));
    if (this.#dialogPart === undefined) this.#emitter.emit({ type: 'terminated', cause });
    else this.#dialogPart.end(cause);
  }
}

