/**
 * The members' side of a queue's offers (seed CC-01, CC-02, TS-04): reservations, phones to ring,
 * and members given back to their queues.
 *
 * @remarks
 * An agent is reserved by its actor (`agent.offer`), which holds one offer at a time whatever the
 * queue, so two queues never ring one agent at once. A user member (no agent) is reserved here:
 * granted when no other offer holds it and it has no call (Asterisk's `ringinuse = no`, the seed's
 * default). Before an agent is asked, the phone it logged in at is checked: an agent whose phone's
 * user has a call that no queue gave it (a non-ACD call) is refused (docs/decisions.md). A member
 * refused for a busy phone is looked at again every `recheckMs` and its queues are told once it
 * can take calls. An agent rings at the line(s) whose extension is its login `extension@context`;
 * a user at all its lines.
 */
import { agent, queue, type call } from '../../actors/index.ts';
import type { ContactCenterContext } from './contact-center-context.ts';
import { memberOf } from './queue-configuration.ts';

export interface MemberOffers {
  /** The ports of queue `queueId`'s actor. */
  portsOf(queueId: number): queue.QueuePorts;
  /** A user member answered a queue call: it is busy until the call ends. */
  userAnswered(userId: number, callId: string): void;
  /** A queue call a member took ended. */
  callEnded(memberId: string, callId: string, byAgent: boolean): void;
  close(): void;
}

