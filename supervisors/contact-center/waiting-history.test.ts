/**
 * The waiting-calls history: 10 s slots over one hour per queue, each with the last and the most
 * waiting calls seen in it, bounded whatever the rate of changes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWaitingHistory, HISTORY_SLOT_MS, HISTORY_WINDOW_MS } from './waiting-history.ts';

const T0 = 1_800_000_000_000;

describe('waiting history', () => {
  it('MUST keep, per 10 s slot, the last count and the most seen at once', () => {
    const history = createWaitingHistory(T0);
    for (const [offset, waiting] of [[0, 1], [2_000, 3], [4_000, 2], [HISTORY_SLOT_MS, 0]] as const) history.record(5, waiting, T0 + offset);
    assert.deepEqual(history.samples(5, T0 + HISTORY_SLOT_MS), [{ atMs: T0, waiting: 2, maxWaiting: 3 }, { atMs: T0 + HISTORY_SLOT_MS, waiting: 0, maxWaiting: 0 }]);
  });

  it('MUST answer only the last hour, oldest first, and hold at most 360 slots per queue', () => {
    const history = createWaitingHistory(T0);
    for (let at = T0; at < T0 + 2 * HISTORY_WINDOW_MS; at += 1_000) history.record(5, (at / 1_000) % 7, at);
    const samples = history.samples(5, T0 + 2 * HISTORY_WINDOW_MS - 1_000);
    assert.deepEqual([samples.length, samples[0]?.atMs, samples.at(-1)?.atMs], [360, T0 + HISTORY_WINDOW_MS, T0 + 2 * HISTORY_WINDOW_MS - HISTORY_SLOT_MS]);
  });

  it('MUST keep queues apart, and forget a deleted queue', () => {
    const history = createWaitingHistory(T0);
    history.record(5, 4, T0);
    history.record(6, 1, T0);
    history.forget(6);
    assert.deepEqual([history.samples(5, T0).map((sample) => sample.waiting), history.samples(6, T0)], [[4], []]);
  });
});
