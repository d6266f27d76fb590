import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TALK_DETECTION, detectTalk, QUIET, talkSettings } from './talk-detector.ts';
import type { TalkState } from './talk-detector.ts';

/** Runs energies through the detector, 20 ms each; returns the ticks (1-based) at which talking changed. */
function changes(energies: readonly number[], settings = DEFAULT_TALK_DETECTION): number[] {
  let state: TalkState = QUIET;
  const at: number[] = [];
  energies.forEach((energy, index) => {
    const step = detectTalk(state, energy, 20, settings);
    state = step.state;
    if (step.changed) at.push(index + 1);
  });
  return at;
}

describe('talk detection', () => {
  it('MUST start talking after 160 ms of frames at or above 256 and not before', () => {
    assert.deepEqual(changes([256, 300, 1000, 500, 400, 300, 300, 300, 300]), [8]);
  });

  it('MUST not start on speech shorter than 160 ms broken by silence', () => {
    assert.deepEqual(changes([...new Array<number>(7).fill(1000), 0, ...new Array<number>(7).fill(1000)]), []);
  });

  it('MUST stop talking after 2500 ms of silence, a short burst of speech restarting the count', () => {
    const talking = new Array<number>(8).fill(1000);
    assert.deepEqual(changes([...talking, ...new Array<number>(124).fill(0), 1000, ...new Array<number>(125).fill(0)]), [8, 8 + 125 + 125]);
  });

  it('MUST take the room’s thresholds over the defaults', () => {
    const settings = talkSettings({ energyThreshold: 50, talkingMs: 40 });
    assert.deepEqual([changes([60, 60], settings), settings.silenceMs], [[2], 2500]);
  });
});
