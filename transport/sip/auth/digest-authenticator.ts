import { timingSafeEqual } from 'node:crypto';
import type { SipHeaders, SipRequest } from '../message/sip-message.ts';
import { formatDigest } from '../message/index.ts';
import { DIGEST_ALGORITHMS, type DigestAlgorithm } from './digest-algorithm.ts';
import { readDigestCredentials, type CredentialsReading, type DigestCredentials } from './digest-credentials.ts';
import { createNonceCodec, type NonceCodec } from './digest-nonce.ts';
import { computeDigestHa1, computeDigestResponse } from './digest-response.ts';
import { createNonceCountTracker, type NonceCountTracker } from './nonce-count-tracker.ts';

/**
 * Default nonce lifetime: 32 s, Asterisk's `nonce_lifetime`.
 *
 * @remarks
 * A nonce only has to live through one challenge round trip (plus retransmissions: Timer B is
 * 32 s); Kamailio's `nonce_expire` defaults to 300 s, which widens the replay window for no gain
 * here, since every verified nonce count is also tracked.
 */
export const DEFAULT_NONCE_TTL_MS = 32_000;

/** Default number of nonces whose last nonce count is remembered. */
export const DEFAULT_NONCE_COUNT_CAPACITY = 10_000;

/** Why credentials were refused without a new challenge. */
export type DigestRejection =
  /** Wrong password or unknown user: deliberately indistinguishable. */
  | 'invalid-credentials'
  /** A required directive is missing or broken; RFC 7616 wants 400 Bad Request. */
  | 'malformed-credentials'
  /** The `uri` directive is not the Request-URI; RFC 2617 §3.2.2.5 wants 400 Bad Request. */
  | 'uri-mismatch';

/** The outcome of checking a request's credentials. */
export type DigestVerdict =
  | {
      readonly type: 'authenticated';
      readonly username: string;
      readonly realm: string;
      readonly algorithm: DigestAlgorithm;
    }
  | { readonly type: 'challenge'; readonly stale: boolean }
  | { readonly type: 'forbidden'; readonly reason: DigestRejection; readonly username?: string };

/** A 401 or 407 to send: its status and the challenge headers to add. */
export interface DigestChallenge {
  readonly status: 401 | 407;
  readonly headers: SipHeaders;
}

/** Options of {@link DigestAuthenticator.challenge} and {@link DigestAuthenticator.verify}. */
export interface DigestRoleOptions {
  /** Act as a proxy: 407 with Proxy-Authenticate, credentials in Proxy-Authorization. */
  readonly proxy?: boolean;
}

/** The server side of Digest authentication for one realm. */
export interface DigestAuthenticator {
  readonly realm: string;
  /** Builds a challenge with a fresh nonce, one header per offered algorithm. */
  challenge(request: SipRequest, options?: DigestRoleOptions & { readonly stale?: boolean }): DigestChallenge;
  /** Checks the credentials of `request`; rejects only when the credential lookup fails. */
  verify(request: SipRequest, options?: DigestRoleOptions): Promise<DigestVerdict>;
}

/** Inputs of {@link createDigestAuthenticator}. */
export interface DigestAuthenticatorOptions {
  readonly realm: string;
  /** HMAC key of the nonces (at least 16 bytes); the same on every node of a cluster. */
  readonly nonceSecret: Uint8Array;
  /** How long a nonce is accepted; default {@link DEFAULT_NONCE_TTL_MS}. */
  readonly nonceTtlMs?: number;
  /** Algorithms offered, most preferred first; default {@link DIGEST_ALGORITHMS}. */
  readonly algorithms?: readonly DigestAlgorithm[];
  readonly nonceCountCapacity?: number;
  readonly clock: { now(): number };
  readonly random: (byteCount: number) => Uint8Array;
  /** The password of a user of the realm, or undefined when there is no such user. */
  readonly lookup: (username: string, realm: string) => Promise<{ readonly password: string } | undefined>;
}

