/**
 * The part of an INVITE session that lives in its dialog: requests the peer sends in it, requests
 * the call layer sends in it, 2xx retransmission for re-INVITEs and the session timer.
 *
 * @remarks Shared by the UAS and UAC sides of a leg: once a dialog exists, RFC 3261 §12.2 and
 * §14 treat both ends alike. The dialog itself is plain data from `dialogs/`; this class only
 * keeps the current value and the timers. https://www.rfc-editor.org/rfc/rfc3261#section-12.2
 */
import type { Dialog } from '../dialogs/index.ts';
import { dialogKey } from '../dialogs/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import { createResponse, getHeader, parseCSeq } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import type { ServerTransaction, TimerHandle } from '../transactions/index.ts';
import type { DialogRegistry, SessionContext } from './session-context.ts';
import type { SessionEndCause } from './session-events.ts';
import type { NegotiatedTimer } from './session-timer.ts';
import { timerDelayMs } from './session-timer.ts';
import { readSdp } from './session-body.ts';
import { startSuccessRetransmission, type SuccessRetransmission } from './success-retransmitter.ts';
import { respondInDialogTransaction, withServer } from './dialog-respond.ts';
import { receiveInDialog } from './dialog-receiver.ts';
import { DialogSender } from './dialog-sender.ts';
import type { DialogMember, DialogSessionHost, DialogSessionPort, PendingOffer } from './dialog-session-port.ts';

export type { DialogMember, DialogSessionHost, PendingOffer } from './dialog-session-port.ts';

/** A 2xx we sent to an INVITE and re-send until its ACK. */
interface AwaitedAck {
  readonly sequence: number;
  readonly initial: boolean;
  readonly retransmission: SuccessRetransmission;
}

/** The dialog part of a session. */
export class DialogSession implements DialogSessionPort {
  readonly context: SessionContext;
  readonly host: DialogSessionHost;
  readonly sender: DialogSender;
  #dialog: Dialog;
  #registry: DialogRegistry<DialogMember>;
  #member: DialogMember;
  #awaitedAck: AwaitedAck | undefined;
  #sessionTimer: TimerHandle | undefined;
  /** The session timer in force and when it fires (epoch ms), kept for snapshots. */
  #armedTimer: { readonly timer: NegotiatedTimer; readonly dueAtMs: number } | undefined;
  #ended = false;
  /** The SDP we last sent (offer or answer), re-sent by a re-INVITE session refresh. */
  localSdp: string | undefined;
  /** Offers received in re-INVITEs and UPDATEs, waiting for the call layer's answer, by request id. */
  readonly pendingOffers = new Map<string, PendingOffer>();
  /** Whether the peer listed UPDATE in its Allow (RFC 4028 §7.4 prefers UPDATE for refreshes). */
  peerAllowsUpdate = false;

  constructor(context: SessionContext, host: DialogSessionHost, dialog: Dialog, learned: SipEndpoint, registry: DialogRegistry<DialogMember>, member: DialogMember) {
    this.context = context;
    this.host = host;
    this.#dialog = dialog;
    this.#registry = registry;
    this.#member = member;
    this.sender = new DialogSender(this, learned);
    registry.register(dialogKey(dialog.id), member);
  }

