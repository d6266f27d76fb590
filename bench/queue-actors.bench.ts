/**
 * Calls through one queue, through the actors: a queue actor and its agents' actors on the node's
 * actor system (mailboxes, asks, effects run by the shells), against the same flow driven through
 * the two machines directly in this process (the baseline: no mailbox, no ask, no shell).
 *
 * Run with `npm run bench:queue-actors`. One queue (`leastrecent`) with 50 logged-in agents takes
 * 20,000 calls entered in bursts of 500: each call is entered (asked), offered to an agent (its
 * reservation asked of the agent's actor), rung, answered at once and ended by the caller, and the
 * agent, with no wrap-up, is available again. The far ends (phones, the calls' own actors) are not
 * part of it: the ports answer at once. It prints calls per second both ways and their ratio, and
 * the p50/p99 of the time a call takes from its entry to its connection through the actors; it
 * asserts nothing.
 */
import {
  actorAddress, agent, createActorSystem, createSystemClock, NO_TIMERS, queue, silentLogger, type ActorSystem, type KernelMessage,
} from '../actors/index.ts';

const AGENTS = 50;
const CALLS = 20_000;
const BURST = 500;
const members: queue.QueueMemberConfig[] = Array.from({ length: AGENTS }, (_, index) => ({ memberId: `agent:${index}`, kind: 'agent', name: `Agent/${1000 + index}`, position: index, penalty: 0, skills: {} }));
const agentIndex = (memberId: string): number => Number(memberId.slice('agent:'.length));

/** The same flow through the machines alone: a loop that delivers each message and runs each effect in order. */
function throughMachines(): number {
  let now = 1_000_000;
  let queueState = queue.newQueue({ queueId: 1, name: 'bench', tenantUuid: 't', settings: { strategy: 'leastrecent' }, members });
  const agents = members.map((_, index) => agent.loggedOutAgent({ agentId: index, number: String(1000 + index), tenantUuid: 't' }));
  const pending: { readonly message: queue.QueueMessage }[] = [];
  let completed = 0;
  /** The agents whose call ended, told once the queue has run the effects of the answer. */
  const endings: { readonly index: number; readonly callId: string }[] = [];
  const toQueue = (message: queue.QueueMessage): void => void pending.push({ message });
  const runAgent = (index: number, message: agent.AgentMessage): agent.AgentReply | undefined => {
    const result = agent.agentMachine.transition(agents[index] as agent.AgentSnapshot, message, { now, self: actorAddress('agent', String(index)), from: undefined, timers: NO_TIMERS });
    if (result.type !== 'handled') return undefined;
    agents[index] = result.snapshot;
    let reply: agent.AgentReply | undefined;
    for (const effect of result.effects) {
      if (effect.type === 'reply') reply = effect.reply as agent.AgentReply;
      else if (effect.type === 'agent.publish' && effect.event.type === 'agent.available') toQueue({ type: 'queue.member_state', memberId: `agent:${index}`, available: true });
    }
    return reply;
  };
  const runQueue = (message: queue.QueueMessage | KernelMessage): void => {
    const result = queue.queueMachine.transition(queueState, message, { now, self: actorAddress('queue', '1'), from: undefined, timers: NO_TIMERS });
    if (result.type !== 'handled') return;
    queueState = result.snapshot;
    for (const effect of result.effects) runQueueEffect(effect);
    for (const ending of endings.splice(0)) runAgent(ending.index, { type: 'agent.acd_call_ended', callId: ending.callId, byAgent: false });
  };
  const runQueueEffect = (effect: queue.QueueEffect | { readonly type: string }): void => {
    const typed = effect as queue.QueueEffect;
    switch (typed.type) {
      case 'queue.offer': {
        const reply = runAgent(agentIndex(typed.memberId), { type: 'agent.offer', offerId: typed.offerId, queue: 'bench', callId: typed.callId });
        toQueue({ type: 'queue.reservation', offerId: typed.offerId, memberId: typed.memberId, granted: reply?.type === 'agent.reserved' });
        return;
      }
      case 'queue.ring':
        for (const memberId of typed.memberIds) toQueue({ type: 'queue.answered', callId: typed.callId, offerId: typed.offerId, memberId });
        return;
      case 'queue.release':
        runAgent(agentIndex(typed.memberId), typed.outcome === 'answered' ? { type: 'agent.offer_answered', offerId: typed.offerId } : { type: 'agent.offer_withdrawn', offerId: typed.offerId });
        return;
      case 'queue.log':
        for (const entry of typed.entries) {
          if (entry.event !== 'CONNECT') continue;
          toQueue({ type: 'queue.connected_ended', callId: entry.callId, by: 'caller' });
          const member = members.find((candidate) => candidate.name === entry.agent);
          if (member !== undefined) endings.push({ index: agentIndex(member.memberId), callId: entry.callId });
          completed += 1;
        }
        return;
      default:
        return;
    }
  };
  for (let index = 0; index < AGENTS; index += 1) {
    runAgent(index, { type: 'agent.login', extension: String(2000 + index), context: 'default' });
    runQueue({ type: 'queue.member_state', memberId: `agent:${index}`, loggedIn: true, available: true, paused: false });
  }
  const started = performance.now();
  for (let entered = 0; entered < CALLS; entered += BURST) {
    for (let call = entered; call < entered + BURST; call += 1) runQueue({ type: 'queue.enter', callId: `c${call}`, callerIdNumber: '1000' });
    while (pending.length > 0) {
      const next = pending.shift();
      if (next !== undefined) runQueue(next.message);
      now += 1;
    }
  }
  const elapsed = performance.now() - started;
  if (completed !== CALLS) throw new Error(`machines completed ${completed} of ${CALLS}`);
  return CALLS / (elapsed / 1000);
}

