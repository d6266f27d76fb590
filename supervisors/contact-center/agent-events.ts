/**
 * What an agent's changes tell the bus and its queues (seed CC-01).
 *
 * @remarks
 * `agent_status_update` is the seed's (routing key `status.agent`, ACL `events.statuses.agents`,
 * data `agent_id`, `agent_number`, `status`, `xivo_id`). The seed names `agent_paused` and
 * `agent_unpaused` without their payloads: they carry `agent_id`, `agent_number`, `paused`,
 * `paused_reason` and `queue` (null: every queue, as an agentd pause is), under the same ACL
 * (docs/decisions.md). Each queue the agent is a member of hears the agent's state as a
 * `queue.member_state`: logged in or not, able to take an offer, paused. Pure.
 */
import { agent, type queue } from '../../actors/index.ts';
import type { BusEvent } from '../bus/event-bus.ts';

export const AGENT_STATUS_ACL = 'events.statuses.agents';

/** The bus event of an agent's change, if the change has one. */
export function agentBusEvent(event: agent.AgentStatusEvent, snapshot: agent.AgentSnapshot, nodeUuid: string): BusEvent | undefined {
  const base = { origin_uuid: nodeUuid, required_acl: AGENT_STATUS_ACL, tenant_uuid: snapshot.tenantUuid };
  const who = { agent_id: snapshot.agentId, agent_number: snapshot.number };
  switch (event.type) {
    case 'agent.status':
      return { ...base, name: 'agent_status_update', data: { ...who, status: event.status, xivo_id: nodeUuid } };
    case 'agent.paused':
      return { ...base, name: 'agent_paused', data: { ...who, paused: true, paused_reason: event.reason, queue: null } };
    case 'agent.unpaused':
      return { ...base, name: 'agent_unpaused', data: { ...who, paused: false, paused_reason: '', queue: null } };
    case 'agent.available':
      return undefined;
  }
}

/** What the agent's queues are told of it after the change. */
export function memberStateOf(event: agent.AgentStatusEvent, snapshot: agent.AgentSnapshot, memberId: string): Extract<queue.QueueMessage, { type: 'queue.member_state' }> {
  const loggedIn = snapshot.state !== 'loggedOut';
  switch (event.type) {
    case 'agent.status':
      return { type: 'queue.member_state', memberId, loggedIn, available: agent.canTakeOffer(snapshot), paused: snapshot.paused !== undefined };
    case 'agent.paused':
      return { type: 'queue.member_state', memberId, paused: true };
    case 'agent.unpaused':
      return { type: 'queue.member_state', memberId, paused: false };
    case 'agent.available':
      return { type: 'queue.member_state', memberId, available: true };
  }
}
