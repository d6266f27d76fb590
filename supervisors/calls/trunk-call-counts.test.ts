import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTrunkCallCounts } from './trunk-call-counts.ts';

describe('trunk call counts', () => {
  it('MUST count each live call of a trunk once, in or out, and drop it when the call ends', () => {
    const changed: number[] = [];
    const counts = createTrunkCallCounts((trunkId) => changed.push(trunkId));
    counts.add(1, 'call-a');
    counts.add(1, 'call-b');
    counts.add(1, 'call-a');
    counts.add(2, 'call-a');
    assert.deepEqual([counts.count(1), counts.count(2), counts.count(3)], [2, 1, 0]);
    counts.end('call-a');
    assert.deepEqual([counts.count(1), counts.count(2)], [1, 0]);
    counts.end('call-a');
    counts.end('call-unknown');
    counts.end('call-b');
    assert.equal(counts.count(1), 0);
    assert.deepEqual(changed, [1, 1, 2, 1, 2, 1]);
  });
});
