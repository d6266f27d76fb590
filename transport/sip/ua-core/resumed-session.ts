/**
 * An established session carried on from a snapshot taken on another node: it serves the peer's
 * requests in the dialog (BYE, re-INVITE, UPDATE, INFO) and sends ours, exactly as the session it
 * replaces would have from its confirmed state.
 *
 * @remarks
 * What was in flight on the old node (a 2xx waiting for its ACK, a re-INVITE of ours or the
 * peer's) is not carried over: the peer retransmits its own requests (RFC 3261 §17.1.1.2 and
 * §17.1.2.2), so a request it sent during the move reaches this node; ours were replicated before
 * they were sent or are sent again by the call layer. Our CSeq starts {@link RESUMED_SEQUENCE_MARGIN}
 * above the replica's so that none of our requests goes out of order. The session timer keeps its
 * deadline. https://www.rfc-editor.org/rfc/rfc3261#section-12.2
 */
import { dialogKey } from '../dialogs/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { ServerTransaction } from '../transactions/index.ts';
import { DialogSession, type DialogMember } from './dialog-session.ts';
import { answerOffer, type OfferAnswer } from './dialog-receiver.ts';
import type { DialogRegistry, SessionContext } from './session-context.ts';
import { SessionEmitter } from './session-emitter.ts';
import { sessionError, type ExtraHeaders, type SessionListener, type SessionResult } from './session-events.ts';
import { RESUMED_SEQUENCE_MARGIN, type SessionSnapshot } from './session-snapshot.ts';

/** Where a resumed session registers: the dialog table, which may already hold the dialog. */
export interface ResumeRegistry extends DialogRegistry<DialogMember> {
  find(id: SessionSnapshot['dialog']['id']): DialogMember | undefined;
}

/** The outcome of resuming a snapshot. */
export type ResumeResult =
  | { readonly type: 'ok'; readonly session: ResumedSession }
  | { readonly type: 'error'; readonly code: 'dialog-exists'; readonly detail: string };

/** A confirmed session resumed from its snapshot. */
export class ResumedSession implements DialogMember {
  readonly callId: string;
  readonly #part: DialogSession;
  readonly #emitter = new SessionEmitter();

  private constructor(context: SessionContext, snapshot: SessionSnapshot, registry: ResumeRegistry) {
    this.callId = snapshot.dialog.id.callId;
    const dialog = { ...snapshot.dialog, localSequence: (snapshot.dialog.localSequence ?? 0) + RESUMED_SEQUENCE_MARGIN, pendingInvites: {} };
    const learned = { transport: snapshot.learned.transport, address: snapshot.learned.address, port: snapshot.learned.port };
    this.#part = new DialogSession(context, { emit: (event) => this.#emitter.emit(event) }, dialog, learned, registry, this);
    this.#part.localSdp = snapshot.localSdp;
    this.#part.peerAllowsUpdate = snapshot.peerAllowsUpdate;
    if (snapshot.timer !== undefined) {
      const { intervalSeconds, weRefresh, dueAtMs } = snapshot.timer;
      this.#part.armSessionTimer({ intervalSeconds, weRefresh }, dueAtMs - context.clock.now());
    }
  }

  /** Resumes `snapshot` in `registry`; refused when the dialog is already served here. */
  static resume(context: SessionContext, snapshot: SessionSnapshot, registry: ResumeRegistry): ResumeResult {
    if (registry.find(snapshot.dialog.id) !== undefined) return { type: 'error', code: 'dialog-exists', detail: `dialog ${dialogKey(snapshot.dialog.id)} is already served on this node` };
    return { type: 'ok', session: new ResumedSession(context, snapshot, registry) };
  }

  /** Attaches the call layer's listener. */
  listen(listener: SessionListener): void {
    this.#emitter.listen(listener);
  }

  /** The session as plain data, while it lasts. */
  snapshot(): SessionSnapshot | undefined {
    return this.#part.ended ? undefined : snapshotOf(this.#part);
  }

  /** Moves our CSeq on by `count` (another node sent requests in this dialog meanwhile). */
  skipSequence(count: number): void {
    this.#part.skipSequence(count);
  }

  /** Lets the dialog go without a word to the peer (another node serves it now). */
  release(): void {
    this.#part.release();
  }

  sendBye(headers: ExtraHeaders = {}): SessionResult {
    if (this.#part.ended) return sessionError('invalid-state', 'BYE in terminated');
    return this.#part.sender.sendBye(headers);
  }

  sendReInvite(sdp: string, options: { readonly method?: 'INVITE' | 'UPDATE'; readonly headers?: ExtraHeaders } = {}): SessionResult {
    if (this.#part.ended) return sessionError('invalid-state', 're-INVITE in terminated');
    return this.#part.sender.sendOffer(sdp, options.method ?? 'INVITE', options.headers ?? {});
  }

  sendInfo(contentType: string, body: string, headers: ExtraHeaders = {}): SessionResult {
    if (this.#part.ended) return sessionError('invalid-state', 'INFO in terminated');
    return this.#part.sender.sendInfo(contentType, body, headers);
  }

  answerReInvite(requestId: string, answer: OfferAnswer): SessionResult {
    return answerOffer(this.#part, requestId, answer);
  }

  receiveRequest(transaction: ServerTransaction): void {
    this.#part.receiveRequest(transaction);
  }

  receiveAck(request: SipRequest): void {
    this.#part.receiveAck(request);
  }

  receiveStraySuccess(response: SipResponse): void {
    this.#part.receiveStraySuccess(response);
  }
}

/** The snapshot of a confirmed dialog part; undefined while an INVITE transaction is in progress or after it ended. */
export function snapshotOf(part: DialogSession): SessionSnapshot | undefined {
  const { dialog } = part;
  if (part.ended || dialog.state !== 'confirmed') return undefined;
  const { transport, address, port } = part.sender.learned;
  const armed = part.armedTimer;
  return {
    v: 1,
    dialog,
    learned: { transport, address, port },
    ...(part.localSdp === undefined ? {} : { localSdp: part.localSdp }),
    peerAllowsUpdate: part.peerAllowsUpdate,
    ...(armed === undefined ? {} : { timer: { ...armed.timer, dueAtMs: armed.dueAtMs } }),
  };
}
