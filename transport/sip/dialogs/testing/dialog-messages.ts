/**
 * Messages for the dialog tests, after the examples of RFC 3261 §16.12 and §12.2.1.1.
 *
 * @remarks Not exported by the folder's index: tests import it directly.
 */
import type { SipRequest, SipResponse } from '../../message/index.ts';
import { createResponse } from '../../message/index.ts';

/** Fields of {@link buildInvite}. */
export interface InviteFields {
  readonly uri?: string;
  readonly fromTag?: string | null;
  readonly cseq?: number;
  readonly contact?: string;
  readonly recordRoute?: readonly string[];
  readonly method?: string;
}

/** The INVITE U1 sends to U2 (caller@u1.example.com → callee@domain.com). */
export function buildInvite(fields: InviteFields = {}): SipRequest {
  const method = fields.method ?? 'INVITE';
  const fromTag = fields.fromTag === undefined ? ';tag=9fxced76sl' : fields.fromTag === null ? '' : `;tag=${fields.fromTag}`;
  return {
    type: 'request',
    method,
    uri: fields.uri ?? 'sip:callee@u2.domain.com',
    headers: {
      via: ['SIP/2.0/UDP u1.example.com;branch=z9hG4bKnashds8'],
      'max-forwards': ['70'],
      to: ['Callee <sip:callee@domain.com>'],
      from: [`Caller <sip:caller@example.com>${fromTag}`],
      'call-id': ['3848276298220188511@u1.example.com'],
      cseq: [`${String(fields.cseq ?? 1)} ${method}`],
      contact: [fields.contact ?? '<sip:caller@u1.example.com>'],
      ...(fields.recordRoute === undefined ? {} : { 'record-route': fields.recordRoute }),
    },
    body: new Uint8Array(0),
  };
}

/** Fields of {@link buildAnswer}. */
export interface AnswerFields {
  readonly toTag?: string;
  readonly contact?: string | null;
  readonly recordRoute?: readonly string[];
}

/** U2's response to `request`, copying the request's Record-Route unless told otherwise. */
export function buildAnswer(request: SipRequest, status: number, fields: AnswerFields = {}): SipResponse {
  const recordRoute = fields.recordRoute ?? request.headers['record-route'] ?? [];
  const contact = fields.contact === undefined ? '<sip:callee@u2.domain.com>' : fields.contact;
  return createResponse(request, status, {
    ...(fields.toTag === '' ? {} : { toTag: fields.toTag ?? '314159' }),
    headers: { 'record-route': recordRoute, contact: contact === null ? [] : [contact] },
  });
}

/** A request the peer sends within the dialog of `invite` (we are the UAS of `invite`). */
export function buildPeerRequest(method: string, cseq: number, extra: Readonly<Record<string, readonly string[]>> = {}): SipRequest {
  return {
    type: 'request',
    method,
    uri: 'sip:callee@u2.domain.com',
    headers: {
      via: ['SIP/2.0/UDP u1.example.com;branch=z9hG4bKpeer' + String(cseq)],
      'max-forwards': ['70'],
      to: ['Callee <sip:callee@domain.com>;tag=314159'],
      from: ['Caller <sip:caller@example.com>;tag=9fxced76sl'],
      'call-id': ['3848276298220188511@u1.example.com'],
      cseq: [`${String(cseq)} ${method}`],
      ...extra,
    },
    body: new Uint8Array(0),
  };
}
