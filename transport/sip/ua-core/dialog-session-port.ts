/**
 * The dialog part of a session as its helpers see it: the receiver of in-dialog requests and the
 * sender of in-dialog requests work on this interface, so they and the session do not import
 * each other.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-12.2
 */
import type { Dialog } from '../dialogs/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { ServerTransaction } from '../transactions/index.ts';
import type { SessionContext } from './session-context.ts';
import type { SessionEndCause, SessionEvent } from './session-events.ts';
import type { NegotiatedTimer } from './session-timer.ts';

/** What the dialog table routes to a session. */
export interface DialogMember {
  receiveRequest(transaction: ServerTransaction): void;
  receiveAck(request: SipRequest): void;
  receiveStraySuccess(response: SipResponse): void;
}

/** Hooks the owning session gives its dialog part. */
export interface DialogSessionHost {
  emit(event: SessionEvent): void;
  /** The initial INVITE's 2xx was acknowledged. */
  onInitialAck?(request: SipRequest): void;
  /** The peer sent BYE (on an early dialog the UAS still has to answer its INVITE). */
  onPeerBye?(): void;
}

/** A re-INVITE or UPDATE of the peer waiting for the call layer's answer. */
export interface PendingOffer {
  readonly transaction: ServerTransaction;
  /** The session interval to grant in the 2xx, if any (RFC 4028 §9). */
  readonly timer?: NegotiatedTimer;
  readonly timerHeaders: Readonly<Record<string, readonly string[]>>;
}

/** The dialog part of a session. */
export interface DialogSessionPort {
  readonly context: SessionContext;
  readonly host: DialogSessionHost;
  readonly dialog: Dialog;
  readonly ended: boolean;
  readonly pendingOffers: Map<string, PendingOffer>;
  localSdp: string | undefined;
  peerAllowsUpdate: boolean;
  setDialog(dialog: Dialog): void;
  respond(transaction: ServerTransaction, response: SipResponse): void;
  sendSuccess(transaction: ServerTransaction, response: SipResponse, initial: boolean): void;
  armSessionTimer(timer: NegotiatedTimer | undefined, delayMs?: number): void;
  end(cause: SessionEndCause): void;
}
