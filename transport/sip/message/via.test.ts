import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SipResponse } from './sip-message.ts';
import { formatVia, parseVia, topVia } from './via.ts';

describe('parseVia', () => {
  it('reads transport, host, port and parameters', () => {
    assert.deepEqual(parseVia('SIP/2.0/UDP pc33.example.com:5066;branch=z9hG4bK776asdhds;rport'), {
      transport: 'UDP',
      host: 'pc33.example.com',
      port: 5066,
      params: { branch: 'z9hG4bK776asdhds', rport: null },
    });
  });

  it('accepts LWS around the slashes, the colon, the semicolons and the equals signs (RFC 4475 wsinv)', () => {
    assert.deepEqual(parseVia('SIP  /   2.0 / tcp   spindle.example.com : 5070  ; branch  =   z9hG4bK9ikj8'), {
      transport: 'TCP',
      host: 'spindle.example.com',
      port: 5070,
      params: { branch: 'z9hG4bK9ikj8' },
    });
  });

  it('reads an IPv6 reference with its brackets and a received parameter holding an IPv6 address (RFC 5118)', () => {
    const via = parseVia('SIP/2.0/UDP [2001:db8::9:1]:5060;received=[2001:db8::9:255];branch=z9hG4bKas3-111');
    assert.equal(via?.host, '[2001:db8::9:1]');
    assert.equal(via?.params['received'], '[2001:db8::9:255]');
  });

  it('lower-cases the host and parameter names', () => {
    const via = parseVia('SIP/2.0/UDP PC33.Example.COM;Branch=z9hG4bKX');
    assert.deepEqual([via?.host, via?.params['branch']], ['pc33.example.com', 'z9hG4bKX']);
  });

  it('MUST reject another protocol version, a missing host, a bad port and empty parameters (RFC 4475 badinv01)', () => {
    const bad = ['SIP/3.0/UDP h', 'SIP/2.0/UDP', 'SIP/2.0/UDP h:99999', 'SIP/2.0/UDP 192.0.2.15;;', 'SIP/2.0/UDP h x'];
    assert.deepEqual(bad.map(parseVia), bad.map(() => undefined));
  });

  it('MUST NOT throw on hostile fragments', () => {
    const hostile = ['', '/', 'SIP/', 'SIP/2.0/', 'SIP/2.0/UDP [', 'SIP/2.0/UDP [::1', 'SIP/2.0/UDP h;a="unterminated'];
    assert.deepEqual(hostile.map(parseVia), hostile.map(() => undefined));
  });
});

describe('formatVia', () => {
  it('writes SIP/2.0/<transport> host:port;params and parses back to the same value', () => {
    const via = { transport: 'TLS', host: '[2001:db8::1]', port: 5061, params: { branch: 'z9hG4bKabc', rport: null } };
    assert.equal(formatVia(via), 'SIP/2.0/TLS [2001:db8::1]:5061;branch=z9hG4bKabc;rport');
    assert.deepEqual(parseVia(formatVia(via)), via);
  });
});

describe('topVia', () => {
  it('parses the first Via of a message', () => {
    const response: SipResponse = {
      type: 'response',
      status: 200,
      reason: 'OK',
      headers: { via: ['SIP/2.0/UDP a;branch=z9hG4bK1', 'SIP/2.0/UDP b;branch=z9hG4bK2'] },
      body: new Uint8Array(0),
    };
    assert.equal(topVia(response)?.params['branch'], 'z9hG4bK1');
  });
});
