import '../../test/support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { unpack } from 'msgpackr';
import { decodeClientFrame, encodeServerFrame, negotiateFormat } from './control-codec.ts';

describe('control codec', () => {
  it('MUST choose msgpack or JSON by subprotocol, JSON without one, and refuse only unknown ones', () => {
    assert.deepEqual(
      ['', 'parley.control.v1.json', 'x, parley.control.v1.msgpack', 'graphql-ws'].map((header) => {
        const choice = negotiateFormat(header);
        return choice.type === 'chosen' ? choice.format : 'refused';
      }),
      ['json', 'json', 'msgpack', 'refused'],
    );
  });

  it('MUST encode an event exactly as JSON.stringify would, for any data (the data JSON is shared between sessions)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.string(), fc.string(), fc.jsonValue(), (sequence, name, origin, data) => {
        const frame = { type: 'event' as const, sequence, name, origin_uuid: origin, data };
        assert.equal(encodeServerFrame(frame, 'json', JSON.stringify(data)), JSON.stringify(frame));
      }),
    );
  });

  it('MUST round-trip msgpack frames, and report undecodable input as an invalid frame', () => {
    const frame = { type: 'reply' as const, id: 'a', ok: true as const, result: { n: [1, 'x', null] } };
    assert.deepEqual(unpack(encodeServerFrame(frame, 'msgpack') as Uint8Array), frame);
    const bad = new Uint8Array([0xc1]).buffer;
    assert.deepEqual([decodeClientFrame(bad, true, 'msgpack').type, decodeClientFrame(new TextEncoder().encode('{').buffer, false, 'json').type], ['invalid', 'invalid']);
  });
});
