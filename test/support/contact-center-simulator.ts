/**
 * Runs queue and agent machines together as their actors would, for model-based tests: each
 * machine's effects are carried out (offers asked of agents and answered, releases, rings, exits,
 * queue_log rows), timers are kept per actor with their deadlines and fired as time advances.
 * Nothing here decides anything: the machines do.
 */
import { actorAddress, agent, NO_TIMERS, queue, type KernelMessage } from '../../actors/index.ts';

type Timers = Map<string, number>;
type AnyEffect = { readonly type: string } & Record<string, unknown>;

export interface SimulatedCall {
  readonly callId: string;
  readonly queue: number;
  /** The members ringing for it now, with their offer. */
  ringing: { offerId: string; memberIds: string[] } | undefined;
  /** Its end: connected to a member, or the exit / refusal status. */
  outcome: { type: 'connected'; memberId: string } | { type: 'left'; status: string } | undefined;
}

export class ContactCenterSimulator {
  now = 1_000_000;
  readonly queues = new Map<number, { snapshot: queue.QueueSnapshot; timers: Timers }>();
  readonly agents = new Map<string, { snapshot: agent.AgentSnapshot; timers: Timers }>();
  readonly calls = new Map<string, SimulatedCall>();
  readonly rows: queue.QueueLogRow[] = [];
  /** Every member rung, per queue, in order (for strategy checks). */
  readonly rung: { queue: number; callId: string; memberId: string }[] = [];

  addAgent(number: string, queues: readonly string[], wrapupSeconds = 0): void {
    this.agents.set(`agent:${number}`, { snapshot: agent.loggedOutAgent({ agentId: Number(number), number, tenantUuid: 't', wrapupSeconds, queues }), timers: new Map() });
  }

  addQueue(queueId: number, settings: Partial<queue.QueueSettings>, members: readonly queue.QueueMemberConfig[]): void {
    this.queues.set(queueId, { snapshot: queue.newQueue({ queueId, name: `q${queueId}`, tenantUuid: 't', settings, members, randomSeed: queueId }), timers: new Map() });
  }

  /** Sends a message to an agent; returns its reply, if any. */
  toAgent(memberId: string, message: agent.AgentMessage | KernelMessage): unknown {
    const entry = this.agents.get(memberId);
    if (entry === undefined) return undefined;
    const result = agent.agentMachine.transition(entry.snapshot, message, { now: this.now, self: actorAddress('agent', memberId), from: undefined, timers: NO_TIMERS });
    if (result.type !== 'handled') return undefined;
    entry.snapshot = result.snapshot;
    let reply: unknown;
    for (const effect of result.effects as readonly AnyEffect[]) {
      if (effect.type === 'reply') reply = effect['reply'];
      else if (effect.type === 'timer.start') entry.timers.set(String(effect['name']), this.now + Number(effect['delayMs'] ?? 0));
      else if (effect.type === 'timer.cancel') entry.timers.delete(String(effect['name']));
      else if (effect.type === 'agent.queue_log') for (const entryRow of effect['entries'] as queue.QueueLogEvent[]) this.rows.push(queue.queueLogRow(this.now, entryRow));
      else if (effect.type === 'agent.publish') this.#agentPublished(memberId, effect['event'] as agent.AgentStatusEvent);
    }
    return reply;
  }

