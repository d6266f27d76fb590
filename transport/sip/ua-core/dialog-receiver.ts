/**
 * Requests the peer sends in an established (or early) dialog: BYE, re-INVITE, UPDATE, INFO,
 * OPTIONS, PRACK and the rest, and the call layer's answers to offers.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-12.2.2
 */
import { receiveRequestInDialog } from '../dialogs/index.ts';
import { getHeader, parseCSeq } from '../message/index.ts';
import type { ServerTransaction } from '../transactions/index.ts';
import type { DialogSessionPort } from './dialog-session-port.ts';
import { contactHeader } from './session-context.ts';
import { bodyText, mediaTypeOf, readSdp, sdpBody } from './session-body.ts';
import { SESSION_OK, sessionError, type ExtraHeaders, type SessionResult } from './session-events.ts';
import { grantSessionTimer } from './session-timer.ts';
import { allowsMethod, buildResponse, mergeHeaders } from './in-dialog-responses.ts';

/** The call layer's answer to an offer: a 2xx with SDP, or a refusal. */
export type OfferAnswer =
  | { readonly type: 'accept'; readonly sdp?: string; readonly headers?: ExtraHeaders }
  | { readonly type: 'reject'; readonly status: number; readonly reason?: string; readonly headers?: ExtraHeaders };

/** Handles a request of the dialog (never ACK or CANCEL, which the core routes elsewhere). */
export function receiveInDialog(session: DialogSessionPort, transaction: ServerTransaction): void {
  const { request } = transaction;
  const verdict = receiveRequestInDialog(session.dialog, request, { random: session.context.random });
  if (verdict.type === 'rejected') {
    const retry = verdict.retryAfterSeconds === undefined ? {} : { 'retry-after': [String(verdict.retryAfterSeconds)] };
    session.respond(transaction, buildResponse(request, verdict.status, { reason: verdict.reason, headers: retry }));
    return;
  }
  session.setDialog(verdict.dialog);
  switch (request.method) {
    case 'BYE':
      return receiveBye(session, transaction);
    case 'INVITE':
    case 'UPDATE':
      return receiveOffer(session, transaction, request.method);
    case 'INFO':
      // "A UA that receives an INFO request ... MUST send a 200 OK" when it supports it; the call
      // layer relays the payload. https://www.rfc-editor.org/rfc/rfc6086#section-4.2.2
      session.respond(transaction, buildResponse(request, 200));
      session.host.emit({ type: 'info.received', body: bodyText(request), ...optional('contentType', mediaTypeOf(request)) });
      return;
    case 'OPTIONS':
      session.respond(transaction, buildResponse(request, 200, { headers: { allow: [session.context.allow.join(', ')] } }));
      return;
    case 'PRACK':
      // We never send reliable provisional responses, so no PRACK can match one: "the UAS MUST
      // respond to the PRACK with a 481". https://www.rfc-editor.org/rfc/rfc3262#section-4
      session.respond(transaction, buildResponse(request, 481));
      return;
    default:
      session.respond(transaction, buildResponse(request, 405, { headers: { allow: [session.context.allow.join(', ')] } }));
  }
}

/**
 * BYE: 200, then the session ends, which answers 487 to every request of the dialog still
 * unanswered. https://www.rfc-editor.org/rfc/rfc3261#section-15.1.2
 */
function receiveBye(session: DialogSessionPort, transaction: ServerTransaction): void {
  session.respond(transaction, buildResponse(transaction.request, 200));
  session.host.emit({ type: 'bye.received' });
  session.host.onPeerBye?.();
  session.end('bye.received');
}

/**
 * A re-INVITE or UPDATE: 422 when its session interval is too small (RFC 4028 §9), otherwise the
 * offer goes to the call layer, which answers with {@link answerOffer}.
 */
function receiveOffer(session: DialogSessionPort, transaction: ServerTransaction, method: 'INVITE' | 'UPDATE'): void {
  const { request } = transaction;
  const grant = grantSessionTimer(request, session.context.sessionTimer);
  if (grant.type === 'too-small') {
    session.respond(transaction, buildResponse(request, 422, { headers: { 'min-se': [String(grant.minSeSeconds)] } }));
    return;
  }
  if (allowsMethod(request, 'UPDATE')) session.peerAllowsUpdate = true;
  const requestId = `${method}-${String(parseCSeq(getHeader(request, 'cseq') ?? '')?.sequence ?? 0)}`;
  session.pendingOffers.set(requestId, { transaction, timer: grant.timer, timerHeaders: grant.headers });
  session.host.emit({ type: 'reinvite.received', requestId, method, ...optional('sdp', readSdp(request)) });
}

/**
 * Answers an offer the peer sent: a 2xx carries our SDP, Contact and the session interval, and a
 * 2xx to a re-INVITE is re-sent until its ACK (RFC 3261 §13.3.1.4); the session timer restarts
 * (RFC 4028 §10: a successful refresh starts a new interval).
 */
export function answerOffer(session: DialogSessionPort, requestId: string, answer: OfferAnswer): SessionResult {
  const pending = session.pendingOffers.get(requestId);
  if (pending === undefined) return sessionError('unknown-request', `no offer ${requestId} waits for an answer`);
  session.pendingOffers.delete(requestId);
  const { request } = pending.transaction;
  if (answer.type === 'reject') {
    if (answer.status < 300 || answer.status > 699) return sessionError('invalid-status', 'a refusal is 300–699');
    session.respond(pending.transaction, buildResponse(request, answer.status, { ...optional('reason', answer.reason), headers: answer.headers ?? {} }));
    return SESSION_OK;
  }
  // A re-INVITE's 2xx, or the answer to an UPDATE's offer, needs SDP; without a new one the
  // session's current SDP is answered unchanged (a refresh: RFC 3264 §8 keeps its version).
  const needsSdp = request.method === 'INVITE' || readSdp(request) !== undefined;
  const sdp = answer.sdp ?? (needsSdp ? session.localSdp : undefined);
  if (sdp !== undefined) session.localSdp = sdp;
  const contact = contactHeader(session.context, pending.transaction.source.transport);
  const headers = mergeHeaders(
    { allow: [session.context.allow.join(', ')], supported: ['timer'] },
    contact === undefined ? {} : { contact: [contact] },
    pending.timerHeaders,
    answer.headers ?? {},
  );
  const response = buildResponse(request, 200, { headers, body: sdpBody(sdp) });
  if (request.method === 'INVITE') session.sendSuccess(pending.transaction, response, false);
  else session.respond(pending.transaction, response);
  session.armSessionTimer(pending.timer);
  if (pending.timer !== undefined) session.host.emit({ type: 'session.refreshed', intervalSeconds: pending.timer.intervalSeconds });
  return SESSION_OK;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
