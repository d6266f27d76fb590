/**
 * Creating a dialog from the request that opens it and the response that establishes it.
 *
 * @remarks "Within this specification, only 2xx and 101-199 responses with a To tag, where the
 * request was INVITE, will establish a dialog. A dialog established by a non-final response to a
 * request is in the "early" state." Extensions (SUBSCRIBE, RFC 6665) create dialogs the same way,
 * so the method is the caller's choice. https://www.rfc-editor.org/rfc/rfc3261#section-12.1
 */
import type { SipRequest, SipResponse } from '../message/index.ts';
import { getHeader, parseCSeq } from '../message/index.ts';
import { dialogError, type Dialog, type DialogError } from './dialog.ts';
import { callIdOf, contactUri, isSipsUri, recordRouteUris, splitAddress } from './dialog-headers.ts';

/** The result of creating a dialog. */
export type CreateDialogResult = { readonly type: 'ok'; readonly dialog: Dialog } | DialogError;

/** Options of dialog creation. */
export interface CreateDialogOptions {
  /** The request travelled over TLS (SIP over TLS or secure WebSocket). */
  readonly overTls: boolean;
}

/**
 * The dialog a UAS establishes by sending `response` (101–299 with a To tag) to `request`.
 *
 * @remarks §12.1.1: "If the request arrived over TLS, and the Request-URI contained a SIPS URI,
 * the "secure" flag is set to TRUE. The route set MUST be set to the list of URIs in the
 * Record-Route header field from the request, taken in order and preserving all URI parameters.
 * ... The remote target MUST be set to the URI from the Contact header field of the request. The
 * remote sequence number MUST be set to the value of the sequence number in the CSeq header field
 * of the request. The local sequence number MUST be empty. ... The local tag component of the
 * dialog ID MUST be set to the tag in the To field in the response to the request (which always
 * includes a tag), and the remote tag component of the dialog ID MUST be set to the tag from the
 * From field in the request. A UAS MUST be prepared to receive a request without a tag in the
 * From field, in which case the tag is considered to have a value of null. ... The remote URI MUST
 * be set to the URI in the From field, and the local URI MUST be set to the URI in the To field."
 * https://www.rfc-editor.org/rfc/rfc3261#section-12.1.1
 */
export function createUasDialog(request: SipRequest, response: SipResponse, options: CreateDialogOptions): CreateDialogResult {
  const checked = checkEstablishing(response);
  if (checked !== undefined) return checked;
  const local = splitAddress(response, 'to');
  const remote = splitAddress(request, 'from');
  const cseq = parseCSeq(getHeader(request, 'cseq') ?? '');
  if (local === undefined || remote === undefined || cseq === undefined) return dialogError('missing-header', 'From, To or CSeq');
  if (local.tag === '') return dialogError('missing-tag', 'the response must carry a To tag');
  const target = contactUri(request);
  if (target.type !== 'ok') return dialogError(contactError(target.type), 'the request needs a SIP or SIPS Contact');
  const routeSet = recordRouteUris(request);
  if (routeSet === undefined) return dialogError('missing-header', 'malformed Record-Route');
  return {
    type: 'ok',
    dialog: {
      id: { callId: callIdOf(request), localTag: local.tag, remoteTag: remote.tag },
      role: 'uas',
      state: response.status < 200 ? 'early' : 'confirmed',
      remoteSequence: cseq.sequence,
      localAddress: local.address,
      remoteAddress: remote.address,
      remoteTarget: target.uri,
      routeSet,
      secure: options.overTls && isSipsUri(request.uri),
      ownsCallId: false,
      pendingInvites: request.method === 'INVITE' && response.status < 200 ? { remote: cseq.sequence } : {},
    },
  };
}

/**
 * The dialog a UAC learns from `response` (101–299 with a To tag) to the `request` it sent.
 *
 * @remarks §12.1.2: "The route set MUST be set to the list of URIs in the Record-Route header field
 * from the response, taken in reverse order and preserving all URI parameters. ... The remote
 * target MUST be set to the URI from the Contact header field of the response. The local sequence
 * number MUST be set to the value of the sequence number in the CSeq header field of the request.
 * The remote sequence number MUST be empty ... The local tag component of the dialog ID MUST be set
 * to the tag in the From field in the request, and the remote tag component of the dialog ID MUST
 * be set to the tag in the To field of the response. ... The remote URI MUST be set to the URI in
 * the To field, and the local URI MUST be set to the URI in the From field."
 * https://www.rfc-editor.org/rfc/rfc3261#section-12.1.2
 */
export function createUacDialog(request: SipRequest, response: SipResponse, options: CreateDialogOptions): CreateDialogResult {
  const checked = checkEstablishing(response);
  if (checked !== undefined) return checked;
  const local = splitAddress(request, 'from');
  const remote = splitAddress(response, 'to');
  const cseq = parseCSeq(getHeader(request, 'cseq') ?? '');
  if (local === undefined || remote === undefined || cseq === undefined) return dialogError('missing-header', 'From, To or CSeq');
  if (remote.tag === '') return dialogError('missing-tag', 'only a response with a To tag establishes a dialog');
  const target = contactUri(response);
  if (target.type !== 'ok') return dialogError(contactError(target.type), 'the response needs a SIP or SIPS Contact');
  const recordRoutes = recordRouteUris(response);
  if (recordRoutes === undefined) return dialogError('missing-header', 'malformed Record-Route');
  return {
    type: 'ok',
    dialog: {
      id: { callId: callIdOf(request), localTag: local.tag, remoteTag: remote.tag },
      role: 'uac',
      state: response.status < 200 ? 'early' : 'confirmed',
      localSequence: cseq.sequence,
      localAddress: local.address,
      remoteAddress: remote.address,
      remoteTarget: target.uri,
      routeSet: [...recordRoutes].reverse(),
      secure: options.overTls && isSipsUri(request.uri),
      ownsCallId: true,
      pendingInvites: request.method === 'INVITE' && response.status < 200 ? { local: cseq.sequence } : {},
    },
  };
}

function checkEstablishing(response: SipResponse): DialogError | undefined {
  if (response.status < 101 || response.status > 299) {
    return dialogError('not-dialog-creating', `a ${String(response.status)} does not establish a dialog`);
  }
  return undefined;
}

function contactError(problem: 'missing' | 'invalid'): 'missing-contact' | 'invalid-contact' {
  return problem === 'missing' ? 'missing-contact' : 'invalid-contact';
}
