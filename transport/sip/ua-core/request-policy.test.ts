import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SipRequest } from '../message/sip-message.ts';
import { checkRequest } from './request-policy.ts';

const served = new Set(['REGISTER', 'OPTIONS']);
const request = (method: string, uri = 'sip:1001@example.com'): SipRequest => ({
  type: 'request', method, uri, headers: {}, body: new Uint8Array(),
});

describe('checkRequest (RFC 3261 §8.2)', () => {
  it('MUST let a served method with a sip: URI through', () => {
    assert.deepEqual(checkRequest(request('REGISTER'), served), { type: 'accept' });
  });
  it('MUST answer 405 with Allow to a known method that is not served', () => {
    assert.deepEqual(checkRequest(request('SUBSCRIBE'), served), { type: 'reject', status: 405, allow: ['REGISTER', 'OPTIONS'] });
  });
  it('MUST answer 501 to a method nobody defines', () => {
    assert.deepEqual(checkRequest(request('NEWMETHOD'), served), { type: 'reject', status: 501 });
  });
  it('SHOULD answer 416 to an unsupported Request-URI scheme', () => {
    assert.deepEqual(checkRequest(request('OPTIONS', 'mailto:someone@example.com'), served), { type: 'reject', status: 416 });
  });
  it('accepts tel: URIs (RFC 3966) for later routing', () => {
    assert.deepEqual(checkRequest(request('OPTIONS', 'tel:+33123456789'), served), { type: 'accept' });
  });
});
