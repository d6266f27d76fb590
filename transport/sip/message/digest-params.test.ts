import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatDigest, parseDigest } from './digest-params.ts';

describe('parseDigest', () => {
  it('reads the scheme and the parameters of a challenge (RFC 7616 §3.3)', () => {
    assert.deepEqual(parseDigest('Digest realm="atlanta.com", domain="sip:ss1.carrier.com", qop="auth,auth-int", nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5'), {
      scheme: 'Digest',
      params: {
        realm: 'atlanta.com',
        domain: 'sip:ss1.carrier.com',
        qop: 'auth,auth-int',
        nonce: 'f84f1cec41e6cbe5aea9c8e88d359',
        opaque: '',
        stale: 'FALSE',
        algorithm: 'MD5',
      },
    });
  });

  it('does not split at commas inside quoted strings and unescapes quoted-pairs', () => {
    assert.deepEqual(parseDigest('Digest realm="a, \\"b\\"", nonce=x')?.params, { realm: 'a, "b"', nonce: 'x' });
  });

  it('lower-cases parameter names and accepts LWS around = and ,', () => {
    assert.deepEqual(parseDigest('Digest  Username = "bob" ,URI="sip:x"')?.params, { username: 'bob', uri: 'sip:x' });
  });

  it('accepts empty list elements (RFC 7230 §7)', () => {
    assert.deepEqual(parseDigest('Digest ,realm="r",, nonce="n",')?.params, { realm: 'r', nonce: 'n' });
  });

  it('reads a scheme without parameters', () => {
    assert.deepEqual(parseDigest('Digest'), { scheme: 'Digest', params: {} });
  });

  it('MUST reject a repeated parameter (RFC 7235 §2.1)', () => {
    assert.equal(parseDigest('Digest realm="a", realm="b"'), undefined);
  });

  it('MUST reject unterminated quotes, missing values and missing commas', () => {
    const bad = ['Digest realm="a', 'Digest realm=', 'Digest realm', 'Digest a=1 b=2', '', '"x"', 'Digest, a=1'];
    assert.deepEqual(bad.map(parseDigest), bad.map(() => undefined));
  });
});

describe('formatDigest', () => {
  it('quotes challenge parameters except algorithm and stale; qop is quoted in a challenge', () => {
    assert.equal(
      formatDigest({ scheme: 'Digest', params: { realm: 'r', nonce: 'n', algorithm: 'SHA-256', qop: 'auth', stale: 'true' } }),
      'Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth", stale=true',
    );
  });

  it('writes qop and nc as tokens in credentials (recognised by response)', () => {
    assert.equal(
      formatDigest({ scheme: 'Digest', params: { username: 'bob', response: 'abc', qop: 'auth', nc: '00000001', cnonce: 'c' } }),
      'Digest username="bob", response="abc", qop=auth, nc=00000001, cnonce="c"',
    );
  });

  it('quotes exactly the listed names when given a list, and any value that is not a token', () => {
    assert.equal(formatDigest({ scheme: 'Digest', params: { a: 'x', b: 'y', c: 'has space' } }, ['a']), 'Digest a="x", b=y, c="has space"');
  });

  it('escapes quotes and backslashes, and round-trips through parseDigest', () => {
    const value = { scheme: 'Digest', params: { username: 'a"b\\c', realm: 'x, y' } };
    assert.deepEqual(parseDigest(formatDigest(value)), value);
  });
});
