import '../../test/support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { averageMagnitude, clipSample, mixMinus, sumFrames } from './mix-frame.ts';

const SAMPLES = 16;
const frame = fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: SAMPLES, maxLength: SAMPLES }).map((values) => Int16Array.from(values));

function heardBy(frames: readonly Int16Array[], member: number): Int16Array {
  const total = new Int32Array(SAMPLES);
  sumFrames(frames, total);
  const out = new Int16Array(SAMPLES);
  mixMinus(total, frames[member], out);
  return out;
}

describe('N-1 mixing', () => {
  it('MUST give each member the clipped sum of the other members’ frames, never its own', () => {
    fc.assert(
      fc.property(fc.array(frame, { minLength: 1, maxLength: 30 }), fc.nat(), (frames, pick) => {
        const member = pick % frames.length;
        const expected = Array.from({ length: SAMPLES }, (_, index) => clipSample(frames.reduce((sum, other, otherIndex) => (otherIndex === member ? sum : sum + (other[index] ?? 0)), 0)));
        assert.deepEqual([...heardBy(frames, member)], expected);
      }),
    );
  });

  it('MUST give the other member’s frame unchanged in a room of two, and silence to a member alone', () => {
    fc.assert(
      fc.property(frame, frame, (first, second) => {
        assert.deepEqual([[...heardBy([first, second], 0)], [...heardBy([first], 0)]], [[...second], new Array<number>(SAMPLES).fill(0)]);
      }),
    );
  });

  it('MUST give a listener who contributes nothing the clipped sum of everyone', () => {
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 30 }), (frames) => {
        const total = new Int32Array(SAMPLES);
        sumFrames(frames, total);
        const out = new Int16Array(SAMPLES);
        mixMinus(total, undefined, out);
        assert.ok(out.every((sample, index) => sample === clipSample(frames.reduce((sum, other) => sum + (other[index] ?? 0), 0))));
      }),
    );
  });
});

describe('frame energy', () => {
  it('MUST be the average absolute sample value', () => {
    assert.deepEqual([averageMagnitude(Int16Array.from([100, -300, 0, 200])), averageMagnitude(new Int16Array(0))], [150, 0]);
  });
});
