import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ReceiveStatistics } from './receive-statistics.ts';

function feed(sequenceNumbers: readonly number[], arrivalJitterMs: (index: number) => number = () => 0): ReceiveStatistics {
  const statistics = new ReceiveStatistics(8000);
  sequenceNumbers.forEach((sequenceNumber, index) => statistics.record(sequenceNumber, index * 160, 1, 172, index * 20 + arrivalJitterMs(index)));
  return statistics;
}

describe('receive counters (RFC 3550 A.1, A.8)', () => {
  it('MUST count packets and bytes', () => {
    const counters = feed([1, 2, 3]).counters();
    assert.deepEqual([counters.packets, counters.bytes], [3, 516]);
  });

  it('MUST estimate loss from a sequence gap', () => {
    assert.equal(feed([10, 11, 14, 15]).counters().lostEstimate, 2);
  });

  it('MUST extend sequence numbers across the 16-bit wrap', () => {
    assert.equal(feed([65534, 65535, 0, 2]).counters().lostEstimate, 1);
  });

  it('MUST report zero jitter for perfectly paced packets', () => {
    assert.equal(feed([1, 2, 3, 4, 5]).counters().jitterMs, 0);
  });

  it('MUST converge towards the interarrival variation (J += (|D| − J)/16)', () => {
    // Arrivals alternate ±2 ms around the schedule: |D| = 4 ms each time after the first.
    const jitterMs = feed(Array.from({ length: 400 }, (_, index) => index), (index) => (index % 2 === 0 ? 2 : -2)).counters().jitterMs;
    assert.ok(Math.abs(jitterMs - 4) < 0.01, `jitter ${jitterMs} ms`);
  });
});
