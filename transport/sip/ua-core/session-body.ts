/**
 * Message bodies of INVITE sessions: SDP offers and answers, INFO payloads.
 *
 * @remarks Sessions hand the call layer SDP as text and leave its parsing to the media side
 * (RFC 3264 offer/answer). Only a body whose Content-Type is `application/sdp` is taken as SDP
 * (RFC 3261 §13.2.1: "The Content-Type header field ... describes the body"); a multipart body is
 * not an offer this node understands. https://www.rfc-editor.org/rfc/rfc3264
 */
import type { SipMessage } from '../message/index.ts';
import { getHeader } from '../message/index.ts';
import type { ExtraHeaders } from './session-events.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/** A body and the headers that describe it. */
export interface MessageBody {
  readonly headers: ExtraHeaders;
  readonly body: Uint8Array;
}

/** An SDP body, or none. */
export function sdpBody(sdp: string | undefined): MessageBody {
  if (sdp === undefined || sdp === '') return { headers: {}, body: new Uint8Array(0) };
  return { headers: { 'content-type': ['application/sdp'] }, body: encoder.encode(sdp) };
}

/** A body of any type, e.g. `application/dtmf-relay` for INFO. */
export function typedBody(contentType: string, text: string): MessageBody {
  return { headers: { 'content-type': [contentType] }, body: encoder.encode(text) };
}

/** The media type of a message's body, lower-cased and without parameters. */
export function mediaTypeOf(message: SipMessage): string | undefined {
  const value = getHeader(message, 'content-type');
  return value?.split(';')[0]?.trim().toLowerCase();
}

/** The SDP of a message, or undefined when it carries none. */
export function readSdp(message: SipMessage): string | undefined {
  if (message.body.length === 0 || mediaTypeOf(message) !== 'application/sdp') return undefined;
  return decoder.decode(message.body);
}

/** The body as text. */
export function bodyText(message: SipMessage): string {
  return decoder.decode(message.body);
}