/**
 * Creates the server side of HTTP Digest (RFC 7616) as SIP uses it (RFC 3261 §22, RFC 8760).
 *
 * @remarks
 * Nonces are stateless (see `digest-nonce.ts`), so any node sharing the secret verifies any
 * node's nonce. Checks run in this order: credentials for our realm; directives well-formed and
 * what we offered; `uri` is the Request-URI; nonce minted by us; then the response, computed for
 * a dummy secret when the user is unknown, so that an unknown user and a wrong password cost the
 * same hashing and give the same verdict; only a correct response may then be told its nonce is
 * stale, as RFC 7616 §3.3 intends ("The server should only set stale to TRUE if it receives a
 * request for which the nonce is invalid but with a valid digest for that nonce", RFC 2617 §3.2.1).
 *
 * A repeated (or no longer known) nonce count is answered with a challenge marked `stale=true`:
 * the response proved the client knows the password, only the nonce use is not fresh, which is
 * exactly what stale means; with `stale=false` RFC 7616 §3.3 tells the client its credentials
 * are wrong and to prompt the user, which would punish a genuine client whose requests crossed
 * on the network. A replaying attacker gains nothing from the fresh nonce, since computing a
 * response for it needs the password.
 *
 * Replay tracking is per process: in a cluster, a replay sent to another node within the nonce
 * lifetime is caught only by that node's own tracker after its first use there.
 * https://www.rfc-editor.org/rfc/rfc7616#section-3.3
 * https://www.rfc-editor.org/rfc/rfc3261#section-22.2
 */
export function createDigestAuthenticator(options: DigestAuthenticatorOptions): DigestAuthenticator {
  const { realm, clock, random } = options;
  const nonceTtlMs = options.nonceTtlMs ?? DEFAULT_NONCE_TTL_MS;
  if (options.nonceSecret.length < 16) throw new RangeError('nonceSecret must hold at least 16 bytes');
  const state: VerifierState = {
    realm,
    algorithms: checkAlgorithms(options.algorithms ?? DIGEST_ALGORITHMS),
    nonceTtlMs,
    codec: createNonceCodec({ realm, secret: options.nonceSecret, random }),
    tracker: createNonceCountTracker({
      capacity: options.nonceCountCapacity ?? DEFAULT_NONCE_COUNT_CAPACITY,
      nonceTtlMs,
    }),
    dummyPassword: Buffer.from(random(16)).toString('base64url'),
    clock,
    lookup: options.lookup,
  };
  return {
    realm,
    challenge(_request, challengeOptions = {}) {
      const nonce = state.codec.issue(clock.now());
      const stale = challengeOptions.stale === true;
      const values = state.algorithms.map((algorithm) =>
        formatDigest({ scheme: 'Digest', params: challengeParams(realm, nonce, state.codec.opaque, algorithm, stale) }),
      );
      return challengeOptions.proxy === true
        ? { status: 407, headers: { 'proxy-authenticate': values } }
        : { status: 401, headers: { 'www-authenticate': values } };
    },
    verify(request, verifyOptions = {}) {
      return verifyRequest(state, request, verifyOptions.proxy === true);
    },
  };
}

interface VerifierState {
  readonly realm: string;
  readonly algorithms: readonly DigestAlgorithm[];
  readonly nonceTtlMs: number;
  readonly codec: NonceCodec;
  readonly tracker: NonceCountTracker;
  /** Hashed in place of the password of an unknown user, so both cases cost the same. */
  readonly dummyPassword: string;
  readonly clock: { now(): number };
  readonly lookup: DigestAuthenticatorOptions['lookup'];
}

