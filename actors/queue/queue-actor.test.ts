/** The queue actor's shell: the machine's effects reach the queue's ports. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createActorSystem, createSystemClock, silentLogger, type ActorSystem } from '../kernel/index.ts';
import { newQueue, queueAddress, queueSpec, type QueueMessage, type QueuePorts } from './index.ts';

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
});

