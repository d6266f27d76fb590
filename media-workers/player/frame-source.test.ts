import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createFrameSource, seededRandom } from './frame-source.ts';

function drain(next: () => Int16Array | undefined, limit: number): Int16Array[] {
  const frames: Int16Array[] = [];
  for (let frame = next(); frame !== undefined && frames.length < limit; frame = next()) frames.push(frame);
  return frames;
}

const TRACK_A = Int16Array.from({ length: 5 }, () => 1);
const TRACK_B = Int16Array.from({ length: 4 }, () => 2);

describe('frame source', () => {
  it('MUST complete the last frame of a track with silence', () => {
    const frames = drain(createFrameSource({ tracks: [TRACK_A], samplesPerFrame: 4, loop: false, order: 'sequential', random: Math.random }), 10);
    assert.deepEqual(frames.map((frame) => [...frame]), [[1, 1, 1, 1], [1, 0, 0, 0]]);
  });

  it('MUST play tracks in order and loop when asked', () => {
    const frames = drain(createFrameSource({ tracks: [TRACK_B, TRACK_A], samplesPerFrame: 4, loop: true, order: 'sequential', random: Math.random }), 4);
    assert.deepEqual(frames.map((frame) => frame[0]), [2, 1, 1, 2]);
  });

  it('MUST give the same random order for the same seed', () => {
    const order = (): (number | undefined)[] =>
      drain(createFrameSource({ tracks: [TRACK_A, TRACK_B], samplesPerFrame: 8, loop: true, order: 'random', random: seededRandom(99) }), 12).map((frame) => frame[0]);
    assert.deepEqual(order(), order());
  });

  it('MUST end at once when every track is empty', () => {
    assert.equal(createFrameSource({ tracks: [new Int16Array(0)], samplesPerFrame: 4, loop: true, order: 'sequential', random: Math.random })(), undefined);
  });
});
