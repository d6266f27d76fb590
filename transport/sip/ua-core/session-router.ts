/**
 * The INVITE side of the UA core: new INVITEs become sessions handed to the call layer;
 * requests with a To tag, ACKs for 2xx, stray 2xx and CANCELs go to the session of their dialog
 * or INVITE.
 *
 * @remarks Reliable provisional responses (RFC 3262) are not offered: `100rel` is not in our
 * Supported, so an INVITE that requires it gets 420 with `Unsupported: 100rel` (RFC 3261
 * §8.2.2.3) and a PRACK, which cannot match any reliable provisional of ours, gets 481 in a dialog
 * (RFC 3262 §4) and 405 with Allow outside one (RFC 3261 §8.2.1).
 * https://www.rfc-editor.org/rfc/rfc3261#section-12.2.2
 *
 * A request in a dialog that is not live here is answered 481 (§12.2.2), which ends the dialog at
 * the peer (§12.2.1.2), except when the dialog is passing between nodes:
 * - while the node takes dialogs over (`holdUnknownDialogs`, a new HA master resuming the calls
 *   it found replicated), such requests wait, and are routed again once the hold ends; so do the
 *   requests in dialogs resumed during the hold, whose calls may not yet be there to hear them;
 * - in a dialog this node handed off lately (see DialogTable), a non-INVITE request goes
 *   unanswered, as if lost, so that the peer's retransmission reaches the node that serves it now;
 *   a re-INVITE, which a 100 Trying would stop retransmitting, gets 500 with Retry-After (§14.2),
 *   which leaves the dialog as it was.
 */
import { dialogIdAsUac, dialogIdAsUas, dialogKey, type DialogKey } from '../dialogs/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import { createResponse, getHeader, getHeaders, parseNameAddress, parseUri } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import type { ServerTransaction } from '../transactions/index.ts';
import { DialogTable } from './dialog-table.ts';
import { unsupportedRequirements } from './in-dialog-responses.ts';
import { InviteServerSession } from './invite-server-session.ts';
import { startInvite, type StartInviteOptions, type StartInviteResult } from './invite-client-session.ts';
import type { SessionContext } from './session-context.ts';
import { ResumedSession, type ResumeResult } from './resumed-session.ts';
import type { SessionSnapshot } from './session-snapshot.ts';
import { grantSessionTimer } from './session-timer.ts';

/** Methods the router serves; they join the node's Allow list. */
export const SESSION_METHODS: readonly string[] = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'UPDATE', 'INFO'];

/** The most requests a hold keeps waiting; more are left unanswered (the peer retransmits them). */
export const MAX_HELD_REQUESTS = 10_000;

/** The Retry-After, in seconds, of a re-INVITE in a dialog handed off to another node. */
const HANDED_OFF_RETRY_AFTER_SECONDS = 1;

/** Option tags this node supports (RFC 4028 session timers). */
export const SUPPORTED_OPTION_TAGS: readonly string[] = ['timer'];

/** Receives each new UAS session; it must call `listen` before returning to miss nothing. */
export type InviteHandler = (session: InviteServerSession) => void;

/** How the router answers: a response for a transaction the router does not hand on. */
export type Answer = (transaction: ServerTransaction, response: SipResponse) => void;

/** Routes INVITE-family requests. */
export class SessionRouter {
  readonly table: DialogTable;
  readonly #context: SessionContext;
  readonly #onInvite: InviteHandler;
  readonly #answer: Answer;
  readonly #createTag: () => string;
  readonly #held: ServerTransaction[] = [];
  /** Dialogs resumed while a hold lasts: their requests wait for its end too. */
  readonly #resumedUnderHold = new Set<DialogKey>();
  readonly #reroute: (transaction: ServerTransaction) => void;
  #holds = 0;

