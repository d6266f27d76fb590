import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../testing/manual-clock.ts';
import { MAX_CATCH_UP_FRAMES, startPacedSender } from './paced-sender.ts';

function pacing(frames: number): { clock: ManualClock; sent: { atMs: number; frameIndex: number }[]; ended: () => boolean; stop: () => void } {
  const clock = new ManualClock(1000);
  const sent: { atMs: number; frameIndex: number }[] = [];
  let remaining = frames;
  let ended = false;
  const stop = startPacedSender({
    clock,
    frameMs: 20,
    nextFrame: () => (remaining-- > 0 ? new Int16Array(160) : undefined),
    send: (_frame, frameIndex) => sent.push({ atMs: clock.nowMs(), frameIndex }),
    onEnd: () => {
      ended = true;
    },
  });
  return { clock, sent, ended: () => ended, stop };
}

describe('paced sender', () => {
  it('MUST send frame n at start + n·20 ms', () => {
    const run = pacing(100);
    run.clock.advanceTo(1000 + 5 * 20);
    assert.deepEqual(run.sent.map((entry) => entry.atMs), [1000, 1020, 1040, 1060, 1080, 1100]);
  });

  it('MUST schedule by absolute time so that a late wake-up does not delay later frames', () => {
    const run = pacing(100);
    run.clock.advanceTo(1027);
    run.clock.advanceTo(1040);
    assert.deepEqual(run.sent.map((entry) => entry.frameIndex), [0, 1, 2]);
  });

  it(`after a stall, MUST send at most ${MAX_CATCH_UP_FRAMES} overdue frames, skipping the older ones`, () => {
    const run = pacing(100);
    run.clock.stallTo(1200);
    assert.deepEqual(run.sent.map((entry) => entry.frameIndex), [0, 8, 9, 10]);
  });

  it('MUST call onEnd once the source is exhausted, and send nothing more', () => {
    const run = pacing(3);
    run.clock.advanceTo(2000);
    assert.deepEqual([run.sent.length, run.ended()], [3, true]);
  });

  it('MUST send nothing after being stopped', () => {
    const run = pacing(100);
    run.stop();
    run.clock.advanceTo(2000);
    assert.equal(run.sent.length, 1);
  });
});