export function createMemberOffers(context: ContactCenterContext, options: { readonly recheckMs: number }): MemberOffers {
  const { system, logger } = context;
  /** Users reserved by an offer, and the offer. */
  const userReservations = new Map<number, string>();
  /** Queue calls each user member is on. */
  const userCalls = new Map<number, Set<string>>();
  /** Members refused for a busy phone, looked at again until they can take calls. */
  const watched = new Set<string>();

  const tellQueues = (memberId: string, message: queue.QueueMessage): void => {
    for (const queueId of context.queuesOfMember(memberId)) system.send(queue.queueAddress(queueId), message);
  };
  /** The user whose phone an agent logged in at. */
  const phoneUserOfAgent = (snapshot: agent.AgentSnapshot | undefined): number | undefined => {
    const login = snapshot?.login;
    return login === undefined || snapshot === undefined ? undefined : context.phoneBook().at(snapshot.tenantUuid, login.extension, login.context)?.userId;
  };
  const phoneBusy = (userId: number | undefined): boolean => userId !== undefined && context.activeCalls(userId) > 0;
  const userFree = (userId: number): boolean => !userReservations.has(userId) && (userCalls.get(userId)?.size ?? 0) === 0 && !phoneBusy(userId);

  const recheck = (): void => {
    for (const memberId of [...watched]) {
      const member = memberOf(memberId);
      if (member === undefined) continue;
      if (member.kind === 'agent') {
        const snapshot = context.agentSnapshot(member.id);
        if (snapshot === undefined || snapshot.state === 'loggedOut') watched.delete(memberId);
        else if (agent.canTakeOffer(snapshot) && !phoneBusy(phoneUserOfAgent(snapshot))) {
          watched.delete(memberId);
          tellQueues(memberId, { type: 'queue.member_state', memberId, available: true });
        }
      } else if (userFree(member.id)) {
        watched.delete(memberId);
        tellQueues(memberId, { type: 'queue.member_state', memberId, available: true });
      }
    }
  };
  const timer = setInterval(recheck, options.recheckMs);
  timer.unref();

  const userAvailable = (userId: number): void => {
    const memberId = `user:${userId}`;
    if (userFree(userId)) tellQueues(memberId, { type: 'queue.member_state', memberId, available: true });
    else watched.add(memberId);
  };

  const reserve = async (queueId: number, effect: Extract<queue.QueueEffect, { type: 'queue.offer' }>): Promise<boolean> => {
    const member = memberOf(effect.memberId);
    if (member === undefined) return false;
    if (member.kind === 'user') {
      if (!userFree(member.id)) {
        if (!userReservations.has(member.id)) watched.add(effect.memberId);
        return false;
      }
      userReservations.set(member.id, effect.offerId);
      return true;
    }
    const snapshot = context.agentSnapshot(member.id);
    if (phoneBusy(phoneUserOfAgent(snapshot))) {
      watched.add(effect.memberId);
      return false;
    }
    const configuration = context.queue(queueId);
    const wrapupSeconds = configuration === undefined || configuration.wrapupSeconds === 0 ? {} : { wrapupSeconds: configuration.wrapupSeconds };
    const ref = system.lookup<agent.AgentMessage>(agent.agentAddress(member.id));
    if (ref === undefined) return false;
    const answer = await ref.ask<agent.AgentReply>({ type: 'agent.offer', offerId: effect.offerId, queue: configuration?.name ?? String(queueId), callId: effect.callId, ...wrapupSeconds }, context.askTimeoutMs);
    return answer.type === 'replied' && answer.reply.type === 'agent.reserved';
  };

  /** The member's phones and the user they belong to. */
  const ringMember = async (memberId: string): Promise<call.QueueRingMember> => {
    const member = memberOf(memberId);
    const book = context.phoneBook();
    if (member?.kind === 'user') {
      const phone = book.user(member.id);
      if (phone !== undefined) return { memberId, user: phone.user, contacts: await context.contacts(phone.usernames) };
    } else if (member?.kind === 'agent') {
      const snapshot = context.agentSnapshot(member.id);
      const login = snapshot?.login;
      const line = login === undefined || snapshot === undefined ? undefined : book.at(snapshot.tenantUuid, login.extension, login.context);
      const phone = line === undefined ? undefined : book.user(line.userId);
      if (line !== undefined && phone !== undefined) return { memberId, user: phone.user, contacts: await context.contacts(line.usernames) };
    }
    // No phone: the call is told to ring nothing and reports the member failed at once.
    return { memberId, user: { userId: 0, userUuid: '', name: memberId, number: '', context: 'default' }, contacts: [] };
  };

  return {
    portsOf: (queueId) => ({
      offer(effect) {
        reserve(queueId, effect).then(
          (granted) => system.send(queue.queueAddress(queueId), { type: 'queue.reservation', offerId: effect.offerId, memberId: effect.memberId, granted } satisfies queue.QueueMessage),
          (error: unknown) => {
            logger.error({ err: error, queueId, memberId: effect.memberId }, 'queue offer failed');
            system.send(queue.queueAddress(queueId), { type: 'queue.reservation', offerId: effect.offerId, memberId: effect.memberId, granted: false } satisfies queue.QueueMessage);
          },
        );
      },
      ring(effect) {
        const members = Promise.all(effect.memberIds.map(ringMember));
        context.tellCall(effect.callId, queueId, members.then((resolved): call.QueueUpdate => ({ type: 'ring', offerId: effect.offerId, members: resolved })));
      },
      stopRinging(effect) {
        context.tellCall(effect.callId, queueId, { type: 'stop_ringing', offerId: effect.offerId, memberIds: effect.memberIds });
      },
      release(effect) {
        const member = memberOf(effect.memberId);
        if (member?.kind === 'agent') {
          system.send(agent.agentAddress(member.id), effect.outcome === 'answered' ? { type: 'agent.offer_answered', offerId: effect.offerId } : { type: 'agent.offer_withdrawn', offerId: effect.offerId });
        } else if (member?.kind === 'user' && userReservations.get(member.id) === effect.offerId) {
          userReservations.delete(member.id);
          if (effect.outcome === 'withdrawn') userAvailable(member.id);
        }
      },
      exit(effect) {
        context.tellCall(effect.callId, queueId, { type: 'exit', status: effect.status });
      },
      log: (entries, atMs) => context.writeLog(entries, atMs),
    }),
    userAnswered(userId, callId) {
      const calls = userCalls.get(userId) ?? new Set<string>();
      calls.add(callId);
      userCalls.set(userId, calls);
    },
    callEnded(memberId, callId, byAgent) {
      const member = memberOf(memberId);
      if (member?.kind === 'agent') system.send(agent.agentAddress(member.id), { type: 'agent.acd_call_ended', callId, byAgent } satisfies agent.AgentMessage);
      if (member?.kind !== 'user') return;
      userCalls.get(member.id)?.delete(callId);
      userAvailable(member.id);
    },
    close: () => clearInterval(timer),
  };
}
