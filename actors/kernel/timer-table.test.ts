import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidEffectError } from '../errors.ts';
import { applyTimerEffect, NO_TIMERS, sameTimers, timerDeadline, withoutTimer } from './timer-table.ts';

describe('timer table', () => {
  it('MUST store timer.start with delayMs as the deadline now + delay', () => {
    const table = applyTimerEffect(NO_TIMERS, { type: 'timer.start', name: 'ring', delayMs: 500 }, 1_000);
    assert.equal(timerDeadline(table, 'ring'), 1_500);
  });

  it('MUST store timer.start with atMs as that deadline', () => {
    const table = applyTimerEffect(NO_TIMERS, { type: 'timer.start', name: 'ring', atMs: 9_000 }, 1_000);
    assert.equal(timerDeadline(table, 'ring'), 9_000);
  });

  it('MUST replace the deadline when an armed timer is started again', () => {
    const first = applyTimerEffect(NO_TIMERS, { type: 'timer.start', name: 'ring', delayMs: 500 }, 0);
    const second = applyTimerEffect(first, { type: 'timer.start', name: 'ring', delayMs: 500 }, 200);
    assert.equal(timerDeadline(second, 'ring'), 700);
  });

  it('MUST remove the timer on timer.cancel, and keep the same table when it was not armed', () => {
    const armed = applyTimerEffect(NO_TIMERS, { type: 'timer.start', name: 'ring', atMs: 10 }, 0);
    assert.equal(timerDeadline(applyTimerEffect(armed, { type: 'timer.cancel', name: 'ring' }, 0), 'ring'), undefined);
    assert.equal(withoutTimer(armed, 'other'), armed);
  });

  it('MUST throw InvalidEffectError for a negative or non-finite delay', () => {
    assert.throws(() => applyTimerEffect(NO_TIMERS, { type: 'timer.start', name: 't', delayMs: -1 }, 0), InvalidEffectError);
    assert.throws(() => applyTimerEffect(NO_TIMERS, { type: 'timer.start', name: 't', atMs: Number.NaN }, 0), InvalidEffectError);
  });

  it('MUST NOT read inherited properties as timers (hostile names)', () => {
    assert.equal(timerDeadline(NO_TIMERS, 'constructor'), undefined);
  });

  it('MUST keep a timer named __proto__ as an ordinary own entry', () => {
    const table = applyTimerEffect(NO_TIMERS, { type: 'timer.start', name: '__proto__', atMs: 42 }, 0);
    assert.deepEqual([timerDeadline(table, '__proto__'), Object.getPrototypeOf(table)], [42, Object.prototype]);
  });

  it('MUST compare tables by names and deadlines', () => {
    assert.equal(sameTimers({ a: 1, b: 2 }, { b: 2, a: 1 }), true);
    assert.equal(sameTimers({ a: 1 }, { a: 2 }), false);
  });
});
