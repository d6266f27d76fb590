import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DigestParams } from '../message/sip-message.ts';
import { parseDigest } from '../message/index.ts';
import { chooseDigestChallenge, createAuthorizationHeader, type AuthorizationInput } from './digest-client.ts';

/** The challenge and client values of RFC 7616 §3.9.1. */
function mufasaChallenge(algorithm: string): DigestParams {
  return {
    scheme: 'Digest',
    params: {
      realm: 'http-auth@example.org',
      qop: 'auth, auth-int',
      algorithm,
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
    },
  };
}

const MUFASA: AuthorizationInput = {
  username: 'Mufasa',
  password: 'Circle of Life',
  method: 'GET',
  uri: '/dir/index.html',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  nc: 1,
};

function answerParams(challenge: DigestParams, input: AuthorizationInput): Readonly<Record<string, string>> {
  const result = createAuthorizationHeader(challenge, input);
  assert.equal(result.type, 'authorization');
  const parsed = parseDigest(result.value);
  assert.ok(parsed);
  return parsed.params;
}

describe('createAuthorizationHeader', () => {
  it('MUST answer the RFC 7616 §3.9.1 SHA-256 challenge with its published response', () => {
    const params = answerParams(mufasaChallenge('SHA-256'), MUFASA);
    assert.equal(params['response'], '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  });

  it('MUST answer the RFC 7616 §3.9.1 MD5 challenge with its published response', () => {
    const params = answerParams(mufasaChallenge('MD5'), MUFASA);
    assert.equal(params['response'], '8ca523f5e9506fed4657c9700eebdbec');
  });

  it('MUST write qop, nc and algorithm as tokens and the other directives quoted', () => {
    const result = createAuthorizationHeader(mufasaChallenge('MD5'), MUFASA);
    assert.equal(
      result.type === 'authorization' ? result.value : result.code,
      'Digest username="Mufasa", realm="http-auth@example.org", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
        'uri="/dir/index.html", response="8ca523f5e9506fed4657c9700eebdbec", algorithm=MD5, ' +
        'cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, nc=00000001, ' +
        'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    );
  });

  it('without qop in the challenge, MUST send neither qop, cnonce nor nc', () => {
    const params = answerParams({ scheme: 'Digest', params: { realm: 'r', nonce: 'n' } }, MUFASA);
    assert.deepEqual(Object.keys(params), ['username', 'realm', 'nonce', 'uri', 'response']);
  });

  it('MUST use auth-int when it is the only option and a body is given', () => {
    const challenge: DigestParams = { scheme: 'Digest', params: { realm: 'r', nonce: 'n', qop: 'auth-int' } };
    const params = answerParams(challenge, { ...MUFASA, body: new Uint8Array([1, 2]) });
    assert.equal(params['qop'], 'auth-int');
  });

  it('MUST report auth-int without a body as unsupported', () => {
    const challenge: DigestParams = { scheme: 'Digest', params: { realm: 'r', nonce: 'n', qop: 'auth-int' } };
    assert.deepEqual(createAuthorizationHeader(challenge, MUFASA), { type: 'error', code: 'unsupported-qop' });
  });

  it('MUST report an unknown algorithm as unsupported', () => {
    assert.deepEqual(createAuthorizationHeader(mufasaChallenge('SHA-512-256'), MUFASA), {
      type: 'error',
      code: 'unsupported-algorithm',
    });
  });

  it('MUST report a challenge without nonce as malformed', () => {
    const challenge: DigestParams = { scheme: 'Digest', params: { realm: 'r' } };
    assert.deepEqual(createAuthorizationHeader(challenge, MUFASA), { type: 'error', code: 'malformed-challenge' });
  });

  it('MUST report a scheme other than Digest as unsupported', () => {
    const challenge: DigestParams = { scheme: 'Basic', params: { realm: 'r' } };
    assert.deepEqual(createAuthorizationHeader(challenge, MUFASA), { type: 'error', code: 'unsupported-scheme' });
  });
});

describe('chooseDigestChallenge', () => {
  it('MUST pick the first challenge whose algorithm it supports', () => {
    const chosen = chooseDigestChallenge([mufasaChallenge('SHA-512-256'), mufasaChallenge('SHA-256'), mufasaChallenge('MD5')]);
    assert.equal(chosen?.params['algorithm'], 'SHA-256');
  });
});
