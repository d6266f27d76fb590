import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { INITIAL_QUALIFY_STATE, stepQualify, type QualifyEvent, type QualifyState } from './qualify-machine.ts';

const POLICY = { periodMs: 60_000, timeoutMs: 3_000 };

function run(events: readonly [QualifyEvent, number][]): QualifyState {
  let state = INITIAL_QUALIFY_STATE;
  for (const [event, at] of events) state = stepQualify(state, event, at, POLICY).state;
  return state;
}

describe('qualify machine', () => {
  it('probes at start, then every period', () => {
    const start = stepQualify(INITIAL_QUALIFY_STATE, { type: 'start' }, 0, POLICY);
    assert.deepEqual(start.effects, [{ type: 'send-options' }, { type: 'set-probe-timer', delayMs: 3_000 }, { type: 'set-period-timer', delayMs: 60_000 }]);
    assert.equal(start.state.reachability, 'unknown');
  });

  it('is reachable on any final response, with its round trip', () => {
    const state = run([[{ type: 'start' }, 0], [{ type: 'response', status: 404 }, 42]]);
    assert.equal(state.reachability, 'reachable');
    assert.equal(state.roundTripMs, 42);
  });

  it('is unreachable when a probe times out, abandons it, and reachable again on the next answered probe', () => {
    const up = run([[{ type: 'start' }, 0], [{ type: 'response', status: 200 }, 5]]);
    const timedOut = stepQualify(stepQualify(up, { type: 'period' }, 60_000, POLICY).state, { type: 'timeout' }, 63_000, POLICY);
    assert.equal(timedOut.state.reachability, 'unreachable');
    assert.ok(timedOut.effects.some((effect) => effect.type === 'abandon-probe'));
    const back = run([[{ type: 'start' }, 0], [{ type: 'timeout' }, 3_000], [{ type: 'period' }, 60_000], [{ type: 'response', status: 200 }, 60_010]]);
    assert.equal(back.reachability, 'reachable');
  });

  it('does not send a second probe while one is in flight', () => {
    const inFlight = stepQualify(INITIAL_QUALIFY_STATE, { type: 'start' }, 0, POLICY).state;
    const period = stepQualify(inFlight, { type: 'period' }, 60_000, POLICY);
    assert.ok(!period.effects.some((effect) => effect.type === 'send-options'));
  });

  it('ignores a late response once the probe timed out, and everything once stopped', () => {
    const timedOut = run([[{ type: 'start' }, 0], [{ type: 'timeout' }, 3_000], [{ type: 'response', status: 200 }, 3_500]]);
    assert.equal(timedOut.reachability, 'unreachable');
    const stop = stepQualify(stepQualify(INITIAL_QUALIFY_STATE, { type: 'start' }, 0, POLICY).state, { type: 'stop' }, 1, POLICY);
    assert.deepEqual(stop.effects, [{ type: 'clear-probe-timer' }, { type: 'clear-period-timer' }, { type: 'abandon-probe' }]);
    assert.deepEqual(stepQualify(stop.state, { type: 'period' }, 2, POLICY).effects, []);
  });
});
