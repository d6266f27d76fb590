import { createHash } from 'node:crypto';

/**
 * The Digest hash algorithms this engine computes.
 *
 * @remarks
 * RFC 7616 registers MD5, SHA-256 and SHA-512-256 (each with a `-sess` variant). SIP phones in the
 * field speak MD5 and, increasingly, SHA-256 (RFC 8760 brought RFC 7616 to SIP); SHA-512-256 is
 * not offered because no SIP user agent we know of implements it, and the `-sess` variants are not
 * offered because they only help servers that delegate HA1 to a third party.
 * https://www.rfc-editor.org/rfc/rfc7616#section-3.2
 * https://www.rfc-editor.org/rfc/rfc8760#section-2.3
 */
export type DigestAlgorithm = 'MD5' | 'SHA-256';

/**
 * Every algorithm {@link DigestAlgorithm} names, in the order challenges offer them by default.
 *
 * @remarks
 * MD5 first: many deployed phones read only the first challenge and know only MD5 (decision D-001
 * in docs/decisions.md); RFC 8760 §2.4 lets a server list several, most preferred first.
 * https://www.rfc-editor.org/rfc/rfc8760#section-2.4
 */
export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ['MD5', 'SHA-256'];

const NODE_HASH_NAMES: Readonly<Record<DigestAlgorithm, string>> = {
  MD5: 'md5',
  'SHA-256': 'sha256',
};

/**
 * Reads the `algorithm` directive of a challenge or of credentials.
 *
 * @remarks
 * "If this is not present, it is assumed to be "MD5"" (RFC 7616 §3.3). Tokens compare
 * case-insensitively. Anything else, including the `-sess` variants, is `undefined`: an algorithm
 * we cannot verify.
 * https://www.rfc-editor.org/rfc/rfc7616#section-3.3
 */
export function parseDigestAlgorithm(token: string | undefined): DigestAlgorithm | undefined {
  if (token === undefined) return 'MD5';
  const upper = token.trim().toUpperCase();
  if (upper === 'MD5') return 'MD5';
  if (upper === 'SHA-256') return 'SHA-256';
  return undefined;
}

/**
 * H(data) of RFC 7616: the lower-case hex digest of the UTF-8 bytes of `data` (or of raw bytes).
 *
 * @remarks
 * "KD(secret, data) = H(concat(secret, ":", data))" and every other formula of §3.4.1 is built on
 * this one function, so the hex encoding is lower case as the `LHEX` rule requires.
 * https://www.rfc-editor.org/rfc/rfc7616#section-3.4.1
 */
export function digestHash(algorithm: DigestAlgorithm, data: string | Uint8Array): string {
  return createHash(NODE_HASH_NAMES[algorithm]).update(data).digest('hex');
}
