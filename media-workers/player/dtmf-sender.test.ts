import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DTMF_GAP_MS, DTMF_TONE_MS, dtmfSchedule, isDtmfDigits } from './dtmf-sender.ts';

describe('DTMF as RFC 4733 telephone events', () => {
  it('MUST accept 0-9, *, #, A-D and refuse anything else or nothing', () => {
    assert.ok(isDtmfDigits('0123456789*#ABCD'));
    for (const bad of ['', 'a', 'E', '1 2', '12\n', 'w']) assert.equal(isDtmfDigits(bad), false, JSON.stringify(bad));
  });

  it('MUST send each digit as one event: growing updates with a marker first, the end sent three times, one timestamp, then the next digit after the gap', () => {
    const packets = dtmfSchedule('1#');
    const first = packets.filter((packet) => packet.event === 1);
    const hash = packets.filter((packet) => packet.event === 11);
    assert.equal(first.length + hash.length, packets.length);
    assert.deepEqual(first.map((packet) => packet.marker), [true, false, false, false, false, false, false]);
    assert.deepEqual(first.map((packet) => packet.end), [false, false, false, false, true, true, true]);
    assert.deepEqual(first.map((packet) => packet.duration), [160, 320, 480, 640, 800, 800, 800]);
    assert.ok(first.every((packet) => packet.timestamp === 0));
    assert.ok(hash.every((packet) => packet.timestamp === (DTMF_TONE_MS + DTMF_GAP_MS) * 8));
    assert.deepEqual(packets.map((packet) => packet.sequence), packets.map((_packet, index) => index));
    assert.ok(packets.every((packet, index) => index === 0 || packet.offsetMs >= (packets[index - 1]?.offsetMs ?? 0)), 'in sending order');
  });
});
