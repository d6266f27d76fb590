import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendEvent, bufferedCount, emptyEventBuffer, eventsAfter, oldestSequence, type EventBuffer } from './control-event-buffer.ts';

const frame = (sequence: number) => ({ type: 'event' as const, sequence, name: 'e', origin_uuid: 'n', data: sequence });
const fill = (count: number, limits = { maxEvents: 1_000, maxBytes: 1_000_000 }, bytes = 10): EventBuffer => {
  let buffer = emptyEventBuffer();
  for (let sequence = 1; sequence <= count; sequence += 1) buffer = appendEvent(buffer, { frame: frame(sequence), bytes }, limits);
  return buffer;
};

describe('control event buffer', () => {
  it('MUST keep at most maxEvents, dropping the oldest first', () => {
    const buffer = fill(25, { maxEvents: 10, maxBytes: 1_000_000 });
    assert.deepEqual([bufferedCount(buffer), oldestSequence(buffer)], [10, 16]);
  });

  it('MUST keep at most maxBytes, but always the newest event', () => {
    assert.deepEqual([bufferedCount(fill(25, { maxEvents: 100, maxBytes: 55 })), bufferedCount(fill(3, { maxEvents: 100, maxBytes: 5 }, 50))], [5, 1]);
  });

  it('MUST answer the events after a sequence, oldest first', () => {
    assert.deepEqual(eventsAfter(fill(8), 5).map((event) => event.sequence), [6, 7, 8]);
  });

  it('MUST leave an older buffer unchanged when a newer one is appended to, or when it is appended to again (a value)', () => {
    const limits = { maxEvents: 100, maxBytes: 1_000_000 };
    const base = fill(3);
    const one = appendEvent(base, { frame: frame(4), bytes: 1 }, limits);
    const other = appendEvent(base, { frame: frame(40), bytes: 1 }, limits);
    assert.deepEqual([eventsAfter(base, 0).length, eventsAfter(one, 3)[0]?.sequence, eventsAfter(other, 3)[0]?.sequence], [3, 4, 40]);
  });

  it('MUST stay consistent across compactions of a long run', () => {
    const buffer = fill(5_000, { maxEvents: 100, maxBytes: 1_000_000 });
    assert.deepEqual([buffer.entries.length < 2_000, eventsAfter(buffer, 4_997).map((event) => event.sequence)], [true, [4_998, 4_999, 5_000]]);
  });
});
