import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseVia } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import { responseDestination } from './response-destination.ts';
import { createLayerHarness } from './testing/layer-harness.ts';
import { buildRequest, tcp, udp } from './testing/sip-fakes.ts';

function destination(via: string, source: SipEndpoint, honourMaddr = false): SipEndpoint {
  const parsed = parseVia(via);
  if (parsed === undefined) throw new Error('bad via');
  return responseDestination(parsed, source, { honourMaddr });
}

describe('responseDestination (RFC 3261 §18.2.2, RFC 3581 §4)', () => {
  it('over UDP with rport, MUST send to received and rport', () => {
    const via = 'SIP/2.0/UDP 10.0.0.5:5060;rport=61000;received=203.0.113.9;branch=z9hG4bK1';
    assert.deepEqual(destination(via, udp('203.0.113.9', 61_000)), udp('203.0.113.9', 61_000));
  });

  it('over UDP without rport, MUST send to received and the sent-by port', () => {
    const via = 'SIP/2.0/UDP 10.0.0.5:5070;received=203.0.113.9;branch=z9hG4bK1';
    assert.deepEqual(destination(via, udp('203.0.113.9', 40_000)), udp('203.0.113.9', 5070));
  });

  it('over UDP, MUST default the port to 5060 when sent-by has none', () => {
    const via = 'SIP/2.0/UDP pc.example.com;received=203.0.113.9;branch=z9hG4bK1';
    assert.deepEqual(destination(via, udp('203.0.113.9', 40_000)), udp('203.0.113.9', 5060));
  });

  it('over UDP without received, MUST send to the sent-by address', () => {
    assert.deepEqual(destination('SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK1', udp('192.0.2.10', 5062)), udp('192.0.2.10', 5062));
  });

  it('MUST ignore maddr unless told to honour it', () => {
    const via = 'SIP/2.0/UDP 192.0.2.10;maddr=198.51.100.7;branch=z9hG4bK1';
    assert.deepEqual(destination(via, udp('192.0.2.10', 5060)), udp('192.0.2.10', 5060));
    assert.deepEqual(destination(via, udp('192.0.2.10', 5060), true), udp('198.51.100.7', 5060));
  });

  it('over TCP, MUST keep the connection id, with received and the sent-by port as the fallback', () => {
    const via = 'SIP/2.0/TCP 10.0.0.5:5060;received=203.0.113.9;branch=z9hG4bK1';
    assert.deepEqual(destination(via, tcp('203.0.113.9', 50_123, 'conn-7')), tcp('203.0.113.9', 5060, 'conn-7'));
  });
});

describe('responses of the layer', () => {
  it('MUST leave over the TCP connection the request arrived on', () => {
    const { layer, wire } = createLayerHarness();
    layer.receive(buildRequest({ via: 'SIP/2.0/TCP 10.0.0.5:5060;branch=z9hG4bKtcp' }), tcp('203.0.113.9', 50_123, 'conn-7'));
    assert.deepEqual(wire.sent[0]?.destination, tcp('203.0.113.9', 5060, 'conn-7'));
  });

  it('MUST go to the source address and port of a UDP request that asked for rport', () => {
    const { layer, wire } = createLayerHarness();
    layer.receive(buildRequest({ via: 'SIP/2.0/UDP 10.0.0.5:5060;rport;branch=z9hG4bKnat' }), udp('203.0.113.9', 61_000));
    assert.deepEqual(wire.sent[0]?.destination, udp('203.0.113.9', 61_000));
  });

  it('MUST carry the stamped top Via back to the client', () => {
    const { layer, wire } = createLayerHarness();
    layer.receive(buildRequest({ via: 'SIP/2.0/UDP 10.0.0.5:5060;rport;branch=z9hG4bKnat' }), udp('203.0.113.9', 61_000));
    const trying = wire.responses(100)[0];
    assert.deepEqual(trying?.headers['via'], ['SIP/2.0/UDP 10.0.0.5:5060;rport=61000;branch=z9hG4bKnat;received=203.0.113.9']);
  });
});