  /** `reroute` takes a held request once its hold ends (the core's own entry point; `route` by default). */
  constructor(context: SessionContext, onInvite: InviteHandler, answer: Answer, createTag: () => string, reroute?: (transaction: ServerTransaction) => void) {
    this.#reroute = reroute ?? ((transaction) => void this.route(transaction));
    this.table = new DialogTable({ now: () => context.clock.now(), handOffMs: 64 * context.timers.t1Ms });
    this.#context = context;
    this.#onInvite = onInvite;
    this.#answer = answer;
    this.#createTag = createTag;
  }

  /**
   * Takes a new request if it belongs to sessions: a request with a To tag of a live dialog, a
   * CANCEL, or any INVITE-family method. Returns false to leave it to the method handlers.
   */
  route(transaction: ServerTransaction): boolean {
    const { request } = transaction;
    if (request.method === 'CANCEL') return this.#cancel(transaction);
    const unsupported = unsupportedRequirements(request, SUPPORTED_OPTION_TAGS);
    if (!hasToTag(request)) {
      if (request.method !== 'INVITE') return this.#refuseOutOfDialog(transaction);
      if (unsupported.length > 0) return this.#reply(transaction, 420, { unsupported: [unsupported.join(', ')] });
      if (!hasSipContact(request)) return this.#reply(transaction, 400, {}, 'Missing or Invalid Contact');
      return this.#newInvite(transaction);
    }
    const id = dialogIdAsUas(request);
    const member = this.table.find(id);
    if (member === undefined) {
      if (!SESSION_METHODS.includes(request.method) && request.method !== 'PRACK') return false;
      return this.#notLiveHere(transaction);
    }
    if (this.#holds > 0 && this.#resumedUnderHold.has(dialogKey(id))) return this.#hold(transaction);
    if (unsupported.length > 0) return this.#reply(transaction, 420, { unsupported: [unsupported.join(', ')] });
    member.receiveRequest(transaction);
    return true;
  }

  /** An ACK no transaction absorbed: the ACK for a 2xx of a session (RFC 3261 §13.3.1.4). */
  receiveAck(request: SipRequest): void {
    this.table.find(dialogIdAsUas(request))?.receiveAck(request);
  }

  /** A 2xx after its INVITE transaction ended: its session re-sends the ACK (RFC 3261 §13.2.2.4). */
  receiveStraySuccess(response: SipResponse, _source: SipEndpoint): void {
    const id = dialogIdAsUac(response);
    const member = this.table.find(id);
    if (member !== undefined) member.receiveStraySuccess(response);
    else this.table.findLateAnswer(id)?.(response);
  }

  /**
   * Keeps requests in dialogs that are not live here waiting, instead of answering them 481, until
   * the returned function is called or `limitMs` has passed; then routes them again. Holds nest:
   * the requests wait for the last one to end.
   */
  holdUnknownDialogs(limitMs: number): () => void {
    this.#holds += 1;
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      this.#context.clock.clearTimer(timer);
      this.#holds -= 1;
      if (this.#holds === 0) this.#routeHeld();
    };
    const timer = this.#context.clock.setTimer(limitMs, end);
    return end;
  }

  /** Carries on an established session from its snapshot (a call moved from another node). */
  resumeSession(snapshot: SessionSnapshot): ResumeResult {
    const resumed = ResumedSession.resume(this.#context, snapshot, this.table);
    if (resumed.type === 'ok' && this.#holds > 0) this.#resumedUnderHold.add(dialogKey(snapshot.dialog.id));
    return resumed;
  }

  /** Places an outbound leg. */
  startInvite(options: StartInviteOptions): StartInviteResult {
    return startInvite(this.#context, this.table, options);
  }

  /**
   * "If the UAS did not find a matching transaction for the CANCEL according to the procedure
   * above, it SHOULD respond to the CANCEL with a 481 ... the CANCEL request ... has no effect on
   * the processing of the original request" once that has a final response; otherwise 200 to the
   * CANCEL and the session answers its INVITE with 487. https://www.rfc-editor.org/rfc/rfc3261#section-9.2
   */
  #cancel(transaction: ServerTransaction): boolean {
    const invite = this.#context.layer.findCancelledInvite(transaction);
    if (invite === undefined) return this.#reply(transaction, 481, {});
    const session = this.table.findInvite(invite);
    this.#reply(transaction, 200, {});
    session?.receiveCancel(getHeader(transaction.request, 'reason'));
    return true;
  }

  /**
   * A new INVITE: 422 when its session interval is below our Min-SE (RFC 4028 §9), otherwise a
   * session for the call layer.
   */
  #newInvite(transaction: ServerTransaction): boolean {
    const grant = grantSessionTimer(transaction.request, this.#context.sessionTimer);
    if (grant.type === 'too-small') return this.#reply(transaction, 422, { 'min-se': [String(grant.minSeSeconds)] });
    const session = new InviteServerSession({
      context: this.#context,
      transaction,
      registry: this.table,
      onInviteAnswered: () => this.table.forgetInvite(transaction),
    });
    this.table.trackInvite(transaction, session);
    try {
      this.#onInvite(session);
    } catch (error) {
      // A failing call layer is a bug: the core answers 500 and reports it.
      this.table.forgetInvite(transaction);
      throw error;
    }
    return true;
  }

  /** A request in a dialog that is not live here: see the file's remarks. */
  #notLiveHere(transaction: ServerTransaction): boolean {
    const { request } = transaction;
    if (this.#holds > 0) return this.#hold(transaction);
    if (!this.table.isHandedOff(dialogIdAsUas(request))) return this.#reply(transaction, 481, {});
    if (request.method === 'INVITE') return this.#reply(transaction, 500, { 'retry-after': [String(HANDED_OFF_RETRY_AFTER_SECONDS)] }, 'Served by Another Node');
    this.#context.layer.abandon(transaction);
    return true;
  }

  #hold(transaction: ServerTransaction): true {
    if (this.#held.length < MAX_HELD_REQUESTS) this.#held.push(transaction);
    else this.#context.layer.abandon(transaction);
    return true;
  }

  /** Routes again, as if just received, what waited for the hold; requests whose transaction ended meanwhile are gone. */
  #routeHeld(): void {
    this.#resumedUnderHold.clear();
    for (const transaction of this.#held.splice(0)) {
      if (transaction.state === 'trying' || transaction.state === 'proceeding') this.#reroute(transaction);
    }
  }

  /** BYE, UPDATE or INFO without a To tag belong to no dialog (RFC 3261 §12.2.2: 481). */
  #refuseOutOfDialog(transaction: ServerTransaction): boolean {
    if (!SESSION_METHODS.includes(transaction.request.method)) return false;
    return this.#reply(transaction, 481, {});
  }

  #reply(transaction: ServerTransaction, status: number, headers: Readonly<Record<string, readonly string[]>>, reason?: string): true {
    const options = { toTag: this.#createTag(), headers, ...(reason === undefined ? {} : { reason }) };
    this.#answer(transaction, createResponse(transaction.request, status, options));
    return true;
  }
}

/**
 * "The Contact header field MUST be present and contain exactly one SIP or SIPS URI in any request
 * that can result in the establishment of a dialog." https://www.rfc-editor.org/rfc/rfc3261#section-8.1.1.8
 */
function hasSipContact(request: SipRequest): boolean {
  const contacts = getHeaders(request, 'contact');
  const uri = contacts.length === 1 ? parseNameAddress(contacts[0] ?? '')?.uri : undefined;
  const scheme = uri === undefined ? undefined : parseUri(uri)?.scheme;
  return scheme === 'sip' || scheme === 'sips';
}

function hasToTag(request: SipRequest): boolean {
  const tag = parseNameAddress(getHeader(request, 'to') ?? '')?.params['tag'];
  return typeof tag === 'string' && tag !== '';
}
