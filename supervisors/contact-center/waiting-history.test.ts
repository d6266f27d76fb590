/**
 * The waiting-calls history: 10 s slots over one hour per queue, each with the last and the most
 * waiting calls seen in it, bounded whatever the rate of changes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWaitingHistory, HISTORY_SLOT_MS, HISTORY_WINDOW_MS, slotsOfWaits } from './waiting-history.ts';

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

  it('MUST rebuild the hour from recorded waits: each counts from its entry to its exit, an open one until now', () => {
    const now = T0 + HISTORY_WINDOW_MS;
    const slots = slotsOfWaits([
      { enteredAtMs: T0 - 60_000, leftAtMs: T0 + 25_000 },
      { enteredAtMs: T0 + 12_000, leftAtMs: T0 + 15_000 },
      { enteredAtMs: now - 5_000, leftAtMs: null },
    ], now);
    const at = (startMs: number) => slots.find((slot) => slot.startMs === startMs);
    assert.deepEqual([slots.length, at(T0 + HISTORY_SLOT_MS), at(T0 + 2 * HISTORY_SLOT_MS), at(T0 + 3 * HISTORY_SLOT_MS)?.maxWaiting, slots.at(-1)], [
      360, { startMs: T0 + HISTORY_SLOT_MS, waiting: 1, maxWaiting: 2 }, { startMs: T0 + 2 * HISTORY_SLOT_MS, waiting: 0, maxWaiting: 1 }, 0, { startMs: now, waiting: 1, maxWaiting: 1 },
    ]);
  });

  it('MUST keep a slot sampled live when seeding, with the larger maximum, and date the history an hour back', () => {
    const now = T0 + HISTORY_WINDOW_MS;
    const history = createWaitingHistory(now);
    history.record(5, 3, now);
    history.seed(5, [{ enteredAtMs: now - 1_000, leftAtMs: null }], now);
    assert.deepEqual([history.samples(5, now).at(-1), history.sinceMs], [{ atMs: now, waiting: 3, maxWaiting: 3 }, now - HISTORY_WINDOW_MS + HISTORY_SLOT_MS]);
  });
});
