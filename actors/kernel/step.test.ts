import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StateTransitionError } from '../errors.ts';
import { initialActorSnapshot, type ActorSnapshot } from './snapshot.ts';
import { step } from './step.ts';
import { INITIAL_PING, pingMachine, type PingMessage, type PingSnapshot } from './testing/ping-machine.ts';
import { pingAddress } from './testing/ping-actor.ts';
import type { KernelMessage } from './messages.ts';

const self = pingAddress('p1');
const fresh = initialActorSnapshot(self, 1, INITIAL_PING);

function run(snapshot: ActorSnapshot<PingSnapshot>, message: PingMessage | KernelMessage, now = 1_000) {
  return step({ machine: pingMachine, snapshot, message, env: { pongTimeoutMs: 500 }, now, self });
}

describe('step', () => {
  describe("in 'idle'", () => {
    it("on ping.start, MUST enter 'waiting' and store pongTimeout as a deadline in the snapshot", () => {
      const result = run(fresh, { type: 'ping.start' });
      assert.equal(result.snapshot.data.state, 'waiting');
      assert.deepEqual(result.snapshot.timers, { pongTimeout: 1_500 });
    });

    it('on ping.start, MUST leave no timer effect for the shell (timers are applied as data)', () => {
      const result = run(fresh, { type: 'ping.start' });
      assert.deepEqual(result.effects, []);
    });

    it('on ping.pong, MUST return an ignored outcome and keep the same snapshot', () => {
      const result = run(fresh, { type: 'ping.pong' });
      assert.deepEqual(result.outcome, { type: 'ignored', reason: 'no ping outstanding' });
      assert.equal(result.snapshot, fresh);
    });

    it('on counter.add, MUST pass the kind effect on and mark the snapshot changed', () => {
      const result = run(fresh, { type: 'counter.add', amount: 3 });
      assert.deepEqual(result.effects, [{ type: 'probe.record', value: 3 }]);
      assert.equal(result.changed, true);
    });

    it('on count.get, MUST report no change (the same data object came back)', () => {
      assert.equal(run(fresh, { type: 'count.get' }).changed, false);
    });
  });

  describe("in 'waiting'", () => {
    const waiting = run(fresh, { type: 'ping.start' }, 1_000).snapshot;

    it('on ping.pong, MUST cancel pongTimeout in the snapshot', () => {
      const result = run(waiting, { type: 'ping.pong' }, 1_200);
      assert.deepEqual(result.snapshot.timers, {});
    });

    it("on sys.timer.fired for a due pongTimeout, MUST remove the timer and enter 'idle'", () => {
      const result = run(waiting, { type: 'sys.timer.fired', name: 'pongTimeout' }, 1_500);
      assert.deepEqual(result.snapshot.timers, {});
      assert.equal(result.snapshot.data.timeouts, 1);
    });

    it('on sys.timer.fired before the deadline, MUST drop it as stale without calling the machine', () => {
      const result = run(waiting, { type: 'sys.timer.fired', name: 'pongTimeout' }, 1_499);
      assert.deepEqual(result.outcome, { type: 'stale' });
      assert.equal(result.snapshot, waiting);
    });

    it('on sys.timer.fired for a timer not armed, MUST drop it as stale', () => {
      assert.deepEqual(run(waiting, { type: 'sys.timer.fired', name: 'other' }, 9_000).outcome, { type: 'stale' });
    });
  });

  describe("in 'closed'", () => {
    const closed = run(fresh, { type: 'ping.close' }).snapshot;

    it('on ping.start, MUST return a rejected outcome', () => {
      assert.equal(run(closed, { type: 'ping.start' }).outcome.type, 'rejected');
    });

    it('on ping.reopen, MUST throw StateTransitionError (closed -> idle is not in the table)', () => {
      assert.throws(() => run(closed, { type: 'ping.reopen' }), StateTransitionError);
    });
  });

  it('MUST remove a due timer from the table even when the machine ignores its firing', () => {
    const armed = { ...fresh, timers: { stray: 900 } };
    const result = run(armed, { type: 'sys.timer.fired', name: 'stray' }, 1_000);
    assert.equal(result.outcome.type, 'ignored');
    assert.deepEqual(result.snapshot.timers, {});
  });

  it('MUST give the machine env.now, env.self and the timers before the transition', () => {
    let seen: unknown;
    const spy = { transition: (snapshot: PingSnapshot, _message: unknown, env: { now: number; self: unknown; timers: unknown }) => {
      seen = { now: env.now, self: env.self, timers: env.timers };
      return { type: 'handled' as const, snapshot, effects: [] };
    } };
    step({ machine: spy, snapshot: { ...fresh, timers: { t: 5_000 } }, message: { type: 'count.get' }, env: {}, now: 1_234, self });
    assert.deepEqual(seen, { now: 1_234, self, timers: { t: 5_000 } });
  });
});
