import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemberQueue } from './member-queue.ts';

const filled = (length: number, value: number): Int16Array => new Int16Array(length).fill(value);

describe('member queue', () => {
  it('MUST give frames in arrival order, whatever the packet size', () => {
    const queue = new MemberQueue(4);
    queue.push(filled(6, 1));
    queue.push(filled(2, 2));
    const first = new Int16Array(4);
    const second = new Int16Array(4);
    assert.deepEqual([queue.take(first), queue.take(second), [...first, ...second]], [true, true, [1, 1, 1, 1, 1, 1, 2, 2]]);
  });

  it('MUST give nothing while less than a frame waits', () => {
    const queue = new MemberQueue(4);
    queue.push(filled(3, 1));
    assert.equal(queue.take(new Int16Array(4)), false);
  });

  it('MUST keep at most three frames, dropping the oldest', () => {
    const queue = new MemberQueue(2);
    for (let value = 1; value <= 5; value += 1) queue.push(filled(2, value));
    const frame = new Int16Array(2);
    const taken: number[] = [];
    while (queue.take(frame)) taken.push(frame[0] ?? 0);
    assert.deepEqual(taken, [3, 4, 5]);
  });
});