/** The flow through the actors; returns calls per second and each call's entry-to-connection time. */
async function throughActors(system: ActorSystem): Promise<{ readonly rate: number; readonly connectMs: number[] }> {
  const enteredAt = new Map<string, number>();
  const connectMs: number[] = [];
  let completed = 0;
  let done: () => void = () => undefined;
  const queueRef = () => system.lookup<queue.QueueMessage>(queue.queueAddress(1));
  const agentRef = (memberId: string) => system.lookup<agent.AgentMessage>(agent.agentAddress(agentIndex(memberId)));
  const toQueue = (message: queue.QueueMessage): void => system.send(queue.queueAddress(1), message);
  const ports: queue.QueuePorts = {
    offer: (effect) => {
      void agentRef(effect.memberId)?.ask<agent.AgentReply>({ type: 'agent.offer', offerId: effect.offerId, queue: 'bench', callId: effect.callId }, 5_000).then((answer) => {
        toQueue({ type: 'queue.reservation', offerId: effect.offerId, memberId: effect.memberId, granted: answer.type === 'replied' && answer.reply.type === 'agent.reserved' });
      });
    },
    ring: (effect) => {
      for (const memberId of effect.memberIds) toQueue({ type: 'queue.answered', callId: effect.callId, offerId: effect.offerId, memberId });
    },
    release: (effect) => {
      const target = agent.agentAddress(agentIndex(effect.memberId));
      if (effect.outcome !== 'answered') return system.send(target, { type: 'agent.offer_withdrawn', offerId: effect.offerId } satisfies agent.AgentMessage);
      system.send(target, { type: 'agent.offer_answered', offerId: effect.offerId } satisfies agent.AgentMessage);
      return undefined;
    },
    stopRinging: () => undefined,
    exit: () => undefined,
    log: (entries) => {
      for (const entry of entries) {
        if (entry.event !== 'CONNECT') continue;
        connectMs.push(performance.now() - (enteredAt.get(entry.callId) ?? performance.now()));
        toQueue({ type: 'queue.connected_ended', callId: entry.callId, by: 'caller' });
        const member = members.find((candidate) => candidate.name === entry.agent);
        if (member !== undefined) system.send(agent.agentAddress(agentIndex(member.memberId)), { type: 'agent.acd_call_ended', callId: entry.callId, byAgent: false } satisfies agent.AgentMessage);
        completed += 1;
        if (completed === CALLS) done();
      }
    },
  };
  await system.spawn(queue.queueSpec({ queueId: 1, ports, from: { type: 'initial', epoch: 1, data: queue.newQueue({ queueId: 1, name: 'bench', tenantUuid: 't', settings: { strategy: 'leastrecent' }, members }) } }));
  for (const [index, member] of members.entries()) {
    await system.spawn(agent.agentSpec({
      agentId: index, from: { type: 'initial', epoch: 1, data: agent.loggedOutAgent({ agentId: index, number: String(1000 + index), tenantUuid: 't' }) },
      ports: { publish: (event) => void (event.type === 'agent.available' && toQueue({ type: 'queue.member_state', memberId: member.memberId, available: true })), log: () => undefined },
    }));
    await agentRef(member.memberId)?.ask({ type: 'agent.login', extension: String(2000 + index), context: 'default' }, 5_000);
    toQueue({ type: 'queue.member_state', memberId: member.memberId, loggedIn: true, available: true, paused: false });
  }
  await system.settled();
  const finished = new Promise<void>((resolve) => { done = resolve; });
  const started = performance.now();
  for (let entered = 0; entered < CALLS; entered += BURST) {
    const burst: Promise<unknown>[] = [];
    for (let call = entered; call < entered + BURST; call += 1) {
      enteredAt.set(`c${call}`, performance.now());
      burst.push(queueRef()?.ask({ type: 'queue.enter', callId: `c${call}`, callerIdNumber: '1000' }, 30_000) ?? Promise.resolve());
    }
    await Promise.all(burst);
    await system.settled();
  }
  await finished;
  return { rate: CALLS / ((performance.now() - started) / 1000), connectMs };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

const machines = throughMachines();
const system = await createActorSystem({ nodeName: 'bench', clock: createSystemClock(), logger: silentLogger });
try {
  const actors = await throughActors(system);
  const sorted = [...actors.connectMs].sort((a, b) => a - b);
  console.log(`calls through one queue, ${AGENTS} agents, ${CALLS} calls in bursts of ${BURST}`);
  console.log(`  machines only (baseline): ${Math.round(machines).toLocaleString('en')} calls/s`);
  console.log(`  through the actors:       ${Math.round(actors.rate).toLocaleString('en')} calls/s (${(actors.rate / machines).toFixed(2)} × the baseline)`);
  console.log(`  entry to connection through the actors: p50 ${percentile(sorted, 0.5).toFixed(2)} ms, p99 ${percentile(sorted, 0.99).toFixed(2)} ms (a burst of ${BURST} queued at once)`);
} finally {
  await system.shutdown();
}
