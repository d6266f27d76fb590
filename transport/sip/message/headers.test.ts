import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SipRequest } from './sip-message.ts';
import { canonicalHeaderName, getHeader, getHeaders, normalizeHeaderName, withHeaders } from './headers.ts';

const request: SipRequest = {
  type: 'request',
  method: 'OPTIONS',
  uri: 'sip:bob@example.com',
  headers: { via: ['SIP/2.0/UDP a;branch=z9hG4bK1', 'SIP/2.0/UDP b;branch=z9hG4bK2'], 'call-id': ['abc'], to: ['<sip:bob@example.com>'] },
  body: new Uint8Array(0),
};

describe('getHeader / getHeaders', () => {
  it('MUST match header names case-insensitively', () => {
    assert.equal(getHeader(request, 'CALL-ID'), 'abc');
  });

  it('MUST accept compact forms (v → Via, i → Call-ID)', () => {
    assert.equal(getHeaders(request, 'v').length, 2);
    assert.equal(getHeader(request, 'I'), 'abc');
  });

  it('returns the first value for getHeader and every value in order for getHeaders', () => {
    assert.equal(getHeader(request, 'via'), 'SIP/2.0/UDP a;branch=z9hG4bK1');
    assert.deepEqual(getHeaders(request, 'via'), ['SIP/2.0/UDP a;branch=z9hG4bK1', 'SIP/2.0/UDP b;branch=z9hG4bK2']);
  });

  it('returns undefined / [] for an absent header', () => {
    assert.equal(getHeader(request, 'contact'), undefined);
    assert.deepEqual(getHeaders(request, 'contact'), []);
  });

  it('MUST NOT read inherited properties such as constructor or __proto__', () => {
    assert.deepEqual(getHeaders(request, 'constructor'), []);
    assert.equal(getHeader(request, '__proto__'), undefined);
  });
});

describe('withHeaders', () => {
  it('returns a new message with the header replaced, leaving the original untouched', () => {
    const changed = withHeaders(request, 'Call-ID', ['xyz']);
    assert.equal(getHeader(changed, 'call-id'), 'xyz');
    assert.equal(getHeader(request, 'call-id'), 'abc');
  });

  it('keeps the position of a replaced header among the others', () => {
    const changed = withHeaders(request, 'i', ['xyz']);
    assert.deepEqual(Object.keys(changed.headers), ['via', 'call-id', 'to']);
  });

  it('removes the header when given []', () => {
    const changed = withHeaders(request, 'v', []);
    assert.equal(Object.hasOwn(changed.headers, 'via'), false);
  });

  it('adds a new header last, under its lower-case long name', () => {
    const changed = withHeaders(request, 'M', ['<sip:bob@192.0.2.1>']);
    assert.deepEqual(Object.keys(changed.headers).at(-1), 'contact');
  });

  it('stores a header named __proto__ as an own property without touching the prototype', () => {
    const changed = withHeaders(request, '__proto__', ['x']);
    assert.deepEqual(getHeaders(changed, '__proto__'), ['x']);
    assert.equal(Object.getPrototypeOf(changed.headers), Object.prototype);
  });
});

describe('canonicalHeaderName', () => {
  it("spells the RFC's irregular names: Call-ID, CSeq, WWW-Authenticate, RAck, RSeq, SIP-ETag, Min-SE", () => {
    assert.deepEqual(
      ['call-id', 'cseq', 'www-authenticate', 'rack', 'rseq', 'sip-etag', 'min-se'].map(canonicalHeaderName),
      ['Call-ID', 'CSeq', 'WWW-Authenticate', 'RAck', 'RSeq', 'SIP-ETag', 'Min-SE'],
    );
  });

  it('writes any other name in Title-Case', () => {
    assert.equal(canonicalHeaderName('x-custom-header'), 'X-Custom-Header');
  });

  it('expands compact forms', () => {
    assert.equal(canonicalHeaderName('v'), 'Via');
  });
});

describe('normalizeHeaderName', () => {
  it('maps every compact form of RFC 3261, 3515, 3892, 4028, 6665 and 8224 to its long name', () => {
    const expected = {
      v: 'via', f: 'from', t: 'to', i: 'call-id', m: 'contact', l: 'content-length', c: 'content-type',
      e: 'content-encoding', k: 'supported', s: 'subject', o: 'event', u: 'allow-events', r: 'refer-to',
      b: 'referred-by', x: 'session-expires', y: 'identity',
    };
    assert.deepEqual(Object.fromEntries(Object.keys(expected).map((short) => [short, normalizeHeaderName(short)])), expected);
  });
});
