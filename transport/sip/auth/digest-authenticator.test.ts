import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DigestParams, SipRequest } from '../message/sip-message.ts';
import { parseDigest } from '../message/index.ts';
import type { DigestAlgorithm } from './digest-algorithm.ts';
import { createDigestAuthenticator, type DigestAuthenticatorOptions } from './digest-authenticator.ts';
import { createAuthorizationHeader } from './digest-client.ts';

const REALM = 'pbx.example.com';
const REQUEST_URI = 'sip:pbx.example.com';

interface Harness {
  readonly clock: { nowMs: number; now(): number };
  readonly lookups: string[];
  readonly options: DigestAuthenticatorOptions;
}

function harness(overrides: Partial<DigestAuthenticatorOptions> = {}): Harness {
  const clock = { nowMs: 1_000_000, now() { return this.nowMs; } };
  const lookups: string[] = [];
  let seed = 0;
  const options: DigestAuthenticatorOptions = {
    realm: REALM,
    nonceSecret: new Uint8Array(32).fill(1),
    algorithms: ['MD5', 'SHA-256'],
    clock,
    random: (byteCount) => new Uint8Array(byteCount).fill(++seed),
    lookup: async (username) => {
      lookups.push(username);
      return username === 'alice' ? { password: 'wonderland' } : undefined;
    },
    ...overrides,
  };
  return { clock, lookups, options };
}

function request(headers: Record<string, readonly string[]> = {}, uri = REQUEST_URI): SipRequest {
  return { type: 'request', method: 'REGISTER', uri, headers, body: new Uint8Array(0) };
}

function challengeParams(values: readonly string[], algorithm: DigestAlgorithm): DigestParams {
  const found = values.map(parseDigest).find((params) => params?.params['algorithm'] === algorithm);
  assert.ok(found, `no ${algorithm} challenge`);
  return found;
}

interface AnswerOptions {
  readonly algorithm?: DigestAlgorithm;
  readonly username?: string;
  readonly password?: string;
  readonly nc?: number;
  readonly uri?: string;
  readonly edit?: (params: Record<string, string>) => void;
}

/** Challenges, then answers the challenge as a client would; returns the credentials header. */
function answer(authenticator: ReturnType<typeof createDigestAuthenticator>, options: AnswerOptions = {}): string {
  const challenge = authenticator.challenge(request());
  const params = challengeParams(challenge.headers['www-authenticate'] ?? [], options.algorithm ?? 'MD5');
  return answerChallenge(params, options);
}

function answerChallenge(params: DigestParams, options: AnswerOptions = {}): string {
  const result = createAuthorizationHeader(params, {
    username: options.username ?? 'alice',
    password: options.password ?? 'wonderland',
    method: 'REGISTER',
    uri: options.uri ?? REQUEST_URI,
    cnonce: 'client-nonce',
    nc: options.nc ?? 1,
  });
  assert.equal(result.type, 'authorization');
  if (options.edit === undefined) return result.value;
  const parsed = parseDigest(result.value);
  assert.ok(parsed);
  const edited = { ...parsed.params };
  options.edit(edited);
  return `Digest ${Object.entries(edited).map(([name, value]) => `${name}="${value}"`).join(', ')}`;
}

describe('challenge', () => {
  it('MUST answer 401 with one WWW-Authenticate per offered algorithm, in order', () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const values = authenticator.challenge(request()).headers['www-authenticate'] ?? [];
    assert.deepEqual(values.map((value) => parseDigest(value)?.params['algorithm']), ['MD5', 'SHA-256']);
  });

  it('MUST carry realm, nonce, opaque and qop="auth" without stale by default', () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const [value] = authenticator.challenge(request()).headers['www-authenticate'] ?? [];
    assert.match(value ?? '', /^Digest realm="pbx\.example\.com", nonce="[\w-]{48}", opaque="[\w-]+", algorithm=MD5, qop="auth"$/);
  });

  it('MUST add stale=TRUE when asked', () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const [value] = authenticator.challenge(request(), { stale: true }).headers['www-authenticate'] ?? [];
    assert.equal(parseDigest(value ?? '')?.params['stale'], 'TRUE');
  });

  it('as a proxy, MUST answer 407 with Proxy-Authenticate', () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const challenge = authenticator.challenge(request(), { proxy: true });
    assert.deepEqual([challenge.status, Object.keys(challenge.headers)], [407, ['proxy-authenticate']]);
  });
});

