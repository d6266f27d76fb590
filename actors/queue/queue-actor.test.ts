/** The queue actor's shell: the machine's effects reach the queue's ports. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createActorSystem, createSimulatedClock, createSystemClock, silentLogger, type ActorSnapshot, type ActorSystem, type SpawnOrigin } from '../kernel/index.ts';
import { newQueue, queueAddress, queueSpec, type QueueMessage, type QueuePorts, type QueueSnapshot } from './index.ts';

let system: ActorSystem;
beforeEach(async () => {
  system = await createActorSystem({ nodeName: 'n1', clock: createSystemClock(), logger: silentLogger });
});
afterEach(() => system.shutdown());

describe('queue actor', () => {
  it('MUST run offers through its ports and stamp its queue_log rows with the time of the transition', async () => {
    const seen: string[] = [];
    const ports: QueuePorts = {
      offer: (effect) => void seen.push(`offer ${effect.memberId} ${effect.callId}`),
      ring: () => undefined, stopRinging: () => undefined, release: () => undefined, exit: () => undefined,
      log: (entries, atMs) => void seen.push(...entries.map((entry) => `${entry.event} ${typeof atMs}`)),
    };
    const data = newQueue({ queueId: 5, name: 'sales', tenantUuid: 't', members: [{ memberId: 'user:1', kind: 'user', name: 'PJSIP/desk1', position: 0, penalty: 0, skills: {} }] });
    await system.spawn(queueSpec({ queueId: 5, ports, from: { type: 'initial', epoch: 1, data } }));
    const answer = await system.lookup<QueueMessage>(queueAddress(5))?.ask({ type: 'queue.enter', callId: 'c1', callerIdNumber: '1000' }, 1_000);
    assert.deepEqual(answer, { type: 'replied', reply: { type: 'queue.entered', position: 1 } });
    assert.deepEqual(seen, ['ENTERQUEUE number', 'offer user:1 c1']);
  });

  // The shrunk counterexample of the migration property: a queue away for 4.5 s twice, whose caller
  // waited for a retry (due at 5.5 s) and its queue timeout (due at 9 s), took the timeout first.
  it('MUST, restored after its timers fell due, take them as a node that stalled as long would', async () => {
    const stalled = await queueRun(async (node) => node.clock.advanceBy(4_500));
    const moved = await queueRun(async (node) => {
      const snapshot = node.snapshot();
      await node.system.shutdown();
      await restoredRun(snapshot, node.clock.now() + 4_500, node.seen);
    });
    assert.deepEqual(moved, stalled);
  });
});

const START_MS = 1_700_000_000_000;
const SETTINGS = { strategy: 'ringall' as const, memberTimeoutSeconds: 2, retrySeconds: 1, queueTimeoutSeconds: 9 };

interface QueueNode {
  readonly system: ActorSystem;
  readonly clock: ReturnType<typeof createSimulatedClock>;
  readonly seen: string[];
  snapshot(): ActorSnapshot<QueueSnapshot>;
}

async function startQueueNode(startMs: number, from: SpawnOrigin<QueueSnapshot>, seen: string[]): Promise<QueueNode> {
  const clock = createSimulatedClock(startMs);
  const node = await createActorSystem({ nodeName: `n${startMs}`, clock, logger: silentLogger });
  const note = (port: string) => (effect: unknown): void => void seen.push(`${clock.now()} ${port} ${JSON.stringify(effect)}`);
  const ports: QueuePorts = { offer: note('offer'), ring: note('ring'), stopRinging: note('stop_ringing'), release: note('release'), exit: note('exit'), log: (entries, atMs) => note('log')({ entries, atMs }) };
  const ref = await node.spawn(queueSpec({ queueId: 1, ports, from }));
  await node.settled();
  return { system: node, clock, seen, snapshot: () => ref.toSnapshot() };
}

/** A queue with a caller offered to its only member, 4.5 s stalled, then `then`; what its ports were asked. */
async function queueRun(then: (node: QueueNode) => Promise<unknown>): Promise<readonly string[]> {
  const data = newQueue({ queueId: 1, name: 'support', tenantUuid: 't', settings: SETTINGS, members: [{ memberId: 'user:12', kind: 'user', name: 'PJSIP/desk12', position: 0, penalty: 0, skills: {} }] });
  const node = await startQueueNode(START_MS, { type: 'initial', epoch: 1, data }, []);
  node.system.send(queueAddress(1), { type: 'queue.enter', callId: 'c0', callerIdNumber: '0155' } satisfies QueueMessage);
  await node.system.settled();
  node.clock.advanceBy(4_500);
  await node.system.settled();
  await then(node);
  await node.system.settled();
  await node.system.shutdown();
  return node.seen;
}

async function restoredRun(snapshot: ActorSnapshot<QueueSnapshot>, atMs: number, seen: string[]): Promise<void> {
  const node = await startQueueNode(atMs, { type: 'snapshot', snapshot: JSON.parse(JSON.stringify(snapshot)) as ActorSnapshot<QueueSnapshot> }, seen);
  await node.system.shutdown();
}
