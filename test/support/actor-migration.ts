/**
 * The migration property of one actor kind: run the real actor (its spec on an actor system with a
 * simulated clock, its ports recording what they are asked) through a random sequence of messages
 * and clock advances, once on one node and once moved to fresh nodes at random points through its
 * replica (the JSON its hook `onStableTransition` wrote last); both runs must end in the same snapshot, with the same
 * effects asked of the ports at the same times, the same messages sent to the same peers, and the
 * same end of the actor. A move may leave the actor away for a while, compared with a node that
 * stalled as long.
 *
 * @remarks
 * A kind is described once by a {@link MigrationKind} and checked by {@link migrationCase}; the
 * table of every kind is `actor-kinds/index.ts`. Clock advances stop at each deadline on the way
 * and let the node settle there, as a real clock would, so a timer's message is taken at its
 * deadline.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  createActorSystem, createSimulatedClock, handled, readActorSnapshot, silentLogger,
  type ActorAddress, type ActorMessage, type ActorRef, type ActorSnapshot, type ActorHooks, type ActorSpec, type ActorSystem, type ChildExit, type LogFields, type Logger, type MachineSnapshot, type SimulatedClock, type SpawnOrigin,
} from '../../actors/index.ts';

/** One step of a scenario: a message to the actor, or time passing. */
export type MigrationStep<Message> = { readonly type: 'message'; readonly message: Message } | { readonly type: 'advance'; readonly durationMs: number };

/** What the ports of one run were asked, in order, each line with the clock time it was asked at. */
export interface PortRecorder {
  /** Records that `port` was asked `what` now. */
  record(port: string, what?: unknown): void;
}

/** One actor kind, as the migration property drives it. */
export interface MigrationKind<Data extends MachineSnapshot, Message extends ActorMessage, World> {
  /** The shell this covers, relative to the repository (`actors/call/call-actor.ts`). */
  readonly file: string;
  /** The state of the outside world shared by every node of one run (an id source, the peers it created). */
  readonly newWorld: () => World;
  /** The first snapshot data of the actor, created at {@link MIGRATION_START_MS}. */
  readonly initial: fc.Arbitrary<Data>;
  /** Spawns it on `system` from `from`, its ports recording into `ports`, with `hooks` (its replication). */
  readonly spawn: (system: ActorSystem, from: SpawnOrigin<Data>, ports: PortRecorder, world: World, hooks: ActorHooks<Data>) => Promise<ActorRef<Message, Data>>;
  /** What the composition root sends a fresh actor before anything else (a new call's `call.start`). */
  readonly firstMessages?: readonly Message[];
  /** The actors its `send` effects reach: recording sinks stand at these addresses on every node. */
  readonly peers: (world: World) => readonly ActorAddress[];
  /** Any message of the kind, commands and facts, expected or not in the state it will find. */
  readonly messages: fc.Arbitrary<Message>;
  /** Messages that open every scenario, so that runs get somewhere (a call's routing answer); moves may fall among them. */
  readonly prelude?: fc.Arbitrary<readonly Message[]>;
  /** Steps that close every scenario (a call hung up and its legs gone), after the random ones. */
  readonly epilogue?: readonly MigrationStep<Message>[];
  /** What must hold of every run's end, moved or not (a call ended once, with one call log). */
  readonly invariant?: (outcome: MigrationOutcome<Data>) => void;
  /** The longest clock advance of one step. */
  readonly maxAdvanceMs: number;
  /** The most random steps of one scenario (besides the prelude and the epilogue). */
  readonly maxSteps: number;
  /** Scenarios per run of the property, tuned to keep it within about ten seconds. */
  readonly numRuns: number;
}

/** A kind's property, its types closed over, for the table of kinds. */
export interface MigrationCase {
  readonly kind: string;
  readonly file: string;
  /** Runs the property (fast-check, the printed seed) and throws its counterexample on failure. */
  assertProperty(): Promise<void>;
}

/** A scenario: the first data, the steps (prelude, random ones, epilogue) and where the actor moves. */
interface Scenario<Data, Message> {
  readonly initial: Data;
  readonly prelude: readonly Message[];
  readonly steps: readonly MigrationStep<Message>[];
  /** Where the actor moves to a fresh node: before the step `at` modulo one more than the steps (the first move there wins). */
  readonly moves: readonly Move[];
}

/**
 * A move, the actor away for `awayMs` (a failover's delay): its twin's node stalls as long instead
 * (its clock jumps, and timers that fell due meanwhile are taken at once).
 *
 * @remarks
 * `at` is taken modulo the number of steps plus one, so that moves are drawn without knowing how
 * many steps there are (no `chain`, which shrinks poorly) and shrink towards the first step.
 */
interface Move {
  readonly at: number;
  readonly awayMs: number;
}

