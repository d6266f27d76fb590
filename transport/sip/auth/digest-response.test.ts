import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { computeDigestHa1, computeDigestResponse, formatNonceCount, parseNonceCount } from './digest-response.ts';

/** The example of RFC 7616 §3.9.1. https://www.rfc-editor.org/rfc/rfc7616#section-3.9.1 */
const MUFASA = {
  username: 'Mufasa',
  realm: 'http-auth@example.org',
  password: 'Circle of Life',
  method: 'GET',
  uri: '/dir/index.html',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  nonceCount: '00000001',
} as const;

function mufasaResponse(algorithm: 'MD5' | 'SHA-256'): string {
  const ha1 = computeDigestHa1(algorithm, MUFASA.username, MUFASA.realm, MUFASA.password);
  return computeDigestResponse(ha1, {
    algorithm,
    method: MUFASA.method,
    uri: MUFASA.uri,
    nonce: MUFASA.nonce,
    protection: { type: 'auth', cnonce: MUFASA.cnonce, nonceCount: MUFASA.nonceCount },
  });
}

interface OracleContext {
  ha1: string;
  nonce: string;
  nc?: string;
  cnonce?: string;
  qop?: string;
  method: string;
  uri: string;
  entity?: string;
}
const oracle = createRequire(import.meta.url)('sip/digest.js') as {
  calculateDigest(context: OracleContext): string;
};

describe('computeDigestResponse', () => {
  it('MUST give the MD5 response of the RFC 7616 §3.9.1 example', () => {
    assert.equal(mufasaResponse('MD5'), '8ca523f5e9506fed4657c9700eebdbec');
  });

  it('MUST give the SHA-256 response of the RFC 7616 §3.9.1 example', () => {
    assert.equal(mufasaResponse('SHA-256'), '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  });

  it('without qop, MUST compute KD(HA1, nonce ":" HA2) as RFC 2069 clients expect', () => {
    const ha1 = computeDigestHa1('MD5', 'alice', 'parley', 'secret');
    const ours = computeDigestResponse(ha1, {
      algorithm: 'MD5',
      method: 'REGISTER',
      uri: 'sip:parley',
      nonce: 'abc',
      protection: { type: 'none' },
    });
    assert.equal(ours, oracle.calculateDigest({ ha1, nonce: 'abc', method: 'REGISTER', uri: 'sip:parley' }));
  });

  it('with qop=auth-int, MUST include H(body) in HA2', () => {
    const ha1 = computeDigestHa1('MD5', 'alice', 'parley', 'secret');
    const body = 'v=0\r\n';
    const ours = computeDigestResponse(ha1, {
      algorithm: 'MD5',
      method: 'INVITE',
      uri: 'sip:bob@parley',
      nonce: 'n',
      protection: { type: 'auth-int', cnonce: 'c', nonceCount: '00000002', body: new TextEncoder().encode(body) },
    });
    const expected = oracle.calculateDigest({
      ha1, nonce: 'n', nc: '00000002', cnonce: 'c', qop: 'auth-int', method: 'INVITE', uri: 'sip:bob@parley', entity: body,
    });
    assert.equal(ours, expected);
  });
});

describe('nonce counts', () => {
  it('MUST be written as eight lower-case hex digits', () => {
    assert.equal(formatNonceCount(0xab), '000000ab');
  });

  it('MUST refuse to write a count outside 1 … 0xffffffff', () => {
    assert.throws(() => formatNonceCount(0), RangeError);
  });

  it('MUST read eight hex digits in either case', () => {
    assert.equal(parseNonceCount('0000001F'), 31);
  });

  it('MUST reject a count of the wrong length, a non-hex one and zero', () => {
    assert.deepEqual(
      ['1', '000000001', '0000000g', '00000000', ' 0000001'].map(parseNonceCount),
      [undefined, undefined, undefined, undefined, undefined],
    );
  });
});
