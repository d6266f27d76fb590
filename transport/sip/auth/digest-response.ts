import { digestHash, type DigestAlgorithm } from './digest-algorithm.ts';

/**
 * The quality of protection a Digest response is computed with.
 *
 * @remarks
 * `none` is the RFC 2069 compatibility form (no qop directive in the challenge); `auth` and
 * `auth-int` carry the client nonce and the nonce count, and `auth-int` also covers the body.
 * https://www.rfc-editor.org/rfc/rfc7616#section-3.4.1
 */
export type DigestProtection =
  | { readonly type: 'none' }
  | { readonly type: 'auth'; readonly cnonce: string; readonly nonceCount: string }
  | {
      readonly type: 'auth-int';
      readonly cnonce: string;
      readonly nonceCount: string;
      readonly body: Uint8Array;
    };

/** What the `response` directive is computed from, once HA1 is known. */
export interface DigestResponseInput {
  readonly algorithm: DigestAlgorithm;
  /** The SIP method of the request (RFC 3261 §22.4: the Method of the Request-Line). */
  readonly method: string;
  /** The `uri` directive, byte for byte as sent. */
  readonly uri: string;
  readonly nonce: string;
  readonly protection: DigestProtection;
}

/**
 * HA1 = H(username ":" realm ":" password) for the non-session algorithms.
 *
 * @remarks
 * Kept separate so that a credential store may one day hold HA1 instead of the password.
 * https://www.rfc-editor.org/rfc/rfc7616#section-3.4.2
 */
export function computeDigestHa1(
  algorithm: DigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): string {
  return digestHash(algorithm, `${username}:${realm}:${password}`);
}

/**
 * The `response` directive: KD(HA1, nonce ":" nc ":" cnonce ":" qop ":" HA2), or
 * KD(HA1, nonce ":" HA2) without qop.
 *
 * @remarks
 * HA2 is H(method ":" uri) for `auth` and H(method ":" uri ":" H(body)) for `auth-int`.
 * https://www.rfc-editor.org/rfc/rfc7616#section-3.4.1
 * https://www.rfc-editor.org/rfc/rfc7616#section-3.4.3
 */
export function computeDigestResponse(ha1: string, input: DigestResponseInput): string {
  const { algorithm, method, uri, nonce, protection } = input;
  switch (protection.type) {
    case 'none':
      return digestHash(algorithm, `${ha1}:${nonce}:${digestHash(algorithm, `${method}:${uri}`)}`);
    case 'auth': {
      const ha2 = digestHash(algorithm, `${method}:${uri}`);
      return digestHash(
        algorithm,
        `${ha1}:${nonce}:${protection.nonceCount}:${protection.cnonce}:auth:${ha2}`,
      );
    }
    case 'auth-int': {
      const ha2 = digestHash(algorithm, `${method}:${uri}:${digestHash(algorithm, protection.body)}`);
      return digestHash(
        algorithm,
        `${ha1}:${nonce}:${protection.nonceCount}:${protection.cnonce}:auth-int:${ha2}`,
      );
    }
    default:
      return assertNever(protection);
  }
}

/**
 * Formats a nonce count as the eight lower-case hex digits of the `nc` directive.
 *
 * @remarks
 * "The nc value is the hexadecimal count of the number of requests (including the current
 * request) that the client has sent with the nonce value in this request." Counts outside
 * 1 … 0xffffffff are a programming error.
 * https://www.rfc-editor.org/rfc/rfc7616#section-3.4
 */
export function formatNonceCount(count: number): string {
  if (!Number.isInteger(count) || count < 1 || count > 0xffff_ffff) {
    throw new RangeError(`nonce count out of range: ${count}`);
  }
  return count.toString(16).padStart(8, '0');
}

/**
 * Reads an `nc` directive: exactly eight hex digits, not zero.
 *
 * @remarks
 * The grammar is `nc-value = 8LHEX`; a shorter, longer or zero count is malformed.
 * https://www.rfc-editor.org/rfc/rfc7616#section-3.4
 */
export function parseNonceCount(text: string): number | undefined {
  if (!/^[0-9a-fA-F]{8}$/.test(text)) return undefined;
  const count = Number.parseInt(text, 16);
  return count === 0 ? undefined : count;
}

function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
