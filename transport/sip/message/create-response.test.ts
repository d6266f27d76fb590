import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SipRequest } from './sip-message.ts';
import { createResponse } from './create-response.ts';
import { defaultReasonPhrase } from './reason-phrases.ts';

const invite: SipRequest = {
  type: 'request',
  method: 'INVITE',
  uri: 'sip:bob@biloxi.com',
  headers: {
    via: ['SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds', 'SIP/2.0/UDP proxy.atlanta.com;branch=z9hG4bK1'],
    'max-forwards': ['70'],
    to: ['Bob <sip:bob@biloxi.com>'],
    from: ['Alice <sip:alice@atlanta.com>;tag=1928301774'],
    'call-id': ['a84b4c76e66710@pc33.atlanta.com'],
    cseq: ['314159 INVITE'],
    contact: ['<sip:alice@pc33.atlanta.com>'],
    timestamp: ['54'],
  },
  body: new TextEncoder().encode('v=0\r\n'),
};

describe('createResponse', () => {
  it('MUST copy all Via values in order, From, Call-ID and CSeq (RFC 3261 §8.2.6.2)', () => {
    const response = createResponse(invite, 486);
    assert.deepEqual(
      [response.headers['via'], response.headers['from'], response.headers['call-id'], response.headers['cseq']],
      [invite.headers['via'], invite.headers['from'], invite.headers['call-id'], invite.headers['cseq']],
    );
  });

  it('MUST NOT copy other request headers nor the body', () => {
    const response = createResponse(invite, 486);
    assert.deepEqual(Object.keys(response.headers), ['via', 'from', 'to', 'call-id', 'cseq']);
    assert.equal(response.body.length, 0);
  });

  it('adds the To tag when the request To has none', () => {
    assert.deepEqual(createResponse(invite, 180, { toTag: 'a6c85cf' }).headers['to'], ['Bob <sip:bob@biloxi.com>;tag=a6c85cf']);
  });

  it('MUST NOT add a To tag to a 100 Trying', () => {
    assert.deepEqual(createResponse(invite, 100, { toTag: 'a6c85cf' }).headers['to'], ['Bob <sip:bob@biloxi.com>']);
  });

  it('MUST keep an existing To tag (a request inside a dialog)', () => {
    const inDialog = { ...invite, headers: { ...invite.headers, to: ['<sip:bob@biloxi.com>;tag=existing'] } };
    assert.deepEqual(createResponse(inDialog, 200, { toTag: 'new' }).headers['to'], ['<sip:bob@biloxi.com>;tag=existing']);
  });

  it('echoes Timestamp in a 100 Trying (RFC 3261 §8.2.6.1)', () => {
    assert.deepEqual(createResponse(invite, 100).headers['timestamp'], ['54']);
  });

  it('uses the registered reason phrase unless one is given', () => {
    assert.equal(createResponse(invite, 486).reason, 'Busy Here');
    assert.equal(createResponse(invite, 486, { reason: 'Not Now' }).reason, 'Not Now');
  });

  it('adds the given headers under their long lower-case names and the given body', () => {
    const response = createResponse(invite, 200, { headers: { m: ['<sip:bob@192.0.2.4>'] }, body: new Uint8Array([1, 2]) });
    assert.deepEqual([response.headers['contact'], [...response.body]], [['<sip:bob@192.0.2.4>'], [1, 2]]);
  });

  it('lets a given header replace a copied one, and [] remove it', () => {
    const response = createResponse(invite, 200, { headers: { 'Call-ID': ['other'], via: [] } });
    assert.deepEqual([response.headers['call-id'], Object.hasOwn(response.headers, 'via')], [['other'], false]);
  });
});

describe('defaultReasonPhrase', () => {
  it('gives the registered phrase of known codes', () => {
    assert.deepEqual([100, 180, 200, 401, 481, 503, 603].map(defaultReasonPhrase), [
      'Trying', 'Ringing', 'OK', 'Unauthorized', 'Call/Transaction Does Not Exist', 'Service Unavailable', 'Decline',
    ]);
  });

  it('gives the class name for an unregistered code', () => {
    assert.deepEqual([199 - 10, 299, 399, 499, 599, 699].map(defaultReasonPhrase), [
      'Provisional', 'Successful', 'Redirection', 'Request Failure', 'Server Failure', 'Global Failure',
    ]);
  });
});
