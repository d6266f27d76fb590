/**
 * The UA core of the node's SIP side: the transaction user that hands each new request to the
 * handler of its method and sends the handler's answer back through its server transaction.
 *
 * @remarks
 * Handlers are injected by the composition root (the registrar for REGISTER; the call layer gets
 * each new INVITE as a session through `sessions.onInvite`), so this folder stays ignorant of
 * calls. Requests with a To tag, CANCELs, ACKs for 2xx and stray 2xx go to the session router
 * first, which falls back to the handlers for methods it does not serve. Every final response gets a To tag
 * (RFC 3261 §8.2.6.2: "the UAS MUST add a tag to the To header field in the response (with the
 * exception of the 100 (Trying) response)") and a Server header. A handler that throws or
 * rejects is a bug: the request is answered 500 and the failure reported, never left unanswered.
 * https://www.rfc-editor.org/rfc/rfc3261#section-8.2
 */
import type { SipRequest, SipResponse } from '../message/sip-message.ts';
import { createResponse, getHeader, parseNameAddress, withHeaders } from '../message/index.ts';
import type { SipEndpoint, SipTransportKind } from '../sip-endpoint.ts';
import type { RandomBytes, ServerTransaction, SipClock, SipTimerConfig, TransactionLayer, TransactionUser } from '../transactions/index.ts';
import { resolveSipTimerConfig } from '../transactions/index.ts';
import type { Dialog } from '../dialogs/index.ts';
import { checkRequest } from './request-policy.ts';
import { DEFAULT_SESSION_TIMER_POLICY, type SessionContext, type SessionTimerPolicy } from './session-context.ts';
import { SESSION_METHODS, SessionRouter, type InviteHandler } from './session-router.ts';
import type { StartInviteOptions, StartInviteResult } from './invite-client-session.ts';
import type { ResumeResult } from './resumed-session.ts';
import type { SessionSnapshot } from './session-snapshot.ts';

/** A new request as a handler sees it. */
export interface IncomingRequest {
  readonly request: SipRequest;
  /** Where it came from (for NAT: the real address and port, and the connection). */
  readonly source: SipEndpoint;
  readonly transactionId: string;
}

/** Answers a non-INVITE request with its final response. */
export type RequestHandler = (incoming: IncomingRequest) => SipResponse | Promise<SipResponse>;

export interface SipCoreOptions {
  /** Method → handler; the methods listed here are the node's Allow list. */
  readonly handlers: Readonly<Record<string, RequestHandler>>;
  /** `Server` header value, e.g. `parley/0.1.0`. */
  readonly serverName: string;
  readonly createTag: () => string;
  readonly onHandlerFailed?: (method: string, error: unknown) => void;
  /** INVITE sessions; without them INVITE is not served (405). */
  readonly sessions?: SessionOptions;
}

/** What the composition root gives the core to run INVITE sessions. */
export interface SessionOptions {
  /** Receives each new UAS session (the call layer); it calls `session.listen` at once. */
  readonly onInvite: InviteHandler;
  readonly clock: SipClock;
  /** T1, T2, T4 as given to the transaction layer; the RFC defaults when omitted. */
  readonly timers?: Partial<SipTimerConfig>;
  readonly randomBytes: RandomBytes;
  /** A number in [0, 1); `Math.random` in production. */
  readonly random: () => number;
  /** The node's Contact URI per transport, e.g. `{ udp: 'sip:192.0.2.1:5060' }`. */
  readonly contacts: Readonly<Partial<Record<SipTransportKind, string>>>;
  readonly sessionTimer?: SessionTimerPolicy;
  readonly resolveDestination?: (dialog: Dialog, learned: SipEndpoint) => SipEndpoint;
}

/** The core, and the late binding to the transaction layer it answers through. */
export interface SipCore extends TransactionUser {
  attach(layer: TransactionLayer): void;
  readonly allow: readonly string[];
  /** Places an outbound leg (UAC session); an error value when sessions are not configured. */
  startInvite(options: StartInviteOptions): StartInviteResult;
  /** Carries on an established session from its snapshot; an error value when sessions are not configured. */
  resumeSession(snapshot: SessionSnapshot): ResumeResult | { readonly type: 'error'; readonly code: 'not-configured'; readonly detail: string };
  /**
   * Keeps requests in dialogs that are not live here waiting instead of answering them 481, while
   * dialogs are being taken over (see SessionRouter), until the returned function is called or
   * `limitMs` has passed.
   */
  holdUnknownDialogs(limitMs: number): () => void;
  /** Live dialogs and unanswered INVITEs. */
  sessionCounts(): { readonly dialogs: number; readonly invites: number };
}

