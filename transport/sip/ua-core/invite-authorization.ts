/**
 * Answering a digest challenge to our INVITE (a provider's 401, or a proxy's 407), as a UAC does
 * with its credentials for that destination.
 *
 * @remarks "When a UAC resubmits a request with its credentials after receiving a 401 (Unauthorized)
 * or 407 (Proxy Authentication Required) response, it MUST increment the CSeq header field value as
 * it would normally when sending an updated request" (RFC 3261 §22.2); the Call-ID and From tag stay,
 * so the retry is the same call to the server. Pure.
 * https://www.rfc-editor.org/rfc/rfc3261#section-22.2
 */
import { chooseDigestChallenge, createAuthorizationHeader } from '../auth/index.ts';
import { getHeaders, parseDigest, type SipResponse } from '../message/index.ts';
import type { DigestParams } from '../message/sip-message.ts';

/** The username and password a destination accepts. */
export interface UacCredentials {
  readonly username: string;
  readonly password: string;
}

/** The header that answers the challenge, or undefined when the response carries none we can answer. */
export function answerChallenge(
  response: SipResponse,
  request: { readonly method: string; readonly uri: string; readonly body?: Uint8Array },
  credentials: UacCredentials,
  cnonce: string,
): { readonly name: 'authorization' | 'proxy-authorization'; readonly value: string } | undefined {
  if (response.status !== 401 && response.status !== 407) return undefined;
  const proxy = response.status === 407;
  const challenges = getHeaders(response, proxy ? 'proxy-authenticate' : 'www-authenticate')
    .map((text) => parseDigest(text))
    .filter((parsed): parsed is DigestParams => parsed !== undefined);
  const challenge = chooseDigestChallenge(challenges);
  if (challenge === undefined) return undefined;
  const answer = createAuthorizationHeader(challenge, { ...credentials, method: request.method, uri: request.uri, cnonce, nc: 1, ...(request.body === undefined ? {} : { body: request.body }) });
  return answer.type === 'authorization' ? { name: proxy ? 'proxy-authorization' : 'authorization', value: answer.value } : undefined;
}
