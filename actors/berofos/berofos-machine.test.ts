/** The berofos machine (seed HA-09): the relays follow the node that serves, never flap, and a silent device is retried. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actorAddress, NO_TIMERS, type KernelMessage } from '../kernel/index.ts';
import {
  ATTEMPT_TIMER, berofosMachine, berofosStatus, newBerofos, readBerofosSnapshot, RETRY_TIMER, retryDelayMs, VERIFY_TIMER,
  type BerofosEffect, type BerofosMessage, type BerofosSnapshot, type BerofosTimings,
} from './index.ts';

const timings: BerofosTimings = { retryBaseMs: 100, retryMaxMs: 1_000, verifyEveryMs: 5_000, attemptTimeoutMs: 3_000 };
const self = actorAddress('berofos', 'fos1');
type AnyEffect = { readonly type: string } & Record<string, unknown>;

function step(snapshot: BerofosSnapshot, message: BerofosMessage | KernelMessage, now = 1_000) {
  const result = berofosMachine.transition(snapshot, message, { now, self, from: undefined, timers: NO_TIMERS, timings });
  assert.equal(result.type, 'handled', result.type === 'handled' ? '' : result.reason);
  return result as { snapshot: BerofosSnapshot; effects: readonly AnyEffect[] };
}

const syncs = (effects: readonly AnyEffect[]) => effects.filter((effect) => effect.type === 'berofos.sync') as unknown as Extract<BerofosEffect, { type: 'berofos.sync' }>[];
const reports = (effects: readonly AnyEffect[]) => effects.flatMap((effect) => (effect.type === 'berofos.report' ? [(effect as unknown as Extract<BerofosEffect, { type: 'berofos.report' }>).report.type] : []));
const timersStarted = (effects: readonly AnyEffect[]) => effects.flatMap((effect) => (effect.type === 'timer.start' ? [effect['name']] : []));

/** A node wired to port D, told it is master: a round in flight that drives mode 0. */
function masterOnD(): BerofosSnapshot {
  return step(newBerofos({ name: 'fos1', nodePort: 'D' }), { type: 'berofos.role_changed', role: 'master' }).snapshot;
}

describe("berofos machine in 'starting'", () => {
  it('on the first role as master, MUST start a round driving the relays to its own port, guarded by the attempt timer', () => {
    const { snapshot, effects } = step(newBerofos({ name: 'fos1', nodePort: 'D' }), { type: 'berofos.role_changed', role: 'master' });
    assert.deepEqual([snapshot.state, syncs(effects), timersStarted(effects)], ['checking', [{ type: 'berofos.sync', attempt: 1, relayMode: 0 }], [ATTEMPT_TIMER]]);
  });

  it('as a slave, MUST only read the device (a round with no relay mode)', () => {
    const { effects } = step(newBerofos({ name: 'fos1', nodePort: 'B' }), { type: 'berofos.role_changed', role: 'slave' });
    assert.deepEqual(syncs(effects), [{ type: 'berofos.sync', attempt: 1 }]);
  });

  it('as a standalone node, MUST drive the relays to its own port (it serves)', () => {
    const { effects } = step(newBerofos({ name: 'fos1', nodePort: 'B' }), { type: 'berofos.role_changed', role: 'standalone' });
    assert.deepEqual(syncs(effects), [{ type: 'berofos.sync', attempt: 1, relayMode: 1 }]);
  });
});

describe("berofos machine in 'checking'", () => {
  it('on a round that switched the relays, MUST log the switch, enter steady and arm the verify timer', () => {
    const { snapshot, effects } = step(masterOnD(), { type: 'berofos.synced', attempt: 1, before: 1, after: 0, written: ['wdog', 'mode'] });
    assert.deepEqual([snapshot.state, reports(effects), timersStarted(effects), snapshot.switches], ['steady', ['berofos.parameters_written', 'berofos.switched'], [VERIFY_TIMER], 1]);
  });

  it('on a result of an older round, MUST ignore it', () => {
    const result = berofosMachine.transition(masterOnD(), { type: 'berofos.synced', attempt: 7, before: 1, after: 0, written: [] }, { now: 0, self, from: undefined, timers: NO_TIMERS, timings });
    assert.equal(result.type, 'ignored');
  });

  it('on a role change, MUST let the round end first, then start another for the new wish', () => {
    const changed = step(masterOnD(), { type: 'berofos.role_changed', role: 'slave' });
    assert.deepEqual(syncs(changed.effects), []);
    const slaveOnB = step(newBerofos({ name: 'fos1', nodePort: 'B' }), { type: 'berofos.role_changed', role: 'slave' }).snapshot;
    const promoted = step(slaveOnB, { type: 'berofos.role_changed', role: 'master' }).snapshot;
    const { effects } = step(promoted, { type: 'berofos.synced', attempt: 1, before: 0, after: 0, written: [] });
    assert.deepEqual(syncs(effects), [{ type: 'berofos.sync', attempt: 2, relayMode: 1 }]);
  });

  it('on a failure, MUST back off, log the device unreachable once, and arm the retry timer', () => {
    const first = step(masterOnD(), { type: 'berofos.sync_failed', attempt: 1, failure: { code: 'PBX_ERR_BEROFOS_UNREACHABLE', message: 'no answer' } });
    const retried = step(first.snapshot, { type: 'sys.timer.fired', name: RETRY_TIMER });
    const second = step(retried.snapshot, { type: 'berofos.sync_failed', attempt: 2, failure: { code: 'PBX_ERR_BEROFOS_UNREACHABLE', message: 'no answer' } });
    assert.deepEqual([first.snapshot.state, reports(first.effects), reports(second.effects), second.snapshot.failures], ['backingOff', ['berofos.unreachable'], [], 2]);
  });

  it('on the attempt timer (a result lost, as after a migration), MUST count the round as failed', () => {
    const { snapshot } = step(masterOnD(), { type: 'sys.timer.fired', name: ATTEMPT_TIMER });
    assert.deepEqual([snapshot.state, snapshot.lastFailure?.code], ['backingOff', 'PBX_ERR_BEROFOS_UNREACHABLE']);
  });
});

