import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createAuthorizationHeader, createDigestAuthenticator } from '../../transport/sip/auth/index.ts';
import { createNonceCodec } from '../../transport/sip/auth/digest-nonce.ts';
import type { SipRequest } from '../../transport/sip/message/index.ts';
import { parseDigest } from '../../transport/sip/message/index.ts';

const SECRET = new Uint8Array(32).fill(3);
const random = (byteCount: number): Uint8Array => new Uint8Array(byteCount).fill(byteCount);

function register(authorization?: string): SipRequest {
  const headers = authorization === undefined ? {} : { authorization: [authorization] };
  return { type: 'request', method: 'REGISTER', uri: 'sip:pbx.example.com', headers, body: new Uint8Array(0) };
}

describe('Digest nonces (properties)', () => {
  it('opening any string MUST NOT throw and MUST NOT accept it unless it was issued', () => {
    const codec = createNonceCodec({ realm: 'parley', secret: SECRET, random });
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        assert.deepEqual(codec.open(text), { type: 'foreign' });
      }),
    );
  });

  it('every issued nonce MUST open to its issue time', () => {
    const codec = createNonceCodec({ realm: 'parley', secret: SECRET, random });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (issuedAtMs) => {
        assert.deepEqual(codec.open(codec.issue(issuedAtMs)), { type: 'ours', issuedAtMs });
      }),
    );
  });
});

describe('Digest authenticator (properties)', () => {
  const credentials = fc.record({
    username: fc.string({ minLength: 1, maxLength: 20 }),
    password: fc.string({ maxLength: 20 }),
    guess: fc.string({ maxLength: 20 }),
    algorithm: fc.constantFrom('MD5' as const, 'SHA-256' as const),
  });

  it('MUST accept the right password and give a wrong one the verdict of an unknown user', async () => {
    await fc.assert(
      fc.asyncProperty(credentials, async ({ username, password, guess, algorithm }) => {
        fc.pre(guess !== password);
        const options = { realm: 'pbx.example.com', nonceSecret: SECRET, clock: { now: () => 5_000 }, random };
        const known = createDigestAuthenticator({ ...options, lookup: async () => ({ password }) });
        const unknown = createDigestAuthenticator({ ...options, lookup: async () => undefined });
        const challenge = known.challenge(register()).headers['www-authenticate'] ?? [];
        const params = challenge.map(parseDigest).find((each) => each?.params['algorithm'] === algorithm);
        assert.ok(params);
        const answer = (secret: string, nc: number): string => {
          const input = { username, password: secret, method: 'REGISTER', uri: 'sip:pbx.example.com', cnonce: 'c', nc };
          const result = createAuthorizationHeader(params, input);
          assert.equal(result.type, 'authorization');
          return result.value;
        };
        assert.equal((await known.verify(register(answer(password, 1)))).type, 'authenticated');
        const wrong = register(answer(guess, 2));
        assert.deepEqual(await known.verify(wrong), await unknown.verify(wrong));
      }),
    );
  });
});

