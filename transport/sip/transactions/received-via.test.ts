import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getHeaders } from '../message/index.ts';
import { sameIpAddress, stampTopVia } from './received-via.ts';
import { inspectRequest } from './inbound-request.ts';
import { buildRequest, udp } from './testing/sip-fakes.ts';

function stamp(via: string, source = udp('192.0.2.44', 5060), forceRport = false): string | undefined {
  const request = buildRequest({ via });
  const inspected = inspectRequest(request);
  if (inspected.type !== 'valid') throw new Error(inspected.reason);
  return getHeaders(stampTopVia(request, inspected.via, source, forceRport).request, 'via')[0];
}

describe('stampTopVia (RFC 3261 §18.2.1, RFC 3581 §4)', () => {
  it('MUST add received when the sent-by host is a domain name', () => {
    assert.equal(stamp('SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK1'), 'SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK1;received=192.0.2.44');
  });

  it('MUST add received when the sent-by address differs from the source address', () => {
    assert.equal(stamp('SIP/2.0/UDP 10.0.0.5:5070;branch=z9hG4bK1'), 'SIP/2.0/UDP 10.0.0.5:5070;branch=z9hG4bK1;received=192.0.2.44');
  });

  it('MUST leave the Via alone when sent-by is the source address', () => {
    assert.equal(stamp('SIP/2.0/UDP 192.0.2.44:5060;branch=z9hG4bK1'), 'SIP/2.0/UDP 192.0.2.44:5060;branch=z9hG4bK1');
  });

  it('MUST set rport to the source port and add received even when the address is the same', () => {
    const via = stamp('SIP/2.0/UDP 192.0.2.44:5060;rport;branch=z9hG4bK1', udp('192.0.2.44', 61_000));
    assert.equal(via, 'SIP/2.0/UDP 192.0.2.44:5060;rport=61000;branch=z9hG4bK1;received=192.0.2.44');
  });

  it('MUST stamp rport and received from the source when forced (a peer behind NAT), even when the Via did not ask', () => {
    const via = stamp('SIP/2.0/UDP 10.0.0.5:5070;branch=z9hG4bK1', udp('192.0.2.44', 61_000), true);
    assert.equal(via, 'SIP/2.0/UDP 10.0.0.5:5070;branch=z9hG4bK1;received=192.0.2.44;rport=61000');
  });

  it('MUST replace a received parameter written by the sender with the real source address', () => {
    assert.equal(stamp('SIP/2.0/UDP 10.0.0.5;received=198.51.100.1;branch=z9hG4bK1'), 'SIP/2.0/UDP 10.0.0.5;received=192.0.2.44;branch=z9hG4bK1');
  });

  it('MUST write an IPv4-mapped source address as the IPv4 address it is', () => {
    assert.equal(stamp('SIP/2.0/UDP pc.example.com;branch=z9hG4bK1', udp('::ffff:192.0.2.44', 5060)), 'SIP/2.0/UDP pc.example.com;branch=z9hG4bK1;received=192.0.2.44');
  });

  it('MUST keep the Via values below the top one', () => {
    const request = buildRequest({ extraHeaders: { via: ['SIP/2.0/UDP a.example.com;branch=z9hG4bK1', 'SIP/2.0/UDP b.example.com;branch=z9hG4bK2'] } });
    const inspected = inspectRequest(request);
    if (inspected.type !== 'valid') throw new Error(inspected.reason);
    const vias = getHeaders(stampTopVia(request, inspected.via, udp('192.0.2.44', 5060)).request, 'via');
    assert.deepEqual(vias.slice(1), ['SIP/2.0/UDP b.example.com;branch=z9hG4bK2']);
  });
});

describe('sameIpAddress', () => {
  it('MUST see IPv6 spellings of one address as equal', () => {
    assert.equal(sameIpAddress('[2001:DB8::1]', '2001:db8:0:0:0:0:0:1'), true);
  });

  it('MUST see an IPv4 address and its IPv4-mapped IPv6 form as equal', () => {
    assert.equal(sameIpAddress('192.0.2.44', '::ffff:192.0.2.44'), true);
  });

  it('MUST NOT see a host name as an address', () => {
    assert.equal(sameIpAddress('localhost', '127.0.0.1'), false);
  });
});
