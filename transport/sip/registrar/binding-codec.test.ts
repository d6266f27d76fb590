import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Binding } from './binding.ts';
import { decodeBinding, encodeBinding } from './binding-codec.ts';

const BINDING: Binding = {
  aor: 'sip:alice@pbx.example.com',
  contact: 'sip:alice@192.0.2.1',
  expiresAtMs: 2_000,
  callId: 'c',
  cseq: 3,
  qValue: 0.5,
  path: ['<sip:edge;lr>'],
  received: { transport: 'ws', address: '198.51.100.1', port: 443, connectionId: 'ws-1' },
  updatedAtMs: 1_000,
};

describe('binding codec', () => {
  it('MUST read back what it wrote', () => {
    assert.deepEqual(decodeBinding(encodeBinding(BINDING)), BINDING);
  });

  it('MUST refuse text that is not JSON', () => {
    assert.equal(decodeBinding('{"v":1,'), undefined);
  });

  it('MUST refuse an unknown version', () => {
    assert.equal(decodeBinding(JSON.stringify({ ...BINDING, v: 99 })), undefined);
  });

  it('MUST refuse a binding with a field of the wrong type', () => {
    assert.equal(decodeBinding(JSON.stringify({ ...BINDING, v: 1, cseq: '3' })), undefined);
  });

  it('MUST refuse an unknown transport', () => {
    const received = { ...BINDING.received, transport: 'sctp' };
    assert.equal(decodeBinding(JSON.stringify({ ...BINDING, v: 1, received })), undefined);
  });
});
