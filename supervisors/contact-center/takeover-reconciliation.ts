/**
 * What a contact center rehydrated on a new owner tells its queues and agents so that they agree
 * again (the offers in flight when the previous owner stopped). Pure.
 *
 * @remarks
 * The replicas of a queue and of its agents were written separately, so the last answers between
 * them may be missing from either:
 * - an agent reserved for an offer whose queue still waits for the reservation's answer: the
 *   answer was lost, the queue hears it again (`granted`) and rings the agent;
 * - a member a queue still waits for that holds no reservation for that offer: the queue hears a
 *   refusal, and the attempt goes on with the others, or ends and the call is offered again;
 * - an agent reserved for an offer no queue attempt holds any more: the offer is withdrawn.
 * A member already ringing stays so: the call rings its phone on its own node; its answer reaches
 * the new owner, and without one the attempt ends at its deadline (`RINGNOANSWER`), as on the
 * previous owner. Every logged-in agent's state is told again to its queues.
 */
import { agent, type queue } from '../../actors/index.ts';
import { memberStateOf } from './agent-events.ts';
import { agentMemberId } from './queue-configuration.ts';

export type TakeoverMessage =
  | { readonly type: 'to_queue'; readonly queueId: number; readonly message: queue.QueueMessage }
  | { readonly type: 'to_agent'; readonly agentId: number; readonly message: agent.AgentMessage };

/** The messages that reconcile rehydrated queues and agents. */
export function takeoverMessages(queues: readonly queue.QueueSnapshot[], agents: readonly agent.AgentSnapshot[]): TakeoverMessage[] {
  const messages: TakeoverMessage[] = [];
  const reservedOffer = new Map(agents.flatMap((snapshot) => (snapshot.state === 'offered' && snapshot.acdCall !== undefined ? [[agentMemberId(snapshot.agentId), snapshot.acdCall.offerId] as const] : [])));
  /** The offers some queue attempt holds, by member. */
  const heldOffers = new Set<string>();
  for (const snapshot of queues) {
    for (const call of snapshot.waiting) {
      const { attempt } = call;
      if (attempt === undefined) continue;
      for (const memberId of attempt.ringing) heldOffers.add(`${memberId} ${attempt.offerId}`);
      for (const memberId of attempt.pending) {
        const granted = reservedOffer.get(memberId) === attempt.offerId;
        if (granted) heldOffers.add(`${memberId} ${attempt.offerId}`);
        messages.push({ type: 'to_queue', queueId: snapshot.queueId, message: { type: 'queue.reservation', offerId: attempt.offerId, memberId, granted } });
      }
    }
  }
  for (const snapshot of agents) {
    const offerId = reservedOffer.get(agentMemberId(snapshot.agentId));
    if (offerId !== undefined && !heldOffers.has(`${agentMemberId(snapshot.agentId)} ${offerId}`)) messages.push({ type: 'to_agent', agentId: snapshot.agentId, message: { type: 'agent.offer_withdrawn', offerId } });
  }
  for (const snapshot of agents) {
    if (snapshot.state === 'loggedOut') continue;
    const memberId = agentMemberId(snapshot.agentId);
    for (const queueSnapshot of queues) {
      if (queueSnapshot.members.some((member) => member.memberId === memberId)) messages.push({ type: 'to_queue', queueId: queueSnapshot.queueId, message: memberStateOf({ type: 'agent.status', status: 'logged_in' }, snapshot, memberId) });
    }
  }
  return messages;
}
