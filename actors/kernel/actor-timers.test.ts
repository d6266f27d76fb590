import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { createActorSystem, type ActorSystem } from './actor-system.ts';
import { createSimulatedClock, type SimulatedClock } from './simulated-clock.ts';
import type { ActorSnapshot } from './snapshot.ts';
import { pingSpec } from './testing/ping-actor.ts';
import type { PingSnapshot } from './testing/ping-machine.ts';

const systems: ActorSystem[] = [];

async function startNode(startMs: number): Promise<{ system: ActorSystem; clock: SimulatedClock }> {
  const clock = createSimulatedClock(startMs);
  const system = await createActorSystem({ nodeName: `n${systems.length + 1}`, clock });
  systems.push(system);
  return { system, clock };
}

/** A snapshot taken at 10 000 ms with pongTimeout armed for 11 000 ms, its actor stopped for a move. */
async function waitingSnapshot(): Promise<ActorSnapshot<PingSnapshot>> {
  const { system } = await startNode(10_000);
  const ref = await system.spawn(pingSpec('p1', { pongTimeoutMs: 1_000 }));
  ref.send({ type: 'ping.start' });
  await system.settled();
  const snapshot = ref.toSnapshot();
  await ref.stop('migrating');
  return snapshot;
}

afterEach(async () => {
  await Promise.all(systems.splice(0).map((system) => system.shutdown()));
});

describe('timers', () => {
  it('MUST deliver sys.timer.fired when the clock reaches the deadline', async () => {
    const { system, clock } = await startNode(0);
    const ref = await system.spawn(pingSpec('p1', { pongTimeoutMs: 500 }));
    ref.send({ type: 'ping.start' });
    await system.settled();
    clock.advanceBy(500);
    await system.settled();
    assert.equal(ref.toSnapshot().data.timeouts, 1);
  });

  it('MUST NOT fire a timer the machine cancelled', async () => {
    const { system, clock } = await startNode(0);
    const ref = await system.spawn(pingSpec('p1', { pongTimeoutMs: 500 }));
    ref.send({ type: 'ping.start' });
    ref.send({ type: 'ping.pong' });
    await system.settled();
    clock.advanceBy(1_000);
    await system.settled();
    assert.deepEqual([ref.toSnapshot().data.timeouts, clock.pendingCount()], [0, 0]);
  });

  it('MUST keep the deadline in the snapshot (toSnapshot)', async () => {
    assert.deepEqual((await waitingSnapshot()).timers, { pongTimeout: 11_000 });
  });

  it('MUST re-arm a restored timer at its deadline and not fire it before', async () => {
    const snapshot = await waitingSnapshot();
    const { system, clock } = await startNode(10_500);
    const ref = await system.spawn(pingSpec('p1', { snapshot }));
    clock.advanceBy(499);
    await system.settled();
    assert.equal(ref.toSnapshot().data.state, 'waiting');
    clock.advanceBy(1);
    await system.settled();
    assert.equal(ref.toSnapshot().data.state, 'idle');
  });

  it('MUST fire at once a restored timer whose deadline passed while the actor was away', async () => {
    const snapshot = await waitingSnapshot();
    const { system } = await startNode(60_000);
    const ref = await system.spawn(pingSpec('p1', { snapshot }));
    await system.settled();
    assert.deepEqual([ref.toSnapshot().data.state, ref.toSnapshot().timers], ['idle', {}]);
  });

  it('MUST keep the epoch of the snapshot unless the spawn gives a new one', async () => {
    const snapshot = await waitingSnapshot();
    const { system } = await startNode(10_000);
    const spec = pingSpec('p1');
    const ref = await system.spawn({ ...spec, from: { type: 'snapshot', snapshot, epoch: 7 } });
    assert.deepEqual([snapshot.epoch, ref.epoch, ref.toSnapshot().epoch], [1, 7, 7]);
  });

  it('MUST cancel the clock callbacks of a stopped actor', async () => {
    const { system, clock } = await startNode(0);
    const ref = await system.spawn(pingSpec('p1'));
    ref.send({ type: 'ping.start' });
    await system.settled();
    await ref.stop('requested');
    assert.equal(clock.pendingCount(), 0);
  });
});
