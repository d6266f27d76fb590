import type { DigestParams } from '../message/sip-message.ts';
import { formatDigest } from '../message/index.ts';
import { parseDigestAlgorithm, type DigestAlgorithm } from './digest-algorithm.ts';
import {
  computeDigestHa1,
  computeDigestResponse,
  formatNonceCount,
  type DigestProtection,
} from './digest-response.ts';

/** What the client needs besides the challenge to answer it. */
export interface AuthorizationInput {
  readonly username: string;
  readonly password: string;
  /** The method of the request being authorized. */
  readonly method: string;
  /** The Request-URI of the request being authorized, byte for byte. */
  readonly uri: string;
  /** A fresh client nonce (random, quoted-string safe). */
  readonly cnonce: string;
  /** How many requests, this one included, were sent with this nonce (1 for the first). */
  readonly nc: number;
  /** The request body; enables `auth-int` when the challenge offers only that. */
  readonly body?: Uint8Array;
}

/** Why a challenge cannot be answered. */
export type AuthorizationErrorCode =
  | 'unsupported-scheme'
  | 'unsupported-algorithm'
  | 'unsupported-qop'
  | 'malformed-challenge';

/** The Authorization (or Proxy-Authorization) value, or why it cannot be built. */
export type AuthorizationResult =
  | { readonly type: 'authorization'; readonly value: string; readonly algorithm: DigestAlgorithm }
  | { readonly type: 'error'; readonly code: AuthorizationErrorCode };

/**
 * Answers a Digest challenge: the value of the Authorization header (or of Proxy-Authorization
 * after a 407).
 *
 * @remarks
 * qop `auth` is used whenever offered, `auth-int` only when it is the sole option and a body is
 * given, and no qop (the RFC 2069 form) only when the challenge has no qop directive. The opaque
 * value is returned unchanged and the algorithm echoed when the challenge named one.
 * https://www.rfc-editor.org/rfc/rfc7616#section-3.4
 * https://www.rfc-editor.org/rfc/rfc3261#section-22.4
 */
export function createAuthorizationHeader(challenge: DigestParams, input: AuthorizationInput): AuthorizationResult {
  if (challenge.scheme.toLowerCase() !== 'digest') return { type: 'error', code: 'unsupported-scheme' };
  const realm = directive(challenge, 'realm');
  const nonce = directive(challenge, 'nonce');
  if (realm === undefined || nonce === undefined) return { type: 'error', code: 'malformed-challenge' };
  const algorithmDirective = directive(challenge, 'algorithm');
  const algorithm = parseDigestAlgorithm(algorithmDirective);
  if (algorithm === undefined) return { type: 'error', code: 'unsupported-algorithm' };
  const protection = chooseProtection(directive(challenge, 'qop'), input);
  if (protection === undefined) return { type: 'error', code: 'unsupported-qop' };
  const ha1 = computeDigestHa1(algorithm, input.username, realm, input.password);
  const response = computeDigestResponse(ha1, { algorithm, method: input.method, uri: input.uri, nonce, protection });
  const params: Record<string, string> = { username: input.username, realm, nonce, uri: input.uri, response };
  if (algorithmDirective !== undefined) params['algorithm'] = algorithm;
  if (protection.type !== 'none') {
    params['cnonce'] = protection.cnonce;
    params['qop'] = protection.type;
    params['nc'] = protection.nonceCount;
  }
  const opaque = directive(challenge, 'opaque');
  if (opaque !== undefined) params['opaque'] = opaque;
  return { type: 'authorization', value: formatDigest({ scheme: 'Digest', params }), algorithm };
}

/**
 * Picks the challenge to answer among several (one per algorithm, most preferred first).
 *
 * @remarks "the client SHOULD use the first challenge it supports" in the order the server sent
 * them (RFC 8760 §2.4, applying RFC 7616 §3.7).
 * https://www.rfc-editor.org/rfc/rfc8760#section-2.4
 */
export function chooseDigestChallenge(challenges: readonly DigestParams[]): DigestParams | undefined {
  return challenges.find(
    (challenge) =>
      challenge.scheme.toLowerCase() === 'digest' &&
      parseDigestAlgorithm(directive(challenge, 'algorithm')) !== undefined,
  );
}

function chooseProtection(qopDirective: string | undefined, input: AuthorizationInput): DigestProtection | undefined {
  if (qopDirective === undefined) return { type: 'none' };
  const options = qopDirective.split(',').map((option) => option.trim().toLowerCase());
  const nonceCount = formatNonceCount(input.nc);
  if (options.includes('auth')) return { type: 'auth', cnonce: input.cnonce, nonceCount };
  if (options.includes('auth-int') && input.body !== undefined) {
    return { type: 'auth-int', cnonce: input.cnonce, nonceCount, body: input.body };
  }
  return undefined;
}

function directive(params: DigestParams, name: string): string | undefined {
  return Object.hasOwn(params.params, name) ? params.params[name] : undefined;
}
