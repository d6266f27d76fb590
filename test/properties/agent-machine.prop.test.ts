/**
 * Agents, properties: whatever queues offer and whatever happens to calls, pauses and logins, an
 * agent holds at most one ACD call, is reserved only when it could take the offer, and its
 * snapshot stays coherent (a login iff logged in, an ACD call iff offered or on call).
 */
import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { actorAddress, agent, NO_TIMERS, type KernelMessage } from '../../actors/index.ts';

const offerIds = ['o1', 'o2', 'o3', 'o4'];
const message: fc.Arbitrary<agent.AgentMessage | KernelMessage> = fc.oneof(
  fc.constant<agent.AgentMessage>({ type: 'agent.login', extension: '1002', context: 'default' }),
  fc.constant<agent.AgentMessage>({ type: 'agent.logout' }),
  fc.constant<agent.AgentMessage>({ type: 'agent.pause', reason: 'r' }),
  fc.constant<agent.AgentMessage>({ type: 'agent.unpause' }),
  fc.record({ offerId: fc.constantFrom(...offerIds), queue: fc.constantFrom('q1', 'q2', 'q3') }).map(({ offerId, queue }): agent.AgentMessage => ({ type: 'agent.offer', offerId, queue, callId: `call-${offerId}` })),
  fc.constantFrom(...offerIds).map((offerId): agent.AgentMessage => ({ type: 'agent.offer_answered', offerId })),
  fc.constantFrom(...offerIds).map((offerId): agent.AgentMessage => ({ type: 'agent.offer_withdrawn', offerId })),
  fc.constantFrom(...offerIds).map((offerId): agent.AgentMessage => ({ type: 'agent.acd_call_ended', callId: `call-${offerId}`, byAgent: false })),
  fc.record({ callId: fc.constantFrom('x', 'y'), active: fc.boolean() }).map(({ callId, active }): agent.AgentMessage => ({ type: 'agent.other_call', callId, active })),
  fc.constant<KernelMessage>({ type: 'sys.timer.fired', name: agent.WRAPUP_TIMER }),
);

describe('agents (properties)', () => {
  it('MUST hold at most one ACD call, reserve only when it could take the offer, and keep a coherent snapshot', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.array(message, { maxLength: 80 }), (wrapupSeconds, messages) => {
        let snapshot = agent.loggedOutAgent({ agentId: 1, number: '3001', tenantUuid: 't', wrapupSeconds, queues: ['q1', 'q2'] });
        let now = 1_000_000;
        for (const next of messages) {
          now += 1000;
          const couldTake = agent.canTakeOffer(snapshot);
          const result = agent.agentMachine.transition(snapshot, next, { now, self: actorAddress('agent', '1'), from: undefined, timers: NO_TIMERS });
          if (result.type !== 'handled') continue;
          const replies = result.effects.flatMap((effect) => (effect.type === 'reply' ? [effect.reply as agent.AgentReply] : []));
          if (replies.some((reply) => reply.type === 'agent.reserved')) {
            assert.ok(couldTake, 'reserved only an agent that could take the offer');
            assert.equal(result.snapshot.acdCall?.offerId, next.type === 'agent.offer' ? next.offerId : undefined);
          }
          snapshot = result.snapshot;
          assert.equal(snapshot.login !== undefined, snapshot.state !== 'loggedOut', `login iff logged in (${snapshot.state})`);
          assert.equal(snapshot.acdCall !== undefined, snapshot.state === 'offered' || snapshot.state === 'onCall', `ACD call iff offered or on call (${snapshot.state})`);
          if (snapshot.state === 'loggedOut') assert.equal(snapshot.paused, undefined);
        }
      }),
    );
  });
});
