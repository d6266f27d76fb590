import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SipRequest, SipResponse } from './sip-message.ts';
import { serializeMessage } from './serializer.ts';
import { parseMessage } from './parser.ts';

const invite: SipRequest = {
  type: 'request',
  method: 'INVITE',
  uri: 'sip:bob@biloxi.com',
  headers: {
    via: ['SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds', 'SIP/2.0/UDP proxy.atlanta.com;branch=z9hG4bK1'],
    'max-forwards': ['70'],
    to: ['Bob <sip:bob@biloxi.com>'],
    from: ['"Alice" <sip:alice@atlanta.com>;tag=1928301774'],
    'call-id': ['a84b4c76e66710@pc33.atlanta.com'],
    cseq: ['314159 INVITE'],
    allow: ['INVITE', 'ACK', 'BYE'],
    'www-authenticate': ['Digest realm="a", nonce="1"', 'Digest realm="b", nonce="2"'],
    'content-length': ['999'],
  },
  body: new TextEncoder().encode('v=0\r\n'),
};

const text = (message: SipRequest | SipResponse): string => serializeMessage(message).toString('utf8');

describe('serializeMessage', () => {
  it('writes the Request-Line', () => {
    assert.equal(text(invite).startsWith('INVITE sip:bob@biloxi.com SIP/2.0\r\n'), true);
  });

  it('writes the Status-Line', () => {
    const response: SipResponse = { type: 'response', status: 486, reason: 'Busy Here', headers: {}, body: new Uint8Array(0) };
    assert.equal(text(response), 'SIP/2.0 486 Busy Here\r\nContent-Length: 0\r\n\r\n');
  });

  it('writes header names in their conventional spelling', () => {
    assert.match(text(invite), /\r\nCall-ID: a84b4c76e66710@pc33\.atlanta\.com\r\nCSeq: 314159 INVITE\r\n/);
  });

  it('writes one Via per line and joins other list headers with commas', () => {
    assert.match(text(invite), /\r\nVia: [^\r]*z9hG4bK776asdhds\r\nVia: [^\r]*z9hG4bK1\r\n[\s\S]*\r\nAllow: INVITE, ACK, BYE\r\n/);
  });

  it('writes each value of a non-list header on its own line (two WWW-Authenticate challenges)', () => {
    assert.equal(text(invite).split('\r\nWWW-Authenticate: Digest').length, 3);
  });

  it('MUST write the true Content-Length, whatever the headers said', () => {
    const written = text(invite);
    assert.deepEqual([written.includes('Content-Length: 5\r\n'), written.includes('999')], [true, false]);
  });

  it('ends the header section with an empty line followed by the exact body bytes', () => {
    const bytes = serializeMessage({ ...invite, body: new Uint8Array([0, 255, 13, 10]) });
    assert.deepEqual([...bytes.subarray(bytes.length - 8)], [13, 10, 13, 10, 0, 255, 13, 10]);
  });

  it('counts Content-Length in bytes, not characters', () => {
    const body = new TextEncoder().encode('é👋');
    assert.equal(text({ ...invite, body }).includes('Content-Length: 6\r\n'), true);
  });

  it('MUST throw on a header value with CR or LF (header injection is a bug)', () => {
    assert.throws(() => serializeMessage({ ...invite, headers: { ...invite.headers, subject: ['a\r\nVia: evil'] } }), RangeError);
  });

  it('MUST throw on a header name that is not a token', () => {
    assert.throws(() => serializeMessage({ ...invite, headers: { ...invite.headers, 'bad name': ['x'] } }), RangeError);
  });

  it('MUST throw on a status outside 100-699 or a Request-URI with whitespace', () => {
    const response: SipResponse = { type: 'response', status: 99, reason: 'x', headers: {}, body: new Uint8Array(0) };
    assert.throws(() => serializeMessage(response), RangeError);
    assert.throws(() => serializeMessage({ ...invite, uri: 'sip:a b' }), RangeError);
  });

  it('round-trips: parsing the output gives the message back, with the true Content-Length', () => {
    const result = parseMessage(serializeMessage(invite));
    assert.deepEqual(result, {
      type: 'ok',
      message: { ...invite, headers: { ...invite.headers, 'content-length': ['5'] } },
    });
  });
});
