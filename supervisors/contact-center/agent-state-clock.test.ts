/**
 * When an agent's present state began: noted at each change seen, else taken from its snapshot
 * (the pause's start, the ACD call's answer, the login).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agent } from '../../actors/index.ts';
import { createAgentStateClock } from './agent-state-clock.ts';

const loggedOut = agent.loggedOutAgent({ agentId: 7, number: '1007', tenantUuid: 'tenant' });
const idle: agent.AgentSnapshot = { ...loggedOut, state: 'idle', login: { extension: '1001', context: 'default', atMs: 100 } };

describe('agent state clock', () => {
  it('MUST date a state from the moment its change was seen', () => {
    let now = 1_000;
    const clock = createAgentStateClock(() => now);
    clock.observe(loggedOut);
    now = 2_000;
    clock.observe(idle);
    now = 3_000;
    const offered: agent.AgentSnapshot = { ...idle, state: 'offered', acdCall: { offerId: 'o1', queue: 'sales', callId: 'c1' } };
    clock.observe(offered);
    assert.deepEqual([clock.since(offered), clock.since({ ...offered, state: 'idle' })], [3_000, 100]);
  });

  it('MUST date a pause from its start and an unseen agent from its snapshot; a logged-out agent never seen is unknown', () => {
    const clock = createAgentStateClock(() => 9_000);
    const paused: agent.AgentSnapshot = { ...idle, paused: { reason: 'lunch', sinceMs: 500 } };
    clock.observe(paused);
    assert.deepEqual([clock.since(paused), clock.since(idle), clock.since(loggedOut)], [500, 100, null]);
  });
});