describe('verify', () => {
  it('MUST challenge a request without credentials', async () => {
    const authenticator = createDigestAuthenticator(harness().options);
    assert.deepEqual(await authenticator.verify(request()), { type: 'challenge', stale: false });
  });

  it('MUST accept a correct MD5 answer', async () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const verdict = await authenticator.verify(request({ authorization: [answer(authenticator)] }));
    assert.deepEqual(verdict, { type: 'authenticated', username: 'alice', realm: REALM, algorithm: 'MD5' });
  });

  it('MUST accept a correct SHA-256 answer', async () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const credentials = answer(authenticator, { algorithm: 'SHA-256' });
    const verdict = await authenticator.verify(request({ authorization: [credentials] }));
    assert.deepEqual(verdict, { type: 'authenticated', username: 'alice', realm: REALM, algorithm: 'SHA-256' });
  });

  it('MUST treat an absent algorithm directive as MD5', async () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const credentials = answer(authenticator, { edit: (params) => delete params['algorithm'] });
    assert.equal((await authenticator.verify(request({ authorization: [credentials] }))).type, 'authenticated');
  });

  it('MUST challenge an answer with an algorithm it did not offer', async () => {
    const authenticator = createDigestAuthenticator(harness({ algorithms: ['SHA-256'] }).options);
    const credentials = answer(authenticator, { algorithm: 'SHA-256', edit: (params) => (params['algorithm'] = 'MD5') });
    assert.deepEqual(await authenticator.verify(request({ authorization: [credentials] })), { type: 'challenge', stale: false });
  });

  it('MUST challenge an answer using a -sess algorithm', async () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const credentials = answer(authenticator, { edit: (params) => (params['algorithm'] = 'MD5-sess') });
    assert.deepEqual(await authenticator.verify(request({ authorization: [credentials] })), { type: 'challenge', stale: false });
  });

  it('MUST challenge an answer using qop=auth-int', async () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const credentials = answer(authenticator, { edit: (params) => (params['qop'] = 'auth-int') });
    assert.deepEqual(await authenticator.verify(request({ authorization: [credentials] })), { type: 'challenge', stale: false });
  });

  it('MUST refuse an answer without qop as malformed', async () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const credentials = answer(authenticator, { edit: (params) => delete params['qop'] });
    const verdict = await authenticator.verify(request({ authorization: [credentials] }));
    assert.deepEqual(verdict, { type: 'forbidden', reason: 'malformed-credentials', username: 'alice' });
  });

  it('MUST refuse a malformed nonce count', async () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const credentials = answer(authenticator, { edit: (params) => (params['nc'] = '1') });
    const verdict = await authenticator.verify(request({ authorization: [credentials] }));
    assert.deepEqual(verdict, { type: 'forbidden', reason: 'malformed-credentials', username: 'alice' });
  });

  it('MUST challenge credentials for another realm only', async () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const credentials = answer(authenticator, { edit: (params) => (params['realm'] = 'elsewhere') });
    assert.deepEqual(await authenticator.verify(request({ authorization: [credentials] })), { type: 'challenge', stale: false });
  });

  it('MUST refuse a uri directive that is not the Request-URI', async () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const credentials = answer(authenticator, { uri: 'sip:other.example.com' });
    const verdict = await authenticator.verify(request({ authorization: [credentials] }));
    assert.deepEqual(verdict, { type: 'forbidden', reason: 'uri-mismatch', username: 'alice' });
  });

  it('MUST challenge (not stale) a tampered nonce', async () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const credentials = answer(authenticator, { edit: (params) => (params['nonce'] = tamper(params['nonce'] ?? '')) });
    assert.deepEqual(await authenticator.verify(request({ authorization: [credentials] })), { type: 'challenge', stale: false });
  });

  it('MUST challenge (not stale) an opaque value that is not ours', async () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const credentials = answer(authenticator, { edit: (params) => (params['opaque'] = 'forged') });
    assert.deepEqual(await authenticator.verify(request({ authorization: [credentials] })), { type: 'challenge', stale: false });
  });

  it('MUST answer stale=true to a correct answer whose nonce outlived its lifetime', async () => {
    const { options, clock } = harness({ nonceTtlMs: 30_000 });
    const authenticator = createDigestAuthenticator(options);
    const credentials = answer(authenticator);
    clock.nowMs += 30_001;
    assert.deepEqual(await authenticator.verify(request({ authorization: [credentials] })), { type: 'challenge', stale: true });
  });

  it('MUST still accept a nonce at the very end of its lifetime', async () => {
    const { options, clock } = harness({ nonceTtlMs: 30_000 });
    const authenticator = createDigestAuthenticator(options);
    const credentials = answer(authenticator);
    clock.nowMs += 30_000;
    assert.equal((await authenticator.verify(request({ authorization: [credentials] }))).type, 'authenticated');
  });

  it('MUST NOT answer stale to a wrong password on an expired nonce', async () => {
    const { options, clock } = harness({ nonceTtlMs: 30_000 });
    const authenticator = createDigestAuthenticator(options);
    const credentials = answer(authenticator, { password: 'guess' });
    clock.nowMs += 60_000;
    assert.equal((await authenticator.verify(request({ authorization: [credentials] }))).type, 'forbidden');
  });

  it('MUST answer stale=true to a replayed nonce count', async () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const credentials = answer(authenticator);
    await authenticator.verify(request({ authorization: [credentials] }));
    assert.deepEqual(await authenticator.verify(request({ authorization: [credentials] })), { type: 'challenge', stale: true });
  });

  it('MUST accept the same nonce again with a higher nonce count', async () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const params = challengeParams(authenticator.challenge(request()).headers['www-authenticate'] ?? [], 'MD5');
    await authenticator.verify(request({ authorization: [answerChallenge(params, { nc: 1 })] }));
    const verdict = await authenticator.verify(request({ authorization: [answerChallenge(params, { nc: 2 })] }));
    assert.equal(verdict.type, 'authenticated');
  });

  it('MUST NOT let a wrong answer consume a nonce count', async () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const params = challengeParams(authenticator.challenge(request()).headers['www-authenticate'] ?? [], 'MD5');
    await authenticator.verify(request({ authorization: [answerChallenge(params, { nc: 9, password: 'guess' })] }));
    const verdict = await authenticator.verify(request({ authorization: [answerChallenge(params, { nc: 1 })] }));
    assert.equal(verdict.type, 'authenticated');
  });

  it('MUST refuse a wrong password as invalid credentials', async () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const credentials = answer(authenticator, { password: 'guess' });
    const verdict = await authenticator.verify(request({ authorization: [credentials] }));
    assert.deepEqual(verdict, { type: 'forbidden', reason: 'invalid-credentials', username: 'alice' });
  });

  it('MUST give an unknown user exactly the verdict of a wrong password', async () => {
    const known = harness();
    const unknown = harness({ lookup: async () => undefined });
    const credentials = answer(createDigestAuthenticator(known.options), { password: 'guess' });
    const verdicts = await Promise.all(
      [known, unknown].map((each) => createDigestAuthenticator(each.options).verify(request({ authorization: [credentials] }))),
    );
    assert.deepEqual(verdicts[0], verdicts[1]);
  });

  it('MUST look the user up even when the user is unknown, so both cases do the same work', async () => {
    const { options, lookups } = harness();
    const authenticator = createDigestAuthenticator(options);
    await authenticator.verify(request({ authorization: [answer(authenticator, { username: 'mallory' })] }));
    assert.deepEqual(lookups, ['mallory']);
  });

  it('as a proxy, MUST read Proxy-Authorization and ignore Authorization', async () => {
    const authenticator = createDigestAuthenticator(harness().options);
    const credentials = answer(authenticator);
    const verdicts = await Promise.all([
      authenticator.verify(request({ 'proxy-authorization': [credentials] }), { proxy: true }),
      authenticator.verify(request({ authorization: [credentials] }), { proxy: true }),
    ]);
    assert.deepEqual(verdicts.map((verdict) => verdict.type), ['authenticated', 'challenge']);
  });

  it('MUST reject the promise when the credential lookup fails', async () => {
    const failing = harness({ lookup: async () => Promise.reject(new Error('database down')) });
    const authenticator = createDigestAuthenticator(failing.options);
    await assert.rejects(authenticator.verify(request({ authorization: [answer(authenticator)] })), /database down/);
  });
});

function tamper(nonce: string): string {
  return (nonce[0] === 'A' ? 'B' : 'A') + nonce.slice(1);
}
