/**
 * The messages that reconcile a rehydrated queue and its agents (pure): replicas written separately
 * may each miss the last answer between them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agent, queue } from '../../actors/index.ts';
import { takeoverMessages } from './takeover-reconciliation.ts';

const members: queue.QueueMemberConfig[] = [1, 2].map((id) => ({ memberId: `agent:${id}`, kind: 'agent', name: `Agent/${id}`, position: id, penalty: 0, skills: {} }));

function queueWithAttempt(pending: readonly string[], ringing: readonly string[]): queue.QueueSnapshot {
  const base = queue.newQueue({ queueId: 5, name: 'support', tenantUuid: 't', members });
  return { ...base, waiting: [{ callId: 'c1', enteredAtMs: 0, originalPosition: 1, callerIdNumber: '1', metaVariables: {}, linearCursor: 0, attempt: { offerId: '5.1', startedAtMs: 0, pending, ringing, ringingSinceMs: {} } }] };
}
const idle = (agentId: number): agent.AgentSnapshot => ({ ...agent.loggedOutAgent({ agentId, number: String(agentId), tenantUuid: 't' }), state: 'idle', login: { extension: '1001', context: 'default', atMs: 0 } });
const offered = (agentId: number, offerId: string): agent.AgentSnapshot => ({ ...idle(agentId), state: 'offered', acdCall: { offerId, queue: 'support', callId: 'c1' } });

describe('takeover reconciliation', () => {
  it('MUST tell a queue again the reservation its agent granted when the answer was lost', () => {
    const messages = takeoverMessages([queueWithAttempt(['agent:1'], [])], [offered(1, '5.1')]);
    assert.deepEqual(messages.filter((message) => message.type === 'to_queue' && message.message.type === 'queue.reservation'), [{ type: 'to_queue', queueId: 5, message: { type: 'queue.reservation', offerId: '5.1', memberId: 'agent:1', granted: true } }]);
  });

  it('MUST refuse a pending member that holds no reservation for the offer', () => {
    const messages = takeoverMessages([queueWithAttempt(['agent:2'], [])], [idle(2)]);
    assert.deepEqual(messages.filter((message) => message.type === 'to_queue' && message.message.type === 'queue.reservation').map((message) => message.message), [{ type: 'queue.reservation', offerId: '5.1', memberId: 'agent:2', granted: false }]);
  });

  it('MUST withdraw an agent\'s offer that no queue attempt holds, and leave a ringing one alone', () => {
    const messages = takeoverMessages([queueWithAttempt([], ['agent:1'])], [offered(1, '5.1'), offered(2, '5.9')]);
    assert.deepEqual(messages.filter((message) => message.type === 'to_agent'), [{ type: 'to_agent', agentId: 2, message: { type: 'agent.offer_withdrawn', offerId: '5.9' } }]);
  });

  it('MUST tell each queue the state of its logged-in agents', () => {
    const messages = takeoverMessages([queue.newQueue({ queueId: 5, name: 'support', tenantUuid: 't', members })], [idle(1), agent.loggedOutAgent({ agentId: 2, number: '2', tenantUuid: 't' })]);
    assert.deepEqual(messages, [{ type: 'to_queue', queueId: 5, message: { type: 'queue.member_state', memberId: 'agent:1', loggedIn: true, available: true, paused: false } }]);
  });
});