async function verifyRequest(state: VerifierState, request: SipRequest, proxy: boolean): Promise<DigestVerdict> {
  const { realm, codec } = state;
  const reading = readDigestCredentials(request, { realm, algorithms: state.algorithms, proxy });
  if (reading.type !== 'credentials') return verdictWithoutCredentials(reading);
  const { credentials } = reading;
  if (credentials.opaque !== undefined && credentials.opaque !== codec.opaque) {
    return { type: 'challenge', stale: false };
  }
  const opening = codec.open(credentials.nonce);
  if (opening.type === 'foreign') return { type: 'challenge', stale: false };
  const account = await state.lookup(credentials.username, realm);
  const matches = responseMatches(state, credentials, request.method, account?.password ?? state.dummyPassword);
  if (account === undefined || !matches) {
    return { type: 'forbidden', reason: 'invalid-credentials', username: credentials.username };
  }
  const nowMs = state.clock.now();
  const ageMs = nowMs - opening.issuedAtMs;
  if (ageMs > state.nonceTtlMs || ageMs < -state.nonceTtlMs) return { type: 'challenge', stale: true };
  const count = state.tracker.accept(credentials.nonce, opening.issuedAtMs, credentials.nonceCount, nowMs);
  if (count !== 'accepted') return { type: 'challenge', stale: true };
  return { type: 'authenticated', username: credentials.username, realm, algorithm: credentials.algorithm };
}

function verdictWithoutCredentials(reading: Exclude<CredentialsReading, { type: 'credentials' }>): DigestVerdict {
  switch (reading.type) {
    case 'absent':
    case 'unacceptable':
      return { type: 'challenge', stale: false };
    case 'malformed':
      return reading.username === undefined
        ? { type: 'forbidden', reason: 'malformed-credentials' }
        : { type: 'forbidden', reason: 'malformed-credentials', username: reading.username };
    case 'uri-mismatch':
      return { type: 'forbidden', reason: 'uri-mismatch', username: reading.username };
    default:
      return assertNever(reading);
  }
}

function responseMatches(
  state: VerifierState,
  credentials: DigestCredentials,
  method: string,
  password: string,
): boolean {
  const ha1 = computeDigestHa1(credentials.algorithm, credentials.username, state.realm, password);
  const expected = computeDigestResponse(ha1, {
    algorithm: credentials.algorithm,
    method,
    uri: credentials.uri,
    nonce: credentials.nonce,
    protection: { type: 'auth', cnonce: credentials.cnonce, nonceCount: credentials.nonceCountText },
  });
  return constantTimeEquals(expected, credentials.response.toLowerCase());
}

/**
 * The directives of one challenge: realm, nonce, opaque, algorithm, qop="auth" and, when the
 * nonce of the answered request had expired, stale=TRUE.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc7616#section-3.3
 */
function challengeParams(
  realm: string,
  nonce: string,
  opaque: string,
  algorithm: DigestAlgorithm,
  stale: boolean,
): Record<string, string> {
  const params: Record<string, string> = { realm, nonce, opaque, algorithm, qop: 'auth' };
  if (stale) params['stale'] = 'TRUE';
  return params;
}

function checkAlgorithms(algorithms: readonly DigestAlgorithm[]): readonly DigestAlgorithm[] {
  if (algorithms.length === 0) throw new RangeError('at least one digest algorithm must be offered');
  if (new Set(algorithms).size !== algorithms.length) throw new RangeError('digest algorithms repeat');
  return [...algorithms];
}

/**
 * Compares two hex strings in time independent of where they differ.
 *
 * @remarks The expected length is public (it follows from the algorithm), so a length mismatch
 * may return early; equal lengths go through `crypto.timingSafeEqual`.
 */
function constantTimeEquals(expected: string, received: string): boolean {
  const expectedBytes = Buffer.from(expected, 'utf8');
  const receivedBytes = Buffer.from(received, 'utf8');
  if (expectedBytes.length !== receivedBytes.length) {
    timingSafeEqual(expectedBytes, expectedBytes);
    return false;
  }
  return timingSafeEqual(expectedBytes, receivedBytes);
}

function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