  get dialog(): Dialog {
    return this.#dialog;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Replaces the dialog value (every dialog function returns a new one). */
  setDialog(dialog: Dialog): void {
    this.#dialog = dialog;
  }

  /**
   * Moves our CSeq on by `count` without sending: another node sent requests in this dialog with
   * higher numbers (a refused move), and the peer takes only higher ones (RFC 3261 §12.2.2).
   */
  skipSequence(count: number): void {
    this.#dialog = { ...this.#dialog, localSequence: (this.#dialog.localSequence ?? 0) + count };
  }

  /** Sends `response` to a request of the dialog, applying it to the dialog (RFC 3261 §12.2.2). */
  respond(transaction: ServerTransaction, response: SipResponse): void {
    this.#dialog = respondInDialogTransaction(this.context, this.#dialog, transaction, response);
  }

  /** A request the peer sent in the dialog (never ACK or CANCEL). */
  receiveRequest(transaction: ServerTransaction): void {
    receiveInDialog(this, transaction);
  }

  /**
   * Sends a 2xx to an INVITE of the dialog and re-sends it until its ACK, reporting `ack.timeout`
   * after 64·T1 (RFC 3261 §13.3.1.4).
   */
  sendSuccess(transaction: ServerTransaction, success: SipResponse, initial: boolean): void {
    const response = withServer(this.context, success);
    this.respond(transaction, response);
    this.#awaitedAck?.retransmission.stop();
    const sequence = parseCSeq(getHeader(response, 'cseq') ?? '')?.sequence ?? -1;
    const resend = (): void => {
      const result = this.context.layer.respond(transaction, response);
      if (result.type === 'error') void this.context.layer.sendWithoutTransaction(response, transaction.responseDestination);
    };
    const retransmission = startSuccessRetransmission(this.context.clock, this.context.timers, resend, () => {
      this.#awaitedAck = undefined;
      this.host.emit({ type: 'ack.timeout' });
    });
    this.#awaitedAck = { sequence, initial, retransmission };
  }

  /** An ACK for a 2xx of ours: stops its retransmission (RFC 3261 §13.3.1.4). */
  receiveAck(request: SipRequest): void {
    const awaited = this.#awaitedAck;
    const sequence = parseCSeq(getHeader(request, 'cseq') ?? '')?.sequence;
    if (awaited === undefined || sequence !== awaited.sequence) return;
    awaited.retransmission.stop();
    this.#awaitedAck = undefined;
    if (awaited.initial) {
      this.host.onInitialAck?.(request);
      return;
    }
    // The answer to the offer of our 2xx to an offerless re-INVITE (RFC 3261 §14.2).
    const sdp = readSdp(request);
    if (sdp !== undefined) this.host.emit({ type: 'ack.received', sdp });
  }

  /** A 2xx to our INVITE after its transaction ended: re-send its ACK (RFC 3261 §13.2.2.4). */
  receiveStraySuccess(response: SipResponse): void {
    this.sender.resendAck(response);
  }

  /** Arms the session timer for `timer`, or disarms it when there is none (RFC 4028 §10). */
  armSessionTimer(timer: NegotiatedTimer | undefined, delayMs?: number): void {
    if (this.#sessionTimer !== undefined) this.context.clock.clearTimer(this.#sessionTimer);
    this.#sessionTimer = undefined;
    this.#armedTimer = undefined;
    if (timer === undefined || this.#ended) return;
    const waitMs = Math.max(0, delayMs ?? timerDelayMs(timer));
    this.#armedTimer = { timer, dueAtMs: this.context.clock.now() + waitMs };
    this.#sessionTimer = this.context.clock.setTimer(waitMs, () => {
      this.#sessionTimer = undefined;
      this.#armedTimer = undefined;
      if (timer.weRefresh) this.sender.refreshSession();
      else this.#expire();
    });
  }

  /**
   * Ends the session once: offers still waiting get 487 (RFC 3261 §15.1.2: "It is RECOMMENDED
   * that a 487 (Request Terminated) response be generated to those pending requests"), timers
   * stop, the dialog leaves the table and `terminated` is reported.
   */
  end(cause: SessionEndCause): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const pending of this.pendingOffers.values()) {
      this.respond(pending.transaction, createResponse(pending.transaction.request, 487));
    }
    this.pendingOffers.clear();
    this.#awaitedAck?.retransmission.stop();
    this.#awaitedAck = undefined;
    if (this.#sessionTimer !== undefined) this.context.clock.clearTimer(this.#sessionTimer);
    this.#registry.unregister(dialogKey(this.#dialog.id));
    this.host.emit({ type: 'terminated', cause });
  }

  /**
   * Lets the dialog go without a word to the peer, because another node serves it now (a call
   * moved away by a target refresh, or taken over by a new HA master): timers stop and the dialog
   * leaves the table as handed off (see SessionRouter); no 487, no BYE, no `terminated` report (the
   * call layer that asked for it is gone).
   */
  release(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.pendingOffers.clear();
    this.#awaitedAck?.retransmission.stop();
    this.#awaitedAck = undefined;
    if (this.#sessionTimer !== undefined) this.context.clock.clearTimer(this.#sessionTimer);
    this.#registry.handOff(dialogKey(this.#dialog.id));
  }

  /** The session timer in force and when it fires (epoch ms), if one is armed. */
  get armedTimer(): { readonly timer: NegotiatedTimer; readonly dueAtMs: number } | undefined {
    return this.#armedTimer;
  }

  /** Registers the dialog under a new id (the UAC's early dialog confirmed by another To tag). */
  rekey(dialog: Dialog): void {
    this.#registry.unregister(dialogKey(this.#dialog.id));
    this.#dialog = dialog;
    this.#registry.register(dialogKey(dialog.id), this.#member);
  }

  /**
   * "If the side not performing refreshes does not receive a session refresh request before the
   * session expiration, it SHOULD send a BYE to terminate the session."
   * https://www.rfc-editor.org/rfc/rfc4028#section-10
   */
  #expire(): void {
    this.host.emit({ type: 'session.expired' });
    this.sender.sendBye({}, 'session.expired');
  }
}
