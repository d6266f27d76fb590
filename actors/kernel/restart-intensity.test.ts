import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordRestart } from './restart-intensity.ts';

const limits = { maxRestarts: 2, withinMs: 1_000 };

describe('recordRestart', () => {
  it('MUST allow up to maxRestarts restarts within withinMs', () => {
    const first = recordRestart([], 0, limits);
    const second = recordRestart(first.history, 100, limits);
    assert.equal(second.exceeded, false);
  });

  it('MUST report exceeded on the restart after maxRestarts within withinMs', () => {
    const third = recordRestart([0, 100], 200, limits);
    assert.equal(third.exceeded, true);
  });

  it('MUST forget restarts older than withinMs', () => {
    const later = recordRestart([0, 100], 1_101, limits);
    assert.deepEqual(later, { history: [1_101], exceeded: false });
  });

  it('MUST still count a restart exactly withinMs old', () => {
    assert.equal(recordRestart([0, 500], 1_000, limits).exceeded, true);
  });

  it('MUST report exceeded on the first restart when maxRestarts is 0', () => {
    assert.equal(recordRestart([], 0, { maxRestarts: 0, withinMs: 1_000 }).exceeded, true);
  });
});
