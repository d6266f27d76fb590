/**
 * The UA core's table of dialogs and of INVITEs still waiting for their final response, so that
 * in-dialog requests, ACKs for 2xx, stray 2xx and CANCELs reach their session.
 *
 * @remarks "Requests that do not change in any way the state of a dialog may be received within
 * a dialog ... If the request has a tag in the To header field, the UAS core computes the dialog
 * identifier corresponding to the request and compares it with existing dialogs." A request whose
 * dialog is unknown gets 481 (§12.2.2), as does a CANCEL whose INVITE is unknown (§9.2).
 * https://www.rfc-editor.org/rfc/rfc3261#section-12.2.2
 *
 * A dialog handed off to another node (a call moved, or carried on by a new HA master) is
 * remembered for `handOffMs` (the router gives 64×T1: a non-INVITE transaction's lifetime), so that a
 * request still reaching this node in it is not answered 481, which would end the dialog at the
 * peer (§12.2.1.2), but left to be retransmitted to the node that serves it now.
 */
import { dialogKey, type DialogId, type DialogKey } from '../dialogs/index.ts';
import type { SipResponse } from '../message/index.ts';
import type { ServerTransaction } from '../transactions/index.ts';
import type { DialogRegistry, LateAnswerWatch } from './session-context.ts';
import type { DialogMember } from './dialog-session.ts';

/** An INVITE a CANCEL can still reach. */
export interface CancellableInvite {
  receiveCancel(reason?: string): void;
}

/** Dialog id → session, and INVITE server transaction → session. */
export class DialogTable implements DialogRegistry<DialogMember>, LateAnswerWatch {
  readonly #dialogs = new Map<DialogKey, DialogMember>();
  readonly #invites = new Map<ServerTransaction, CancellableInvite>();
  readonly #lateAnswers = new Map<string, (response: SipResponse) => void>();
  /** Dialog → until when (epoch ms) it counts as handed off; in the order handed off, so expiring first. */
  readonly #handedOff = new Map<DialogKey, number>();
  readonly #now: () => number;
  readonly #handOffMs: number;

  constructor(options: { readonly now: () => number; readonly handOffMs: number }) {
    this.#now = options.now;
    this.#handOffMs = options.handOffMs;
  }

  register(key: DialogKey, member: DialogMember): void {
    this.#handedOff.delete(key);
    this.#dialogs.set(key, member);
  }

  unregister(key: DialogKey): void {
    this.#dialogs.delete(key);
  }

  handOff(key: DialogKey): void {
    this.#dialogs.delete(key);
    this.#forgetExpiredHandOffs();
    this.#handedOff.delete(key);
    this.#handedOff.set(key, this.#now() + this.#handOffMs);
  }

  /** Whether a dialog that is not live here was handed off to another node lately. */
  isHandedOff(id: DialogId): boolean {
    this.#forgetExpiredHandOffs();
    return this.#handedOff.has(dialogKey(id));
  }

  #forgetExpiredHandOffs(): void {
    const now = this.#now();
    for (const [key, untilMs] of this.#handedOff) {
      if (untilMs > now) return;
      this.#handedOff.delete(key);
    }
  }

  /** The session of a dialog, if it is live. */
  find(id: DialogId): DialogMember | undefined {
    return this.#dialogs.get(dialogKey(id));
  }

  /** Remembers an INVITE until its final response. */
  trackInvite(transaction: ServerTransaction, invite: CancellableInvite): void {
    this.#invites.set(transaction, invite);
  }

  forgetInvite(transaction: ServerTransaction): void {
    this.#invites.delete(transaction);
  }

  findInvite(transaction: ServerTransaction): CancellableInvite | undefined {
    return this.#invites.get(transaction);
  }

  /**
   * Watches for a 2xx to our INVITE (Call-ID and From tag) that comes when no dialog of it is in
   * the table: after Timer B, a CANCEL or a failure. RFC 3261 §13.2.2.4 still has the UAC ACK
   * it, and a UAC that does not want the dialog then sends BYE.
   */
  watchLateAnswers(callId: string, localTag: string, handler: (response: SipResponse) => void): void {
    this.#lateAnswers.set(`${callId}\u0000${localTag}`, handler);
  }

  stopWatching(callId: string, localTag: string): void {
    this.#lateAnswers.delete(`${callId}\u0000${localTag}`);
  }

  /** The handler of a late 2xx to one of our INVITEs. */
  findLateAnswer(id: DialogId): ((response: SipResponse) => void) | undefined {
    return this.#lateAnswers.get(`${id.callId}\u0000${id.localTag}`);
  }

  /** Live dialogs and unanswered INVITEs, for metrics and leak tests. */
  size(): { readonly dialogs: number; readonly invites: number } {
    return { dialogs: this.#dialogs.size, invites: this.#invites.size };
  }
}
