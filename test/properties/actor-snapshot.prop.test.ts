/**
 * Property: moving an actor through its snapshot changes nothing. For any sequence of messages and
 * clock advances on the example ping actor, stopping it midway, carrying `toSnapshot()` through JSON
 * (as a replica would) and spawning it from that snapshot on a fresh node, then running the rest of
 * the sequence, ends in the same snapshot as running the whole sequence on one activation.
 */
import '../support/property-seed.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createActorSystem, createSimulatedClock, readActorSnapshot, type ActorSnapshot, type SimulatedClock } from '../../actors/kernel/index.ts';
import { pingSpec } from '../../actors/kernel/testing/ping-actor.ts';
import type { PingMessage, PingSnapshot } from '../../actors/kernel/testing/ping-machine.ts';

type Step = { readonly type: 'message'; readonly message: PingMessage } | { readonly type: 'advance'; readonly durationMs: number };

const START_MS = 1_700_000_000_000;
const PONG_TIMEOUT_MS = 1_000;

/** `ping.start` is weighted up so that many scenarios are cut while a timer is armed. */
const messageArbitrary: fc.Arbitrary<PingMessage> = fc.oneof(
  { arbitrary: fc.constant<PingMessage>({ type: 'ping.start' }), weight: 4 },
  { arbitrary: fc.integer({ min: -5, max: 5 }).map((amount): PingMessage => ({ type: 'counter.add', amount })), weight: 2 },
  { arbitrary: fc.constant<PingMessage>({ type: 'count.get' }), weight: 1 },
  { arbitrary: fc.constant<PingMessage>({ type: 'ping.pong' }), weight: 2 },
  { arbitrary: fc.constant<PingMessage>({ type: 'ping.close' }), weight: 1 },
);

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  messageArbitrary.map((message): Step => ({ type: 'message', message })),
  fc.integer({ min: 0, max: 1_500 }).map((durationMs): Step => ({ type: 'advance', durationMs })),
);

const scenarioArbitrary = fc
  .array(stepArbitrary, { maxLength: 25 })
  .chain((steps) => fc.record({ steps: fc.constant(steps), splitAt: fc.integer({ min: 0, max: steps.length }) }));

interface Node {
  readonly clock: SimulatedClock;
  run(steps: readonly Step[]): Promise<void>;
  snapshot(): ActorSnapshot<PingSnapshot>;
  close(): Promise<void>;
}

async function startNode(startMs: number, snapshot?: ActorSnapshot<PingSnapshot>): Promise<Node> {
  const clock = createSimulatedClock(startMs);
  const system = await createActorSystem({ nodeName: 'prop', clock });
  const ref = await system.spawn(pingSpec('p1', { pongTimeoutMs: PONG_TIMEOUT_MS, ...(snapshot === undefined ? {} : { snapshot }) }));
  await system.settled();
  return {
    clock,
    run: async (steps) => {
      for (const step of steps) {
        if (step.type === 'message') ref.send(step.message);
        else clock.advanceBy(step.durationMs);
        await system.settled();
      }
    },
    snapshot: () => ref.toSnapshot(),
    close: async () => {
      await ref.stop('migrating');
      await system.shutdown();
    },
  };
}

function throughReplica(snapshot: ActorSnapshot<PingSnapshot>): ActorSnapshot<PingSnapshot> {
  const read = readActorSnapshot(JSON.parse(JSON.stringify(snapshot)));
  if (read.type !== 'snapshot') throw new Error(`replica unreadable: ${read.detail}`);
  return read.snapshot as ActorSnapshot<PingSnapshot>;
}

describe('actor snapshot round trip', () => {
  it('fromSnapshot(toSnapshot(a)) then the rest of the sequence MUST end in the same snapshot as the whole sequence', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async ({ steps, splitAt }) => {
        const whole = await startNode(START_MS);
        await whole.run(steps);
        const expected = whole.snapshot();
        await whole.close();

        const before = await startNode(START_MS);
        await before.run(steps.slice(0, splitAt));
        const moved = throughReplica(before.snapshot());
        const movedAtMs = before.clock.now();
        await before.close();
        const after = await startNode(movedAtMs, moved);
        await after.run(steps.slice(splitAt));
        const actual = after.snapshot();
        await after.close();

        assert.deepEqual(actual, expected);
      }),
      { numRuns: 200 },
    );
  });
});
