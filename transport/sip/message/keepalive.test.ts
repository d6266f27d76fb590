import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isCrlfKeepalive } from './keepalive.ts';

describe('isCrlfKeepalive', () => {
  it('recognises CRLF and double-CRLF datagrams', () => {
    assert.deepEqual([isCrlfKeepalive(Buffer.from('\r\n')), isCrlfKeepalive(Buffer.from('\r\n\r\n'))], [true, true]);
  });

  it('does not take an empty datagram or a message for a keepalive', () => {
    assert.deepEqual([isCrlfKeepalive(new Uint8Array(0)), isCrlfKeepalive(Buffer.from('\r\nOPTIONS'))], [false, false]);
  });
});
