import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSimulatedClock } from './simulated-clock.ts';

describe('createSimulatedClock', () => {
  it('MUST start at the given time and stay there until advanced', () => {
    const clock = createSimulatedClock(5_000);
    assert.equal(clock.now(), 5_000);
  });

  it('MUST run due callbacks in deadline order, with now() at each deadline', () => {
    const clock = createSimulatedClock(0);
    const seen: string[] = [];
    clock.schedule(30, () => seen.push(`c@${clock.now()}`));
    clock.schedule(10, () => seen.push(`a@${clock.now()}`));
    clock.schedule(20, () => seen.push(`b@${clock.now()}`));
    clock.advanceBy(25);
    assert.deepEqual(seen, ['a@10', 'b@20']);
  });

  it('MUST run callbacks sharing a deadline in the order they were scheduled', () => {
    const clock = createSimulatedClock(0);
    const seen: number[] = [];
    for (const value of [1, 2, 3]) clock.schedule(10, () => seen.push(value));
    clock.advanceTo(10);
    assert.deepEqual(seen, [1, 2, 3]);
  });

  it('MUST NOT run a cancelled callback', () => {
    const clock = createSimulatedClock(0);
    let ran = false;
    const cancel = clock.schedule(10, () => {
      ran = true;
    });
    cancel();
    clock.advanceBy(10);
    assert.equal(ran, false);
  });

  it('MUST run a callback scheduled during an advance when it falls due within that advance', () => {
    const clock = createSimulatedClock(0);
    const seen: number[] = [];
    clock.schedule(10, () => clock.schedule(15, () => seen.push(clock.now())));
    clock.advanceBy(20);
    assert.deepEqual(seen, [15]);
  });

  it('MUST NOT run a callback for a past time inside schedule(), only on the next advance', () => {
    const clock = createSimulatedClock(100);
    let ran = false;
    clock.schedule(50, () => {
      ran = true;
    });
    assert.equal(ran, false);
    clock.advanceBy(0);
    assert.equal(ran, true);
  });

  it('MUST never move time backward', () => {
    const clock = createSimulatedClock(100);
    clock.advanceTo(40);
    assert.equal(clock.now(), 100);
  });

  it('MUST report the pending count and the next deadline', () => {
    const clock = createSimulatedClock(0);
    clock.schedule(40, () => undefined);
    clock.schedule(20, () => undefined);
    assert.deepEqual([clock.pendingCount(), clock.nextDeadline()], [2, 20]);
  });
});
