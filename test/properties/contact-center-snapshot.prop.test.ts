/**
 * Property: moving a queue and its agents through their snapshots changes nothing. For any
 * sequence of messages to a queue actor and three agent actors (entries, abandons, members'
 * states, reservations, answers, ring failures, call ends, logins, pauses, offers) and clock
 * advances (member timeouts, retries, the queue's time, wrap-up), stopping every actor midway,
 * carrying each `toSnapshot()` through JSON (as a replica would) and spawning them from those
 * snapshots on a fresh node, then running the rest of the sequence, ends in the same snapshots, with
 * the same effects asked of the ports, as running the whole sequence on one node. This is what a
 * migration of the contact center between nodes relies on.
 */
import '../support/property-seed.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createActorSystem, createSimulatedClock, readActorSnapshot, type ActorRef, type ActorSnapshot, type SimulatedClock } from '../../actors/kernel/index.ts';
import { agent, queue } from '../../actors/index.ts';

const START_MS = 1_700_000_000_000;
const AGENTS = [0, 1, 2];
const CALLS = ['c0', 'c1', 'c2', 'c3'];
/** The queue's offers are named `<queueId>.<sequence>`: the first few are the ones a run reaches. */
const OFFERS = ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6'];
const members: queue.QueueMemberConfig[] = AGENTS.map((index) => ({ memberId: `agent:${index}`, kind: 'agent', name: `Agent/${100 + index}`, position: index, penalty: index % 2, skills: {} }));

type Step =
  | { readonly type: 'queue'; readonly message: queue.QueueMessage }
  | { readonly type: 'agent'; readonly agentId: number; readonly message: agent.AgentMessage }
  | { readonly type: 'advance'; readonly durationMs: number };

const callId = fc.constantFrom(...CALLS);
const memberId = fc.constantFrom(...members.map((member) => member.memberId));
const offerId = fc.constantFrom(...OFFERS);
const agentId = fc.constantFrom(...AGENTS);

const queueStep: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: callId.map((id): queue.QueueMessage => ({ type: 'queue.enter', callId: id, callerIdNumber: '0155' })), weight: 4 },
  { arbitrary: callId.map((id): queue.QueueMessage => ({ type: 'queue.abandon', callId: id })), weight: 1 },
  { arbitrary: fc.record({ memberId, loggedIn: fc.boolean(), available: fc.boolean(), paused: fc.boolean() }).map((state): queue.QueueMessage => ({ type: 'queue.member_state', ...state })), weight: 3 },
  { arbitrary: fc.record({ offerId, memberId, granted: fc.boolean() }).map((reply): queue.QueueMessage => ({ type: 'queue.reservation', ...reply })), weight: 3 },
  { arbitrary: fc.record({ callId, offerId, memberId }).map((answer): queue.QueueMessage => ({ type: 'queue.answered', ...answer })), weight: 2 },
  { arbitrary: fc.record({ callId, offerId, memberId }).map((failure): queue.QueueMessage => ({ type: 'queue.ring_failed', ...failure })), weight: 1 },
  { arbitrary: fc.record({ callId, by: fc.constantFrom<'agent' | 'caller'>('agent', 'caller') }).map((end): queue.QueueMessage => ({ type: 'queue.connected_ended', ...end })), weight: 1 },
).map((message) => ({ type: 'queue', message }) as Step);

const agentMessage: fc.Arbitrary<agent.AgentMessage> = fc.oneof(
  fc.constant<agent.AgentMessage>({ type: 'agent.login', extension: '1001', context: 'default' }),
  fc.constant<agent.AgentMessage>({ type: 'agent.logout' }),
  fc.constantFrom('lunch', 'training').map((reason): agent.AgentMessage => ({ type: 'agent.pause', reason })),
  fc.constant<agent.AgentMessage>({ type: 'agent.unpause' }),
  fc.record({ offerId, callId, wrapupSeconds: fc.constantFrom(0, 2) }).map((offer): agent.AgentMessage => ({ type: 'agent.offer', queue: 'support', ...offer })),
  offerId.map((id): agent.AgentMessage => ({ type: 'agent.offer_answered', offerId: id })),
  offerId.map((id): agent.AgentMessage => ({ type: 'agent.offer_withdrawn', offerId: id })),
  fc.record({ callId, byAgent: fc.boolean() }).map((end): agent.AgentMessage => ({ type: 'agent.acd_call_ended', ...end })),
);

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: queueStep, weight: 5 },
  { arbitrary: fc.record({ agentId, message: agentMessage }).map(({ agentId: id, message }): Step => ({ type: 'agent', agentId: id, message })), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 3_000 }).map((durationMs): Step => ({ type: 'advance', durationMs })), weight: 2 },
);

