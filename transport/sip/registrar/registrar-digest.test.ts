import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAuthorizationHeader, createDigestAuthenticator } from '../auth/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import { getHeaders, parseDigest } from '../message/index.ts';
import { manualClock, PHONE, registerRequest, registrarHarness } from './registrar-test-kit.ts';

const NONCE_TTL_MS = 30_000;

function digestHarness() {
  const clock = manualClock();
  let seed = 0;
  const authenticator = createDigestAuthenticator({
    realm: 'pbx.example.com',
    nonceSecret: new Uint8Array(32).fill(9),
    nonceTtlMs: NONCE_TTL_MS,
    algorithms: ['MD5', 'SHA-256'],
    clock,
    random: (byteCount) => new Uint8Array(byteCount).fill(++seed),
    lookup: async (username) => (username === 'alice' ? { password: 'wonderland' } : undefined),
  });
  return registrarHarness({ authenticator }, clock);
}

/** The REGISTER a phone sends after a 401: same request, next CSeq, with credentials. */
function answered(challenge: SipResponse, user: string, password: string, cseq: number): SipRequest {
  const params = parseDigest(getHeaders(challenge, 'www-authenticate')[0] ?? '');
  assert.ok(params);
  const request = registerRequest({ user, authenticatedAs: null, cseq });
  const input = { username: user, password, method: 'REGISTER', uri: request.uri, cnonce: 'cn', nc: 1 };
  const header = createAuthorizationHeader(params, input);
  assert.equal(header.type, 'authorization');
  return { ...request, headers: { ...request.headers, authorization: [header.value] } };
}

describe('registrar with Digest authentication', () => {
  it('MUST challenge first, then accept the answer to its challenge', async () => {
    const { registrar } = digestHarness();
    const challenge = await registrar.handleRegister(registerRequest({ authenticatedAs: null }), PHONE);
    const response = await registrar.handleRegister(answered(challenge, 'alice', 'wonderland', 2), PHONE);
    assert.deepEqual([challenge.status, response.status], [401, 200]);
  });

  it('MUST offer one challenge per algorithm', async () => {
    const { registrar } = digestHarness();
    const challenge = await registrar.handleRegister(registerRequest({ authenticatedAs: null }), PHONE);
    assert.equal(getHeaders(challenge, 'www-authenticate').length, 2);
  });

  it('MUST answer 401 with stale=TRUE to credentials whose nonce expired', async () => {
    const { registrar, clock } = digestHarness();
    const challenge = await registrar.handleRegister(registerRequest({ authenticatedAs: null }), PHONE);
    clock.nowMs += NONCE_TTL_MS + 1;
    const response = await registrar.handleRegister(answered(challenge, 'alice', 'wonderland', 2), PHONE);
    const [value] = getHeaders(response, 'www-authenticate');
    assert.deepEqual([response.status, parseDigest(value ?? '')?.params['stale']], [401, 'TRUE']);
  });

  it('MUST answer 403 to a wrong password and report it with the source address', async () => {
    const { registrar, events } = digestHarness();
    const challenge = await registrar.handleRegister(registerRequest({ authenticatedAs: null }), PHONE);
    const response = await registrar.handleRegister(answered(challenge, 'alice', 'guess', 2), PHONE);
    assert.deepEqual([response.status, events], [
      403,
      [{ type: 'registration.auth_failed', source: PHONE, username: 'alice', reason: 'invalid-credentials' }],
    ]);
  });

  it('MUST answer an unknown user exactly as a wrong password', async () => {
    const { registrar } = digestHarness();
    const challenge = await registrar.handleRegister(registerRequest({ authenticatedAs: null }), PHONE);
    const wrongPassword = await registrar.handleRegister(answered(challenge, 'alice', 'guess', 2), PHONE);
    const unknownUser = await registrar.handleRegister(answered(challenge, 'mallory', 'guess', 2), PHONE);
    const shape = (response: SipResponse) => [response.status, response.reason, Object.keys(response.headers)];
    assert.deepEqual(shape(unknownUser), shape(wrongPassword));
  });
});