/** Builds the UA core. */
export function createSipCore(options: SipCoreOptions): SipCore {
  const served = new Set([...Object.keys(options.handlers), ...(options.sessions === undefined ? [] : SESSION_METHODS)]);
  let layer: TransactionLayer | undefined;
  let router: SessionRouter | undefined;

  const finish = (transaction: ServerTransaction, response: SipResponse): void => {
    layer?.respond(transaction, decorate(response, options));
  };

  const core: SipCore = {
    allow: [...served],
    attach(transactionLayer) {
      layer = transactionLayer;
      if (options.sessions !== undefined) {
        const context = sessionContext(options.sessions, transactionLayer, [...served], options.serverName);
        router = new SessionRouter(context, options.sessions.onInvite, finish, options.createTag, (transaction) => core.onRequest(transaction));
      }
    },
    holdUnknownDialogs(limitMs) {
      return router?.holdUnknownDialogs(limitMs) ?? (() => undefined);
    },
    startInvite(invite) {
      if (router === undefined) return { type: 'error', code: 'send-failed', detail: 'INVITE sessions are not configured' };
      return router.startInvite(invite);
    },
    resumeSession(snapshot) {
      if (router === undefined) return { type: 'error', code: 'not-configured', detail: 'INVITE sessions are not configured' };
      return router.resumeSession(snapshot);
    },
    sessionCounts: () => router?.table.size() ?? { dialogs: 0, invites: 0 },
    onRequest(transaction) {
      const { request } = transaction;
      const verdict = checkRequest(request, served);
      if (verdict.type === 'reject') {
        const headers = verdict.allow ? { allow: [verdict.allow.join(', ')] } : {};
        finish(transaction, createResponse(request, verdict.status, { toTag: options.createTag(), headers }));
        return;
      }
      const failed = (error: unknown): void => {
        options.onHandlerFailed?.(request.method, error);
        finish(transaction, createResponse(request, 500, { toTag: options.createTag() }));
      };
      try {
        if (router?.route(transaction) === true) return;
      } catch (error) {
        failed(error);
        return;
      }
      runHandler(transaction, options, (response) => finish(transaction, response), failed);
    },
    onAck(request) {
      // The ACK for a 2xx goes to its dialog; one matching no dialog is dropped (RFC 3261
      // §17.2.3: an ACK matching nothing "is passed to the core", which may discard it).
      router?.receiveAck(request);
    },
    onStraySuccess(response, source) {
      // A 2xx after Timer M: its session re-sends the ACK; without one it is dropped (RFC 6026 §7.2).
      router?.receiveStraySuccess(response, source);
    },
  };
  return core;
}

function sessionContext(sessions: SessionOptions, layer: TransactionLayer, allow: readonly string[], userAgent: string): SessionContext {
  const timers = resolveSipTimerConfig(sessions.timers);
  if (timers.type === 'error') throw new RangeError(timers.detail);
  return {
    layer,
    clock: sessions.clock,
    timers: timers.config,
    randomBytes: sessions.randomBytes,
    random: sessions.random,
    contacts: sessions.contacts,
    sessionTimer: sessions.sessionTimer ?? DEFAULT_SESSION_TIMER_POLICY,
    allow: allow.filter((method) => method !== 'REGISTER'),
    userAgent,
    ...(sessions.resolveDestination === undefined ? {} : { resolveDestination: sessions.resolveDestination }),
  };
}

/** Runs the method handler of a request and passes on its answer, or its failure. */
function runHandler(
  transaction: ServerTransaction,
  options: SipCoreOptions,
  finish: (response: SipResponse) => void,
  failed: (error: unknown) => void,
): void {
  const { request } = transaction;
  const handler = options.handlers[request.method];
  if (handler === undefined) return;
  const incoming: IncomingRequest = { request, source: transaction.source, transactionId: transaction.id };
  try {
    const answer = handler(incoming);
    if (answer instanceof Promise) answer.then((response) => finish(withTag(response, options)), failed);
    else finish(withTag(answer, options));
  } catch (error) {
    failed(error);
  }
}

function withTag(response: SipResponse, options: SipCoreOptions): SipResponse {
  if (response.status < 101) return response;
  const to = getHeader(response, 'to');
  const parsed = to === undefined ? undefined : parseNameAddress(to);
  if (to === undefined || parsed === undefined || Object.hasOwn(parsed.params, 'tag')) return response;
  return withHeaders(response, 'to', [`${to};tag=${options.createTag()}`]);
}

function decorate(response: SipResponse, options: SipCoreOptions): SipResponse {
  return getHeader(response, 'server') === undefined ? withHeaders(response, 'server', [options.serverName]) : response;
}
