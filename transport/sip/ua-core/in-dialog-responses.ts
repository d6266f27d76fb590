/**
 * Responses a session sends to requests received in its dialog, built from plain options.
 *
 * @remarks Every response within a dialog carries the To tag of the dialog (RFC 3261 §12.2.2);
 * the request already has it, so {@link createResponse} keeps it.
 * https://www.rfc-editor.org/rfc/rfc3261#section-12.2.2
 */
import type { SipRequest, SipResponse } from '../message/index.ts';
import { createResponse, getHeaders, normalizeHeaderName } from '../message/index.ts';
import type { ExtraHeaders } from './session-events.ts';
import type { MessageBody } from './session-body.ts';

/** Options of {@link buildResponse}. */
export interface ResponseOptions {
  readonly toTag?: string;
  readonly reason?: string;
  readonly headers?: ExtraHeaders;
  readonly body?: MessageBody;
}

/** A response to `request`, extra headers merged with the body's (names normalised). */
export function buildResponse(request: SipRequest, status: number, options: ResponseOptions = {}): SipResponse {
  const headers = mergeHeaders(options.body?.headers ?? {}, options.headers ?? {});
  return createResponse(request, status, {
    headers,
    ...(options.toTag === undefined ? {} : { toTag: options.toTag }),
    ...(options.reason === undefined ? {} : { reason: options.reason }),
    ...(options.body === undefined ? {} : { body: options.body.body }),
  });
}

/** Merges header maps left to right, names normalised (RFC 3261 §7.3.3); later ones win. */
export function mergeHeaders(...maps: readonly ExtraHeaders[]): Record<string, readonly string[]> {
  const merged: Record<string, readonly string[]> = {};
  for (const map of maps) {
    for (const [name, values] of Object.entries(map)) merged[normalizeHeaderName(name)] = values;
  }
  return merged;
}

/** True when the message's Allow lists `method` (RFC 3261 §20.5). */
export function allowsMethod(message: { readonly headers: SipRequest['headers'] }, method: string): boolean {
  const carrier: SipRequest = { type: 'request', method: '', uri: '', headers: message.headers, body: new Uint8Array(0) };
  return getHeaders(carrier, 'allow').some((value) => value.split(',').some((token) => token.trim().toUpperCase() === method));
}

/**
 * The option tags of `Require` this node does not support, for a 420 (RFC 3261 §8.2.2.3:
 * "the UAS MUST respond with a 420 (Bad Extension) response. The UAS MUST add an Unsupported
 * header field, and list in it those options it does not understand").
 * https://www.rfc-editor.org/rfc/rfc3261#section-8.2.2.3
 */
export function unsupportedRequirements(request: SipRequest, supported: readonly string[]): readonly string[] {
  const known = new Set(supported.map((tag) => tag.toLowerCase()));
  return getHeaders(request, 'require')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '' && !known.has(tag.toLowerCase()));
}
