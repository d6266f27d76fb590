/** The agent kind in the migration property: logins, pauses, offers, answers, call ends and wrap-up. */
import fc from 'fast-check';
import { agent } from '../../../actors/index.ts';
import type { MigrationKind } from '../actor-migration.ts';

/** Mostly one call and one offer, so that offers are answered and calls end into wrap-up often. */
const callId = fc.constantFrom('c0', 'c0', 'c0', 'c1');
const offerId = fc.constantFrom('1.1', '1.1', '1.1', '1.2');

const messages: fc.Arbitrary<agent.AgentMessage> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<agent.AgentMessage>({ type: 'agent.login', extension: '1001', context: 'default' }) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, 'end of shift').map((reason): agent.AgentMessage => (reason === undefined ? { type: 'agent.logout' } : { type: 'agent.logout', reason })) },
  { weight: 1, arbitrary: fc.constantFrom('lunch', 'training').map((reason): agent.AgentMessage => ({ type: 'agent.pause', reason })) },
  { weight: 1, arbitrary: fc.constant<agent.AgentMessage>({ type: 'agent.unpause' }) },
  { weight: 4, arbitrary: fc.record({ offerId, callId, queue: fc.constantFrom('support', 'sales'), wrapupSeconds: fc.option(fc.constantFrom(0, 2, 5), { nil: undefined }) })
    .map(({ wrapupSeconds, ...offer }): agent.AgentMessage => ({ type: 'agent.offer', ...offer, ...(wrapupSeconds === undefined ? {} : { wrapupSeconds }) })) },
  { weight: 4, arbitrary: offerId.map((id): agent.AgentMessage => ({ type: 'agent.offer_answered', offerId: id })) },
  { weight: 1, arbitrary: offerId.map((id): agent.AgentMessage => ({ type: 'agent.offer_withdrawn', offerId: id })) },
  { weight: 4, arbitrary: fc.record({ callId, byAgent: fc.boolean() }).map((end): agent.AgentMessage => ({ type: 'agent.acd_call_ended', ...end })) },
  { weight: 1, arbitrary: fc.record({ callId: fc.constantFrom('o1', 'o2'), active: fc.boolean() }).map((other): agent.AgentMessage => ({ type: 'agent.other_call', ...other })) },
  { weight: 1, arbitrary: fc.subarray(['support', 'sales']).map((queues): agent.AgentMessage => ({ type: 'agent.queues', queues })) },
);

export const agentKind: MigrationKind<agent.AgentSnapshot, agent.AgentMessage, null> = {
  file: 'actors/agent/agent-actor.ts',
  newWorld: () => null,
  initial: fc.constantFrom(0, 3).map((wrapupSeconds) => agent.loggedOutAgent({ agentId: 7, number: '107', tenantUuid: 't', wrapupSeconds, queues: ['support'] })),
  spawn: (system, from, ports, _world, hooks) => system.spawn(agent.agentSpec({
    agentId: 7, from, hooks,
    ports: { publish: (event) => ports.record('publish', event), log: (entries, atMs) => ports.record('log', { entries, atMs }) },
  })),
  peers: () => [],
  messages,
  maxAdvanceMs: 8_000,
  maxSteps: 30,
  numRuns: 400,
};