describe("berofos machine in 'backingOff'", () => {
  const backingOff = () => step(masterOnD(), { type: 'berofos.sync_failed', attempt: 1, failure: { code: 'PBX_ERR_BEROFOS_LOGIN_REFUSED', message: '401' } }).snapshot;

  it('on the retry timer, MUST start another round', () => {
    assert.deepEqual(syncs(step(backingOff(), { type: 'sys.timer.fired', name: RETRY_TIMER }).effects), [{ type: 'berofos.sync', attempt: 2, relayMode: 0 }]);
  });

  it('on a role change that changes the wish, MUST retry at once', () => {
    assert.deepEqual(syncs(step(backingOff(), { type: 'berofos.role_changed', role: 'slave' }).effects), [{ type: 'berofos.sync', attempt: 2 }]);
  });

  it('on the device answering again, MUST log it reachable and clear the failure', () => {
    const retried = step(backingOff(), { type: 'sys.timer.fired', name: RETRY_TIMER }).snapshot;
    const { snapshot, effects } = step(retried, { type: 'berofos.synced', attempt: 2, before: 0, after: 0, written: [] });
    assert.deepEqual([reports(effects), snapshot.failures, snapshot.lastFailure], [['berofos.reachable'], 0, undefined]);
  });

  it('MUST double the retry delay with each failure, up to its maximum', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 50].map((failures) => retryDelayMs(failures, timings)), [100, 200, 400, 800, 1_000, 1_000]);
  });
});

describe("berofos machine in 'steady'", () => {
  const steady = () => step(masterOnD(), { type: 'berofos.synced', attempt: 1, before: 0, after: 0, written: [] }).snapshot;

  it('on the same role again, MUST change nothing and contact nobody (no flapping)', () => {
    const before = steady();
    const { snapshot, effects } = step(before, { type: 'berofos.role_changed', role: 'master' });
    assert.deepEqual([snapshot === before, effects], [true, []]);
  });

  it('on the verify timer, MUST read the device again and put the relays back if they moved', () => {
    const verify = step(steady(), { type: 'sys.timer.fired', name: VERIFY_TIMER });
    const { snapshot, effects } = step(verify.snapshot, { type: 'berofos.synced', attempt: 2, before: 1, after: 0, written: ['mode'] });
    assert.deepEqual([syncs(verify.effects), reports(effects), snapshot.switches], [[{ type: 'berofos.sync', attempt: 2, relayMode: 0 }], ['berofos.switched'], 1]);
  });

  it('on becoming slave, MUST stop driving and only read the device', () => {
    const { effects } = step(steady(), { type: 'berofos.role_changed', role: 'slave' });
    assert.deepEqual(syncs(effects), [{ type: 'berofos.sync', attempt: 2 }]);
  });
});

describe('berofos snapshot', () => {
  it('MUST survive a JSON round trip and be read back, and refuse foreign data', () => {
    const steady = step(masterOnD(), { type: 'berofos.synced', attempt: 1, before: 1, after: 0, written: ['mode'] }).snapshot;
    assert.deepEqual(readBerofosSnapshot(JSON.parse(JSON.stringify(steady))), steady);
    assert.equal(readBerofosSnapshot({ ...steady, nodePort: 'A' }), undefined);
  });

  it('MUST show a device whose lines are at this node as reachable and driven', () => {
    const steady = step(masterOnD(), { type: 'berofos.synced', attempt: 1, before: 1, after: 0, written: ['mode'] }, 42).snapshot;
    const status = berofosStatus(steady);
    assert.deepEqual([status.reachable, status.driving, status.linesAt, status.linesHere, status.lastContactMs], [true, true, 'D', true, 42]);
  });
});