/** How one run ended: what a twin must equal. */
export interface MigrationOutcome<Data extends MachineSnapshot = MachineSnapshot> {
  readonly snapshot: ActorSnapshot<Data>;
  /** How the actor ended (`stopped requested (…)`, `crashed: …`), if it did. */
  readonly ended: string | undefined;
  /** Every line recorded: port calls, messages to peers, answers, dead letters and crashes, each with its time. */
  readonly asked: readonly string[];
}

/** When every run begins (epoch ms). */
export const MIGRATION_START_MS = 1_700_000_000_000;
const ASK_TIMEOUT_MS = 1_000_000_000;
const TICK_MS = 250;

/** The property of one kind, as a table entry. */
export function migrationCase<Data extends MachineSnapshot, Message extends ActorMessage, World>(kind: string, described: MigrationKind<Data, Message, World>): MigrationCase {
  return {
    kind,
    file: described.file,
    assertProperty: () => fc.assert(
      fc.asyncProperty(scenarioArbitrary(described), async (scenario) => {
        const whole = await runScenario(kind, described, scenario, 'stay');
        described.invariant?.(whole);
        const moved = await runScenario(kind, described, scenario, 'move');
        assert.deepEqual(moved.snapshot, whole.snapshot, 'the moved actor ended in another snapshot');
        assert.deepEqual(moved.asked, whole.asked, 'the moved actor asked its ports for other things');
        assert.equal(moved.ended, whole.ended, 'the moved actor ended otherwise');
      }),
      { numRuns: described.numRuns },
    ),
  };
}

/** A scenario of a kind: its first data, its prelude, random steps, and one to three moves. */
function scenarioArbitrary<Data extends MachineSnapshot, Message extends ActorMessage, World>(described: MigrationKind<Data, Message, World>): fc.Arbitrary<Scenario<Data, Message>> {
  const step: fc.Arbitrary<MigrationStep<Message>> = fc.oneof(
    { weight: 3, arbitrary: described.messages.map((message): MigrationStep<Message> => ({ type: 'message', message })) },
    { weight: 1, arbitrary: advanceArbitrary(described.maxAdvanceMs).map((durationMs): MigrationStep<Message> => ({ type: 'advance', durationMs })) },
  );
  const move: fc.Arbitrary<Move> = fc.record({
    at: fc.nat({ max: 1_000 }),
    awayMs: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: advanceArbitrary(described.maxAdvanceMs) }),
  });
  return fc.record({
    initial: described.initial,
    prelude: described.prelude ?? fc.constant([]),
    steps: fc.array(step, { minLength: 1, maxLength: described.maxSteps, size: 'max' }),
    moves: fc.array(move, { minLength: 1, maxLength: 3 }),
  });
}

/**
 * A clock advance: often whole quarter seconds, so that deadlines armed at different times meet
 * (timers due at once must fire in the same order after a move), else any millisecond count.
 */
function advanceArbitrary(maxMs: number): fc.Arbitrary<number> {
  return fc.oneof(
    fc.integer({ min: 0, max: Math.floor(maxMs / TICK_MS) }).map((ticks) => ticks * TICK_MS),
    fc.integer({ min: 0, max: maxMs }),
  );
}

/** One node of a run: its system, its clock, the actor (with the sinks of its peers) and its replica. */
interface Node<Data extends MachineSnapshot, Message extends ActorMessage> {
  readonly system: ActorSystem;
  readonly clock: SimulatedClock;
  readonly ref: ActorRef<Message, Data>;
  /** The last snapshot `onStableTransition` replicated, as JSON; none before the first change. */
  readonly replica: { json: string | undefined };
}

/** Runs a scenario; at each of its moves the actor moves (`move`), or its node stalls as long (`stay`). */
async function runScenario<Data extends MachineSnapshot, Message extends ActorMessage, World>(
  kind: string, described: MigrationKind<Data, Message, World>, scenario: Scenario<Data, Message>, mode: 'stay' | 'move',
): Promise<MigrationOutcome<Data>> {
  const steps: readonly MigrationStep<Message>[] = [
    ...scenario.prelude.map((message): MigrationStep<Message> => ({ type: 'message', message })),
    ...scenario.steps,
    ...(described.epilogue ?? []),
  ];
  const world = described.newWorld();
  const asked: string[] = [];
  let node = await startNode(kind, described, world, asked, MIGRATION_START_MS, { type: 'initial', epoch: 1, data: scenario.initial });
  for (const message of described.firstMessages ?? []) node.ref.send(message);
  await node.system.settled();
  for (const [index, step] of steps.entries()) {
    const move = scenario.moves.find((candidate) => candidate.at % (steps.length + 1) === index);
    // An actor that has ended is not moved: nothing of it runs any more.
    if (move !== undefined && mode === 'move' && node.ref.running) node = await moveNode(kind, described, world, asked, node, move.awayMs);
    else if (move !== undefined) await stall(node, move.awayMs);
    if (step.type === 'message') await ask(node, step.message, asked);
    else await advance(node, step.durationMs);
    await node.system.settled();
  }
  const snapshot = node.ref.toSnapshot();
  const ended = node.ref.running ? undefined : describeExit(await node.ref.exited);
  await node.system.shutdown();
  return { snapshot, ended, asked };
}

