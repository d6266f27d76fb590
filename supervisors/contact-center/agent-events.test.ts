/** What an agent's changes tell the bus and its queues (seed CC-01). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agent } from '../../actors/index.ts';
import { agentBusEvent, memberStateOf } from './agent-events.ts';

const loggedIn: agent.AgentSnapshot = { ...agent.loggedOutAgent({ agentId: 7, number: '3001', tenantUuid: 't1' }), state: 'idle', login: { extension: '1001', context: 'default', atMs: 0 } };

describe('agent events', () => {
  it("MUST publish agent_status_update with the seed's ACL, the tenant and xivo_id", () => {
    const event = agentBusEvent({ type: 'agent.status', status: 'logged_in' }, loggedIn, 'node-1');
    assert.deepEqual([event?.name, event?.required_acl, event?.tenant_uuid, event?.data], ['agent_status_update', 'events.statuses.agents', 't1', { agent_id: 7, agent_number: '3001', status: 'logged_in', xivo_id: 'node-1' }]);
  });

  it('MUST publish nothing on the bus when the agent only became available again', () => {
    assert.equal(agentBusEvent({ type: 'agent.available' }, loggedIn, 'node-1'), undefined);
  });

  it('MUST tell its queues at login that it is logged in, available and unpaused, and at logout that it is not', () => {
    assert.deepEqual(memberStateOf({ type: 'agent.status', status: 'logged_in' }, loggedIn, 'agent:7'), { type: 'queue.member_state', memberId: 'agent:7', loggedIn: true, available: true, paused: false });
    const out = agent.loggedOutAgent({ agentId: 7, number: '3001', tenantUuid: 't1' });
    assert.deepEqual(memberStateOf({ type: 'agent.status', status: 'logged_out' }, out, 'agent:7'), { type: 'queue.member_state', memberId: 'agent:7', loggedIn: false, available: false, paused: false });
  });
});
