import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulatedClock, createSystemClock } from './sip-clock.ts';

describe('createSimulatedClock', () => {
  it('MUST fire due timers in deadline order, whatever the order they were armed in', () => {
    const clock = createSimulatedClock();
    const fired: string[] = [];
    clock.setTimer(300, () => fired.push('late'));
    clock.setTimer(100, () => fired.push('early'));
    clock.advance(500);
    assert.deepEqual(fired, ['early', 'late']);
  });

  it('MUST fire timers with the same deadline in the order they were armed', () => {
    const clock = createSimulatedClock();
    const fired: number[] = [];
    for (const id of [1, 2, 3]) clock.setTimer(50, () => fired.push(id));
    clock.advance(50);
    assert.deepEqual(fired, [1, 2, 3]);
  });

  it('MUST show the deadline as now() inside a callback', () => {
    const clock = createSimulatedClock(1000);
    let seen = -1;
    clock.setTimer(250, () => (seen = clock.now()));
    clock.advance(1000);
    assert.equal(seen, 1250);
  });

  it('MUST fire, in the same advance, a timer armed by a callback when it falls within the window', () => {
    const clock = createSimulatedClock();
    const fired: number[] = [];
    clock.setTimer(100, () => clock.setTimer(100, () => fired.push(clock.now())));
    clock.advance(250);
    assert.deepEqual(fired, [200]);
  });

  it('MUST NOT fire a cleared timer', () => {
    const clock = createSimulatedClock();
    let fired = false;
    const handle = clock.setTimer(10, () => (fired = true));
    clock.clearTimer(handle);
    clock.advance(100);
    assert.equal(fired, false);
  });

  it('MUST end an advance at now + ms and keep later timers pending', () => {
    const clock = createSimulatedClock();
    clock.setTimer(1000, () => undefined);
    clock.advance(400);
    assert.deepEqual([clock.now(), clock.pendingTimerCount(), clock.nextDeadline()], [400, 1, 1000]);
  });
});

describe('createSystemClock', () => {
  it('MUST NOT let an armed timer keep the process alive once the sockets are closed', () => {
    const clock = createSystemClock();
    const handle = clock.setTimer(900_000, () => undefined) as unknown as ReturnType<typeof setTimeout>;
    assert.equal(handle.hasRef(), false);
    clock.clearTimer(handle as unknown as Parameters<typeof clock.clearTimer>[0]);
  });
});