/**
 * Stops the actor where it runs and spawns it on a fresh node `awayMs` later from its replica: the
 * JSON its last stable transition replicated (its first snapshot when it has not changed yet).
 */
async function moveNode<Data extends MachineSnapshot, Message extends ActorMessage, World>(
  kind: string, described: MigrationKind<Data, Message, World>, world: World, asked: string[], node: Node<Data, Message>, awayMs: number,
): Promise<Node<Data, Message>> {
  const read = readActorSnapshot(JSON.parse(node.replica.json ?? JSON.stringify(node.ref.toSnapshot())));
  if (read.type !== 'snapshot') throw new Error(`replica unreadable: ${read.detail}`);
  const movedAtMs = node.clock.now();
  await node.ref.stop('migrating');
  await node.system.shutdown();
  return startNode(kind, described, world, asked, movedAtMs + awayMs, { type: 'snapshot', snapshot: read.snapshot as ActorSnapshot<Data> });
}

async function startNode<Data extends MachineSnapshot, Message extends ActorMessage, World>(
  kind: string, described: MigrationKind<Data, Message, World>, world: World, asked: string[], startMs: number, from: SpawnOrigin<Data>,
): Promise<Node<Data, Message>> {
  const clock = createSimulatedClock(startMs);
  const system = await createActorSystem({ nodeName: `${kind}-node`, clock, logger: recordingLogger(clock, asked) });
  const ports: PortRecorder = { record: (port, what) => void asked.push(`${clock.now()} ${port} ${JSON.stringify(what)}`) };
  for (const peer of described.peers(world)) await system.spawn(sinkSpec(peer, ports));
  const replica: { json: string | undefined } = { json: undefined };
  const ref = await described.spawn(system, from, ports, world, { onStableTransition: (snapshot) => void (replica.json = JSON.stringify(snapshot)) });
  await system.settled();
  return { system, clock, ref, replica };
}

/**
 * Sends `message` as an ask, so that its answer (accepted, replied, ignored, rejected, unavailable)
 * is recorded as well; the ask's deadline is beyond any run, and the answer is in once the node settled.
 */
async function ask<Data extends MachineSnapshot, Message extends ActorMessage>(node: Node<Data, Message>, message: Message, asked: string[]): Promise<void> {
  const answer = node.ref.ask(message, ASK_TIMEOUT_MS);
  await node.system.settled();
  asked.push(`${node.clock.now()} answer ${message.type} ${JSON.stringify(await answer)}`);
}

/** The node does nothing for `durationMs`, then takes at once what fell due meanwhile. */
async function stall<Data extends MachineSnapshot, Message extends ActorMessage>(node: Node<Data, Message>, durationMs: number): Promise<void> {
  node.clock.advanceTo(node.clock.now() + durationMs);
  await node.system.settled();
}

/** Moves the clock by `durationMs`, settling the node at each deadline on the way. */
async function advance<Data extends MachineSnapshot, Message extends ActorMessage>(node: Node<Data, Message>, durationMs: number): Promise<void> {
  const targetMs = node.clock.now() + durationMs;
  for (let next = node.clock.nextDeadline(); next !== undefined && next <= targetMs; next = node.clock.nextDeadline()) {
    node.clock.advanceTo(next);
    await node.system.settled();
  }
  node.clock.advanceTo(targetMs);
}

function describeExit(exit: ChildExit): string {
  if (exit.type === 'crashed') return `crashed: ${exit.error instanceof Error ? exit.error.message : String(exit.error)}`;
  return `${exit.type} ${exit.reason}${exit.detail === undefined ? '' : ` (${exit.detail})`}`;
}

/** Dead letters and crashes are part of what a run did; the kernel's other lines are not compared. */
function recordingLogger(clock: SimulatedClock, asked: string[]): Logger {
  const line = (fields: LogFields, message: string): void => {
    if (message !== 'dead letter' && message !== 'actor crashed') return;
    asked.push(`${clock.now()} ${message} ${String(fields['actor'])}/${String(fields['id'])} ${String(fields['msg.type'])}`);
  };
  return { ...silentLogger, info: line, warn: line, error: line };
}

type SinkEffect = { readonly type: 'sink.received'; readonly message: ActorMessage };

/** A peer of the actor that records every message it gets. */
function sinkSpec(address: ActorAddress, ports: PortRecorder): ActorSpec<{ readonly state: 'listening' }, ActorMessage, SinkEffect, Record<never, never>> {
  return {
    address,
    machine: { transition: (snapshot, message) => handled(snapshot, [{ type: 'sink.received', message }]) },
    env: {},
    runners: { 'sink.received': (effect) => ports.record(`send ${address.kind}/${address.id}`, effect.message) },
    from: { type: 'initial', epoch: 1, data: { state: 'listening' } },
  };
}