  /** Sends a message to a queue; returns its reply, if any. */
  toQueue(queueId: number, message: queue.QueueMessage | KernelMessage): unknown {
    const entry = this.queues.get(queueId);
    if (entry === undefined) return undefined;
    const result = queue.queueMachine.transition(entry.snapshot, message, { now: this.now, self: actorAddress('queue', String(queueId)), from: undefined, timers: NO_TIMERS });
    if (result.type !== 'handled') return undefined;
    entry.snapshot = result.snapshot;
    let reply: unknown;
    const later: (() => void)[] = [];
    for (const effect of result.effects as readonly AnyEffect[]) {
      switch (effect.type) {
        case 'reply':
          reply = effect['reply'];
          break;
        case 'timer.start':
          entry.timers.set(String(effect['name']), this.now + Number(effect['delayMs'] ?? 0));
          break;
        case 'timer.cancel':
          entry.timers.delete(String(effect['name']));
          break;
        case 'queue.log':
          for (const row of effect['entries'] as queue.QueueLogEvent[]) this.rows.push(queue.queueLogRow(this.now, row));
          break;
        case 'queue.offer': {
          const { offerId, memberId, callId } = effect as unknown as Extract<queue.QueueEffect, { type: 'queue.offer' }>;
          later.push(() => {
            const answer = this.toAgent(memberId, { type: 'agent.offer', offerId, queue: `q${queueId}`, callId }) as agent.AgentReply | undefined;
            this.toQueue(queueId, { type: 'queue.reservation', offerId, memberId, granted: answer?.type === 'agent.reserved' });
          });
          break;
        }
        case 'queue.ring': {
          const { callId, offerId, memberIds } = effect as unknown as Extract<queue.QueueEffect, { type: 'queue.ring' }>;
          const call = this.calls.get(callId);
          if (call !== undefined) call.ringing = { offerId, memberIds: [...(call.ringing?.offerId === offerId ? call.ringing.memberIds : []), ...memberIds] };
          for (const memberId of memberIds) this.rung.push({ queue: queueId, callId, memberId });
          break;
        }
        case 'queue.stop_ringing': {
          const call = this.calls.get(String(effect['callId']));
          if (call?.ringing !== undefined) call.ringing = { ...call.ringing, memberIds: call.ringing.memberIds.filter((memberId) => !(effect['memberIds'] as string[]).includes(memberId)) };
          break;
        }
        case 'queue.release': {
          const { offerId, memberId, outcome } = effect as unknown as Extract<queue.QueueEffect, { type: 'queue.release' }>;
          later.push(() => this.toAgent(memberId, outcome === 'answered' ? { type: 'agent.offer_answered', offerId } : { type: 'agent.offer_withdrawn', offerId }));
          for (const call of this.calls.values()) if (call.ringing?.offerId === offerId) call.ringing = { ...call.ringing, memberIds: call.ringing.memberIds.filter((id) => id !== memberId) };
          break;
        }
        case 'queue.exit': {
          const call = this.calls.get(String(effect['callId']));
          if (call !== undefined) {
            call.outcome = { type: 'left', status: String(effect['status']) };
            call.ringing = undefined;
          }
          break;
        }
      }
    }
    for (const run of later) run();
    return reply;
  }

  #agentPublished(memberId: string, event: agent.AgentStatusEvent): void {
    const change: Partial<Extract<queue.QueueMessage, { type: 'queue.member_state' }>> | undefined =
      event.type === 'agent.status' ? { loggedIn: event.status === 'logged_in', available: event.status === 'logged_in' && agent.canTakeOffer(this.agents.get(memberId)?.snapshot ?? agent.loggedOutAgent({ agentId: 0, number: '0', tenantUuid: 't' })) }
      : event.type === 'agent.paused' ? { paused: true }
      : event.type === 'agent.unpaused' ? { paused: false }
      : { available: true };
    for (const [queueId, entry] of this.queues) {
      if (entry.snapshot.members.some((member) => member.memberId === memberId)) this.toQueue(queueId, { type: 'queue.member_state', memberId, ...change });
    }
  }

  /** Moves the clock forward, firing every timer that falls due, in deadline order. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [
        ...[...this.queues].flatMap(([queueId, entry]) => [...entry.timers].map(([name, at]) => ({ at, fire: () => { entry.timers.delete(name); this.toQueue(queueId, { type: 'sys.timer.fired', name }); } }))),
        ...[...this.agents].flatMap(([memberId, entry]) => [...entry.timers].map(([name, at]) => ({ at, fire: () => { entry.timers.delete(name); this.toAgent(memberId, { type: 'sys.timer.fired', name }); } }))),
      ].filter((timer) => timer.at <= until).sort((left, right) => left.at - right.at)[0];
      if (due === undefined) break;
      this.now = Math.max(this.now, due.at);
      due.fire();
    }
    this.now = until;
  }
}
