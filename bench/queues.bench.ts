/**
 * Queue distribution: how long the queue machine takes to decide who gets a call, with 10,000
 * waiting calls and 2,000 agents over 100 queues, against the same decision in a queue with one
 * call and one agent (the baseline, run in the same process); and how many calls per second pass
 * through one queue (enter, reserve, ring, answer, hang up).
 *
 * Run with `npm run bench:queues`. Each agent is a member of 5 of the 100 queues (about 100 members
 * per queue), every queue holds 100 waiting calls, and every agent is busy. A decision is the
 * transition of one queue when one of its agents becomes available: it scans its waiting calls,
 * applies its strategy and offers the call; the offer is then refused (not timed) so the load
 * stays the same. Latencies are per transition, in the machine alone (no actor mailbox, no I/O).
 * It prints; it asserts nothing.
 */
import { actorAddress, NO_TIMERS, queue, type KernelMessage } from '../actors/index.ts';

const QUEUES = 100;
const AGENTS = 2_000;
const QUEUES_PER_AGENT = 5;
const CALLS_PER_QUEUE = 100;
const SAMPLES = 20_000;

let seed = 42;
const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4_294_967_296);
const self = actorAddress('queue', 'bench');
let now = 1_000_000;

function run(snapshot: queue.QueueSnapshot, message: queue.QueueMessage | KernelMessage) {
  const result = queue.queueMachine.transition(snapshot, message, { now, self, from: undefined, timers: NO_TIMERS });
  if (result.type !== 'handled') throw new Error(`${message.type}: ${result.reason}`);
  return result;
}

function build(queueCount: number, agentCount: number, queuesPerAgent: number, callsPerQueue: number, strategy: queue.QueueStrategy): { queues: queue.QueueSnapshot[]; agentQueues: number[][] } {
  const members: queue.QueueMemberConfig[][] = Array.from({ length: queueCount }, () => []);
  const agentQueues: number[][] = [];
  for (let agentIndex = 0; agentIndex < agentCount; agentIndex += 1) {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(queuesPerAgent, queueCount)) chosen.add(Math.floor(random() * queueCount));
    agentQueues.push([...chosen]);
    for (const queueIndex of chosen) {
      const list = members[queueIndex];
      list?.push({ memberId: `agent:${agentIndex}`, kind: 'agent', name: `Agent/${agentIndex}`, position: list.length, penalty: Math.floor(random() * 3), skills: {} });
    }
  }
  const queues = members.map((list, queueIndex) => {
    let snapshot = queue.newQueue({ queueId: queueIndex, name: `q${queueIndex}`, tenantUuid: 't', settings: { strategy }, members: list });
    for (const member of list) snapshot = run(snapshot, { type: 'queue.member_state', memberId: member.memberId, loggedIn: true, available: false }).snapshot;
    for (let call = 0; call < callsPerQueue; call += 1) snapshot = run(snapshot, { type: 'queue.enter', callId: `c${queueIndex}.${call}`, callerIdNumber: '1000' }).snapshot;
    return snapshot;
  });
  return { queues, agentQueues };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/** Times `SAMPLES` decisions: an agent becomes available in one of its queues and is offered a call. */
function decisions(setup: { queues: queue.QueueSnapshot[]; agentQueues: number[][] }, samples: number): number[] {
  const times: number[] = [];
  for (let sample = 0; sample < samples; sample += 1) {
    const agentIndex = Math.floor(random() * setup.agentQueues.length);
    const queues = setup.agentQueues[agentIndex] ?? [];
    const queueIndex = queues[Math.floor(random() * queues.length)] ?? 0;
    const snapshot = setup.queues[queueIndex];
    if (snapshot === undefined) continue;
    now += 10;
    const started = performance.now();
    const decided = run(snapshot, { type: 'queue.member_state', memberId: `agent:${agentIndex}`, available: true });
    times.push(performance.now() - started);
    const offer = decided.effects.find((effect) => effect.type === 'queue.offer');
    let after = decided.snapshot;
    if (offer?.type === 'queue.offer') after = run(after, { type: 'queue.reservation', offerId: offer.offerId, memberId: offer.memberId, granted: false }).snapshot;
    else after = run(after, { type: 'queue.member_state', memberId: `agent:${agentIndex}`, available: false }).snapshot;
    setup.queues[queueIndex] = after;
  }
  return times.sort((left, right) => left - right);
}

/** Calls per second through one queue of 50 agents, each call answered and hung up at once. */
function throughput(durationMs: number): number {
  const members = Array.from({ length: 50 }, (_, index): queue.QueueMemberConfig => ({ memberId: `agent:${index}`, kind: 'agent', name: `Agent/${index}`, position: index, penalty: 0, skills: {} }));
  let snapshot = queue.newQueue({ queueId: 1, name: 'q1', tenantUuid: 't', settings: { strategy: 'rrmemory' }, members });
  for (const member of members) snapshot = run(snapshot, { type: 'queue.member_state', memberId: member.memberId, loggedIn: true, available: true }).snapshot;
  let calls = 0;
  const started = performance.now();
  while (performance.now() - started < durationMs) {
    now += 1;
    const callId = `t${calls}`;
    const entered = run(snapshot, { type: 'queue.enter', callId, callerIdNumber: '1000' });
    const offer = entered.effects.find((effect) => effect.type === 'queue.offer');
    if (offer?.type !== 'queue.offer') throw new Error('no member offered');
    snapshot = run(entered.snapshot, { type: 'queue.reservation', offerId: offer.offerId, memberId: offer.memberId, granted: true }).snapshot;
    snapshot = run(snapshot, { type: 'queue.answered', callId, offerId: offer.offerId, memberId: offer.memberId }).snapshot;
    snapshot = run(snapshot, { type: 'queue.connected_ended', callId, by: 'caller' }).snapshot;
    snapshot = run(snapshot, { type: 'queue.member_state', memberId: offer.memberId, available: true }).snapshot;
    calls += 1;
  }
  return (calls * 1000) / (performance.now() - started);
}

const format = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;
const strategies: queue.QueueStrategy[] = ['rrmemory', 'ringall', 'linear', 'fewestcalls'];
console.log(`queue distribution: ${QUEUES} queues, ${AGENTS} agents (${QUEUES_PER_AGENT} queues each), ${QUEUES * CALLS_PER_QUEUE} waiting calls; ${SAMPLES} decisions each`);
for (const strategy of strategies) {
  const baseline = decisions(build(1, 1, 1, 1, strategy), SAMPLES);
  const loaded = decisions(build(QUEUES, AGENTS, QUEUES_PER_AGENT, CALLS_PER_QUEUE, strategy), SAMPLES);
  const p50 = percentile(loaded, 0.5);
  const p99 = percentile(loaded, 0.99);
  console.log(`  ${strategy.padEnd(11)} p50 ${format(p50)}  p99 ${format(p99)}  (baseline 1 call / 1 agent: p50 ${format(percentile(baseline, 0.5))}, p99 ${format(percentile(baseline, 0.99))}; p99 ratio ${(p99 / Math.max(1e-9, percentile(baseline, 0.99))).toFixed(1)}×)`);
}
console.log(`one queue of 50 agents: ${throughput(2_000).toFixed(0)} calls/s (enter, reserve, answer, hang up)`);
