/** The agent actor's shell: the machine's effects reach the agent's ports. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createActorSystem, createSystemClock, silentLogger, type ActorSystem } from '../kernel/index.ts';
import { agentAddress, agentSpec, loggedOutAgent, type AgentMessage, type AgentPorts, type AgentSnapshot } from './index.ts';

let system: ActorSystem;
beforeEach(async () => {
  system = await createActorSystem({ nodeName: 'n1', clock: createSystemClock(), logger: silentLogger });
});
afterEach(() => system.shutdown());

describe('agent actor', () => {
  it('MUST publish its changes with its snapshot already changed, and write its queue_log rows', async () => {
    const seen: string[] = [];
    const ports: AgentPorts = {
      publish: (event) => void seen.push(`${event.type} ${(system.lookup(agentAddress(7))?.toSnapshot().data as AgentSnapshot | undefined)?.state ?? '?'}`),
      log: (entries) => void seen.push(...entries.map((entry) => entry.event)),
    };
    await system.spawn(agentSpec({ agentId: 7, ports, from: { type: 'initial', epoch: 1, data: loggedOutAgent({ agentId: 7, number: '3001', tenantUuid: 't' }) } }));
    const answer = await system.lookup<AgentMessage>(agentAddress(7))?.ask({ type: 'agent.login', extension: '1001', context: 'default' }, 1_000);
    assert.deepEqual(answer, { type: 'replied', reply: { type: 'agent.logged_in' } });
    assert.deepEqual(seen, ['AGENTCALLBACKLOGIN', 'agent.status idle', 'agent.available idle']);
  });
});
