import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dtmfDigitOf, parseTelephoneEvent, serializeTelephoneEvent } from './telephone-event.ts';

describe('RFC 4733 telephone-event payload', () => {
  it('MUST read event, end bit, volume and duration of a known end packet', () => {
    // Digit 5, E=1, volume 10, duration 800 (100 ms at 8 kHz).
    assert.deepEqual(parseTelephoneEvent(Uint8Array.of(5, 0x8a, 0x03, 0x20)), { event: 5, end: true, volume: 10, duration: 800 });
  });

  it('MUST ignore the reserved bit when parsing', () => {
    assert.deepEqual(parseTelephoneEvent(Uint8Array.of(11, 0x4a, 0, 160)), { event: 11, end: false, volume: 10, duration: 160 });
  });

  it('MUST serialize with the reserved bit zero and round-trip', () => {
    const telephoneEvent = { event: 11, end: true, volume: 63, duration: 65535 };
    assert.deepEqual(parseTelephoneEvent(serializeTelephoneEvent(telephoneEvent)), telephoneEvent);
  });

  it('MUST refuse a payload shorter than 4 bytes', () => {
    assert.equal(parseTelephoneEvent(Uint8Array.of(1, 2, 3)), undefined);
  });

  it('MUST map events 0–15 to 0-9, *, #, A-D and nothing else', () => {
    assert.deepEqual([0, 9, 10, 11, 12, 15, 16, 32].map(dtmfDigitOf), ['0', '9', '*', '#', 'A', 'D', undefined, undefined]);
  });
});
