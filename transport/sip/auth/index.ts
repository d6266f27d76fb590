/**
 * SIP Digest authentication (RFC 7616 as RFC 3261 §22 and RFC 8760 apply it): the server-side
 * authenticator with stateless nonces and the client-side answer to a challenge.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc7616
 */
export { DIGEST_ALGORITHMS, digestHash, parseDigestAlgorithm, type DigestAlgorithm } from './digest-algorithm.ts';
export {
  computeDigestHa1,
  computeDigestResponse,
  formatNonceCount,
  parseNonceCount,
  type DigestProtection,
  type DigestResponseInput,
} from './digest-response.ts';
export {
  createDigestAuthenticator,
  DEFAULT_NONCE_COUNT_CAPACITY,
  DEFAULT_NONCE_TTL_MS,
  type DigestAuthenticator,
  type DigestAuthenticatorOptions,
  type DigestChallenge,
  type DigestRejection,
  type DigestRoleOptions,
  type DigestVerdict,
} from './digest-authenticator.ts';
export {
  chooseDigestChallenge,
  createAuthorizationHeader,
  type AuthorizationErrorCode,
  type AuthorizationInput,
  type AuthorizationResult,
} from './digest-client.ts';
