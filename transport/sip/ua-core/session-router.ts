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
 */
import { dialogIdAsUac, dialogIdAsUas } from '../dialogs/index.ts';
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

/** Option tags this node supports (RFC 4028 session timers). */
export const SUPPORTED_OPTION_TAGS: readonly string[] = ['timer'];

/** Receives each new UAS session; it must call `listen` before returning to miss nothing. */
export type InviteHandler = (session: InviteServerSession) => void;

/** How the router answers: a response for a transaction the router does not hand on. */
export type Answer = (transaction: ServerTransaction, response: SipResponse) => void;

/** Routes INVITE-family requests. */
export class SessionRouter {
  readonly table = new DialogTable();
  readonly #context: SessionContext;
  readonly #onInvite: InviteHandler;
  readonly #answer: Answer;
  readonly #createTag: () => string;

  constructor(context: SessionContext, onInvite: InviteHandler, answer: Answer, createTag: () => string) {
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
    const member = this.table.find(dialogIdAsUas(request));
    if (member === undefined) {
      if (!SESSION_METHODS.includes(request.method) && request.method !== 'PRACK') return false;
      return this.#reply(transaction, 481, {});
    }
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

  /** Carries on an established session from its snapshot (a call moved from another node). */
  resumeSession(snapshot: SessionSnapshot): ResumeResult {
    return ResumedSession.resume(this.#context, snapshot, this.table);
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
