import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LegRecorder, type RecordedAudio } from './leg-recorder.ts';

function recorder(maxDurationMs = 1000, stopDigits = '#'): { recorder: LegRecorder; ended: RecordedAudio[] } {
  const ended: RecordedAudio[] = [];
  return { recorder: new LegRecorder({ maxDurationMs, stopDigits, onEnd: (audio) => ended.push(audio) }), ended };
}

const frame = (value: number) => new Int16Array(160).fill(value);

describe('LegRecorder', () => {
  it('MUST keep the audio in order and end on a stop digit with its duration', () => {
    const { recorder: running, ended } = recorder();
    running.accept(frame(1));
    running.accept(frame(2));
    assert.equal(running.acceptDigit('#'), true);
    assert.deepEqual([ended.length, ended[0]?.reason, ended[0]?.durationMs, ended[0]?.samples[0], ended[0]?.samples[319]], [1, 'digit', 40, 1, 2]);
  });

  it('MUST ignore a digit that is not a stop digit', () => {
    const { recorder: running, ended } = recorder(1000, '#');
    assert.deepEqual([running.acceptDigit('5'), ended.length], [false, 0]);
  });

  it('MUST end at the maximum duration, cutting the last frame to it, and ignore audio after', () => {
    const { recorder: running, ended } = recorder(30);
    running.accept(frame(1));
    running.accept(frame(1));
    running.accept(frame(1));
    assert.deepEqual([ended.length, ended[0]?.reason, ended[0]?.samples.length, running.ended], [1, 'max_duration', 240, true]);
  });

  it('MUST end once only, keeping what was recorded on hang-up', () => {
    const { recorder: running, ended } = recorder();
    running.accept(frame(3));
    running.stop('hangup');
    running.stop('stopped');
    assert.deepEqual(ended.map((audio) => [audio.reason, audio.samples.length]), [['hangup', 160]]);
  });
});
