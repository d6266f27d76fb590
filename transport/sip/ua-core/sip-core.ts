/**
 * The UA core of the node's SIP side: the transaction user that hands each new request to the
 * handler of its method and sends the handler's answer back through its server transaction.
 *
 * @remarks
 * Handlers are injected by the composition root (the registrar for REGISTER, the call layer for
 * INVITE later), so this folder stays ignorant of calls. Every final response gets a To tag
 * (RFC 3261 §8.2.6.2: "the UAS MUST add a tag to the To header field in the response (with the
 * exception of the 100 (Trying) response)") and a Server header. A handler that throws or
 * rejects is a bug: the request is answered 500 and the failure reported, never left unanswered.
 * https://www.rfc-editor.org/rfc/rfc3261#section-8.2
 */
import type { SipRequest, SipResponse } from '../message/sip-message.ts';
import { createResponse, getHeader, parseNameAddress, withHeaders } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import type { ServerTransaction, TransactionLayer, TransactionUser } from '../transactions/index.ts';
import { checkRequest } from './request-policy.ts';

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
}

/** The core, and the late binding to the transaction layer it answers through. */
export interface SipCore extends TransactionUser {
  attach(layer: TransactionLayer): void;
  readonly allow: readonly string[];
}

/** Builds the UA core. */
export function createSipCore(options: SipCoreOptions): SipCore {
  const served = new Set(Object.keys(options.handlers));
  let layer: TransactionLayer | undefined;

  const finish = (transaction: ServerTransaction, response: SipResponse): void => {
    layer?.respond(transaction, decorate(response, options));
  };

  return {
    allow: [...served],
    attach(transactionLayer) {
      layer = transactionLayer;
    },
    onRequest(transaction) {
      const { request } = transaction;
      const verdict = checkRequest(request, served);
      if (verdict.type === 'reject') {
        const headers = verdict.allow ? { allow: [verdict.allow.join(', ')] } : {};
        finish(transaction, createResponse(request, verdict.status, { toTag: options.createTag(), headers }));
        return;
      }
      const handler = options.handlers[request.method];
      if (handler === undefined) return;
      const incoming: IncomingRequest = { request, source: transaction.source, transactionId: transaction.id };
      const failed = (error: unknown): void => {
        options.onHandlerFailed?.(request.method, error);
        finish(transaction, createResponse(request, 500, { toTag: options.createTag() }));
      };
      try {
        const answer = handler(incoming);
        if (answer instanceof Promise) answer.then((response) => finish(transaction, withTag(response, options)), failed);
        else finish(transaction, withTag(answer, options));
      } catch (error) {
        failed(error);
      }
    },
    onAck() {
      // No INVITE is served yet, so an ACK outside a transaction belongs to no dialog: drop it
      // (RFC 3261 §17.2.3: an ACK matching nothing "is passed to the core", which may discard it).
    },
    onStraySuccess() {
      // This node sends no INVITE yet, so a 2xx to one is stray: dropped (RFC 6026 §7.2).
    },
  };
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