const scenarioArbitrary = fc
  .record({ steps: fc.array(stepArbitrary, { maxLength: 40 }), strategy: fc.constantFrom<queue.QueueStrategy>('ringall', 'linear', 'leastrecent', 'fewestcalls', 'rrmemory', 'random', 'wrandom') })
  .chain((scenario) => fc.record({ steps: fc.constant(scenario.steps), strategy: fc.constant(scenario.strategy), splitAt: fc.integer({ min: 0, max: scenario.steps.length }) }));

interface Snapshots {
  readonly queue: ActorSnapshot<queue.QueueSnapshot>;
  readonly agents: readonly ActorSnapshot<agent.AgentSnapshot>[];
}

interface Node {
  readonly clock: SimulatedClock;
  run(steps: readonly Step[]): Promise<void>;
  snapshots(): Snapshots;
  close(): Promise<void>;
}

/** A node running the queue and its agents, fresh or from snapshots; what they ask of their ports goes to `asked`. */
async function startNode(startMs: number, strategy: queue.QueueStrategy, asked: string[], from?: Snapshots): Promise<Node> {
  const clock = createSimulatedClock(startMs);
  const system = await createActorSystem({ nodeName: 'prop', clock });
  const record = (what: string) => (effect: unknown): void => void asked.push(`${what} ${JSON.stringify(effect)}`);
  const queuePorts: queue.QueuePorts = {
    offer: record('offer'), ring: record('ring'), stopRinging: record('stop_ringing'), release: record('release'), exit: record('exit'),
    log: (entries, atMs) => void asked.push(`log ${atMs} ${JSON.stringify(entries)}`),
  };
  const settings = { strategy, memberTimeoutSeconds: 2, retrySeconds: 1, queueTimeoutSeconds: 9 };
  const queueRef: ActorRef<queue.QueueMessage, queue.QueueSnapshot> = await system.spawn(queue.queueSpec({
    queueId: 1, ports: queuePorts,
    from: from === undefined ? { type: 'initial', epoch: 1, data: queue.newQueue({ queueId: 1, name: 'support', tenantUuid: 't', settings, members, randomSeed: 7 }) } : { type: 'snapshot', snapshot: from.queue },
  }));
  const agentRefs: ActorRef<agent.AgentMessage, agent.AgentSnapshot>[] = [];
  for (const index of AGENTS) {
    const snapshot = from?.agents[index];
    agentRefs.push(await system.spawn(agent.agentSpec({
      agentId: index, ports: { publish: record(`agent ${index} publish`), log: (entries, atMs) => void asked.push(`agent ${index} log ${atMs} ${JSON.stringify(entries)}`) },
      from: snapshot === undefined ? { type: 'initial', epoch: 1, data: agent.loggedOutAgent({ agentId: index, number: String(100 + index), tenantUuid: 't', queues: ['support'] }) } : { type: 'snapshot', snapshot },
    })));
  }
  await system.settled();
  return {
    clock,
    run: async (steps) => {
      for (const step of steps) {
        if (step.type === 'queue') queueRef.send(step.message);
        else if (step.type === 'agent') agentRefs[step.agentId]?.send(step.message);
        else clock.advanceBy(step.durationMs);
        await system.settled();
      }
    },
    snapshots: () => ({ queue: queueRef.toSnapshot(), agents: agentRefs.map((ref) => ref.toSnapshot()) }),
    close: () => system.shutdown(),
  };
}

function throughReplica<Data extends { readonly state: string }>(snapshot: ActorSnapshot<Data>): ActorSnapshot<Data> {
  const read = readActorSnapshot(JSON.parse(JSON.stringify(snapshot)));
  if (read.type !== 'snapshot') throw new Error(`replica unreadable: ${read.detail}`);
  return read.snapshot as ActorSnapshot<Data>;
}

describe('queue and agent snapshots', () => {
  it('MUST end a queue and its agents moved midway through their snapshots in the same snapshots, with the same effects, as on one node', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async ({ steps, strategy, splitAt }) => {
        const wholeAsked: string[] = [];
        const whole = await startNode(START_MS, strategy, wholeAsked);
        await whole.run(steps);
        const expected = whole.snapshots();
        await whole.close();

        const movedAsked: string[] = [];
        const before = await startNode(START_MS, strategy, movedAsked);
        await before.run(steps.slice(0, splitAt));
        const taken = before.snapshots();
        const moved: Snapshots = { queue: throughReplica(taken.queue), agents: taken.agents.map(throughReplica) };
        const movedAtMs = before.clock.now();
        await before.close();
        const after = await startNode(movedAtMs, strategy, movedAsked, moved);
        await after.run(steps.slice(splitAt));
        const actual = after.snapshots();
        await after.close();

        assert.deepEqual(actual, expected);
        assert.deepEqual(movedAsked, wholeAsked);
      }),
      { numRuns: 150 },
    );
  });
});
