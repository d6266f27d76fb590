import type { DigestParams, SipRequest } from '../message/sip-message.ts';
import { getHeaders, parseDigest } from '../message/index.ts';
import { parseDigestAlgorithm, type DigestAlgorithm } from './digest-algorithm.ts';
import { parseNonceCount } from './digest-response.ts';

/** Digest credentials for our realm that passed every check not needing the user's secret. */
export interface DigestCredentials {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly algorithm: DigestAlgorithm;
  readonly cnonce: string;
  /** The `nc` directive as sent (eight hex digits), hashed as is. */
  readonly nonceCountText: string;
  readonly nonceCount: number;
  readonly opaque?: string;
}

/**
 * What reading the credentials of a request gives.
 *
 * @remarks
 * `absent`: no Digest credentials for our realm. `unacceptable`: well-formed but using what we did
 * not offer (another algorithm, `auth-int`, `userhash`), so a new challenge is the answer.
 * `malformed`: a required directive is missing or broken (RFC 7616 §3.4 lists them).
 * `uri-mismatch`: the `uri` directive names another resource than the Request-URI.
 */
export type CredentialsReading =
  | { readonly type: 'credentials'; readonly credentials: DigestCredentials }
  | { readonly type: 'absent' }
  | { readonly type: 'unacceptable' }
  | { readonly type: 'malformed'; readonly username?: string }
  | { readonly type: 'uri-mismatch'; readonly username: string };

/** Inputs of {@link readDigestCredentials}. */
export interface ReadCredentialsOptions {
  readonly realm: string;
  readonly algorithms: readonly DigestAlgorithm[];
  /** Read Proxy-Authorization (after a 407) instead of Authorization (after a 401). */
  readonly proxy: boolean;
}

/**
 * Finds and checks the Digest credentials a request carries for our realm.
 *
 * @remarks
 * A request may carry credentials for several realms (one per proxy on the path); the ones whose
 * `realm` is ours are used (RFC 3261 §22.3). qop is mandatory because we always send
 * `qop="auth"`, and its value "MUST be one of the alternatives the server indicated it supports"
 * (RFC 7616 §3.4); the nonce count it brings is our replay defence. The `uri` directive must match the
 * Request-URI: "the server SHOULD check that the resource ... is the same as the resource
 * specified in the Request-Line" (RFC 2617 §3.2.2.5); the comparison is exact, since a client
 * copies the Request-URI it sends.
 * https://www.rfc-editor.org/rfc/rfc3261#section-22.3
 * https://www.rfc-editor.org/rfc/rfc7616#section-3.4
 * https://www.rfc-editor.org/rfc/rfc2617#section-3.2.2.5
 */
export function readDigestCredentials(request: SipRequest, options: ReadCredentialsOptions): CredentialsReading {
  const params = findOurCredentials(request, options);
  if (params === undefined) return { type: 'absent' };
  const username = directive(params, 'username');
  const nonce = directive(params, 'nonce');
  const uri = directive(params, 'uri');
  const response = directive(params, 'response');
  if (username === undefined || nonce === undefined || uri === undefined || response === undefined) {
    return username === undefined ? { type: 'malformed' } : { type: 'malformed', username };
  }
  const algorithm = parseDigestAlgorithm(directive(params, 'algorithm'));
  if (algorithm === undefined || !options.algorithms.includes(algorithm)) return { type: 'unacceptable' };
  if (directive(params, 'userhash')?.toLowerCase() === 'true') return { type: 'unacceptable' };
  const qop = directive(params, 'qop')?.toLowerCase();
  if (qop === undefined) return { type: 'malformed', username };
  if (qop !== 'auth') return { type: 'unacceptable' };
  const cnonce = directive(params, 'cnonce');
  const nonceCountText = directive(params, 'nc') ?? '';
  const nonceCount = parseNonceCount(nonceCountText);
  if (cnonce === undefined || cnonce === '' || nonceCount === undefined) return { type: 'malformed', username };
  if (uri !== request.uri) return { type: 'uri-mismatch', username };
  const opaque = directive(params, 'opaque');
  const realm = options.realm;
  const credentials = { username, realm, nonce, uri, response, algorithm, cnonce, nonceCountText, nonceCount };
  return { type: 'credentials', credentials: opaque === undefined ? credentials : { ...credentials, opaque } };
}

function findOurCredentials(request: SipRequest, options: ReadCredentialsOptions): DigestParams | undefined {
  const headerName = options.proxy ? 'proxy-authorization' : 'authorization';
  for (const value of getHeaders(request, headerName)) {
    const params = parseDigest(value);
    if (params === undefined || params.scheme.toLowerCase() !== 'digest') continue;
    if (directive(params, 'realm') === options.realm) return params;
  }
  return undefined;
}

function directive(params: DigestParams, name: string): string | undefined {
  return Object.hasOwn(params.params, name) ? params.params[name] : undefined;
}
