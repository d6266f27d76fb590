import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OutboundStream, resumedStreamState } from './outbound-stream.ts';

const START = { ssrc: 42, nextSequenceNumber: 1000, lastTimestamp: 50_000, lastSentAtMs: 0 };

describe('outbound stream towards a leg', () => {
  it('MUST continue the leg’s own sequence numbering whatever the source’s numbering', () => {
    const stream = new OutboundStream(START, 8000);
    const stamped = [7, 8, 9].map((sequenceNumber) => stream.stamp('relay:x', sequenceNumber, sequenceNumber * 160, false, 0).sequenceNumber);
    assert.deepEqual(stamped, [1000, 1001, 1002]);
  });

  it('MUST keep an upstream sequence gap visible', () => {
    const stream = new OutboundStream(START, 8000);
    const stamped = [7, 10].map((sequenceNumber) => stream.stamp('relay:x', sequenceNumber, 0, false, 0).sequenceNumber);
    assert.deepEqual(stamped, [1000, 1003]);
  });

  it('on a source change, MUST go on with the next sequence number and set the marker bit', () => {
    const stream = new OutboundStream(START, 8000);
    stream.stamp('relay:x', 7, 0, false, 0);
    const stamped = stream.stamp('player:y', 0, 0, false, 20);
    assert.deepEqual([stamped.sequenceNumber, stamped.marker], [1001, true]);
  });

  it('on a source change, MUST advance the timestamp by the wall-clock time elapsed', () => {
    const stream = new OutboundStream(START, 8000);
    stream.stamp('relay:x', 7, 123_456, false, 1000);
    assert.equal(stream.stamp('player:y', 0, 0, false, 1500).timestamp, 50_000 + 4000);
  });

  it('MUST wrap sequence numbers and timestamps modulo 2^16 and 2^32', () => {
    const stream = new OutboundStream({ ssrc: 1, nextSequenceNumber: 65535, lastTimestamp: 0xffffff60, lastSentAtMs: 0 }, 8000);
    stream.stamp('relay:x', 0, 0, false, 0);
    const stamped = stream.stamp('relay:x', 1, 160, false, 20);
    assert.deepEqual([stamped.sequenceNumber, stamped.timestamp], [0, 0]);
  });

  it('after a move, MUST skip the sequence numbers that may have been sent since the snapshot', () => {
    const resumed = resumedStreamState({ ...START, lastSentAtMs: 10_000 }, 11_000);
    assert.equal(resumed.nextSequenceNumber, 1000 + 100 + 1);
  });
});
