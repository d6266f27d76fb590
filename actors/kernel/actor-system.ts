/**
 * The actor system of one node: spawns activations over one comedy system, routes messages by
 * address, hosts the root supervisor and shuts everything down in order.
 *
 * @remarks
 * The rest of the engine sees only this typed surface; comedy stays behind `comedy-runtime.ts`.
 * Messages travel through comedy into each activation's own mailbox. Addresses resolve through a
 * local directory (one activation per address on a node); cross-node routing belongs to the cluster
 * layer above.
 */
import { randomUUID } from 'node:crypto';
import { ActorDuplicateError, ActorSnapshotError, ActorSystemStoppedError } from '../errors.ts';
import { addressKey, nodeName as brandNodeName, type ActorAddress, type NodeName, type TraceId } from './address.ts';
import { ActorCell } from './actor-cell.ts';
import type { ActorRef } from './actor-ref.ts';
import type { ActorSpec, SpawnOrigin } from './actor-spec.ts';
import { AskRegistry } from './ask-registry.ts';
import type { CellHost, Outgoing } from './cell-host.ts';
import { reportDeadLetter } from './cell-reporting.ts';
import type { ChildSpec, SupervisorOptions } from './child-spec.ts';
import type { Clock } from './clock.ts';
import { createComedyRuntime, type ComedyRuntime } from './comedy-runtime.ts';
import type { ActorEffect } from './effects.ts';
import { silentLogger, type Logger } from './logger.ts';
import type { MachineSnapshot } from './machine.ts';
import type { ActorMessage } from './messages.ts';
import { initialActorSnapshot, type ActorSnapshot } from './snapshot.ts';
import { stopWithin } from './stop-within.ts';
import { Supervisor } from './supervisor.ts';
import type { TransitionEvent } from './transition-diagnostics.ts';
import { WorkTracker } from './work-tracker.ts';

/** The options of {@link createActorSystem}. */
export interface ActorSystemOptions {
  readonly nodeName: string;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** Inspection callback, called with every transition (as published on `pbx:actor:transition`). */
  readonly onTransition?: (event: TransitionEvent) => void;
  /** The root supervisor's strategy and limits (default: oneForOne, 3 restarts within 5 s). */
  readonly root?: Omit<SupervisorOptions, 'name'>;
  /**
   * Called when the root supervisor gives up (its error, usually `ActorEscalatedError`); the
   * composition root decides what follows (typically a clean process exit).
   */
  readonly onRootFailure?: (error: unknown) => void;
  /** How long an unsupervised actor may take to stop at shutdown (default 5 000 ms, system clock). */
  readonly unsupervisedShutdownMs?: number;
  /** How long comedy's own destroy may take, in real time, before it is abandoned (default 5 000 ms). */
  readonly comedyDestroyTimeoutMs?: number;
}

/** The actor system of one node. */
export interface ActorSystem {
  readonly nodeName: NodeName;
  readonly clock: Clock;
  /** The top of the supervision tree; add subtrees with `root.startChild`. */
  readonly root: Supervisor;
  /**
   * Starts an activation (fresh, or `fromSnapshot` with `from: { type: 'snapshot' }`).
   *
   * @throws ActorDuplicateError when the address is active (or activating) on this node;
   *   ActorSnapshotError when the snapshot belongs to another address; ActorSystemStoppedError after
   *   shutdown began; whatever `onActivate` threw.
   */
  spawn<Data extends MachineSnapshot, Message extends ActorMessage, Effect extends ActorEffect, Env>(
    spec: ActorSpec<Data, Message, Effect, Env>,
  ): Promise<ActorRef<Message, Data>>;
  /** The current activation of an address on this node. `Message` is the caller's claim. */
  lookup<Message extends ActorMessage>(address: ActorAddress): ActorRef<Message> | undefined;
  /** How many actors (of one kind, when given) are active on this node. */
  actorCount(kind?: string): number;
  /** How many actors of each kind are active on this node (the node's load). */
  actorCounts(): Record<string, number>;
  /** Sends to the current activation of an address, fire and forget (a dead letter when none). */
  send<Message extends ActorMessage>(to: ActorAddress, message: Message): void;
  /** Starts a supervisor with its children; use it in a child spec's `start` to build trees. */
  startSupervisor(options: SupervisorOptions, children: readonly ChildSpec[]): Promise<Supervisor>;
  /** Resolves once no message, effect or supervisor operation is in flight. */
  settled(): Promise<void>;
  /**
   * Stops the supervision tree (reverse start order, each child within its `shutdownMs`), then the
   * unsupervised actors, answers the asks still pending, and destroys the comedy system. Idempotent.
   */
  shutdown(): Promise<void>;
}

type AnyCell = ActorCell<MachineSnapshot, ActorMessage, ActorEffect, unknown>;

const DEFAULT_ROOT: Omit<SupervisorOptions, 'name'> = { strategy: 'oneForOne', maxRestarts: 3, withinMs: 5_000 };
const DEFAULT_SHUTDOWN_MS = 5_000;

/**
 * Creates the actor system of a node over a fresh comedy system.
 *
 * @remarks
 * comedy's SIGINT/SIGTERM handlers are removed and its console output silenced (see
 * `comedy-runtime.ts`): after this call, SIGINT no longer exits the process.
 */
export async function createActorSystem(options: ActorSystemOptions): Promise<ActorSystem> {
  const logger = options.logger ?? silentLogger;
  const runtime = await createComedyRuntime(logger);
  return new NodeActorSystem(options, logger, runtime);
}

class NodeActorSystem implements ActorSystem {
  readonly nodeName: NodeName;
  readonly clock: Clock;
  readonly root: Supervisor;
  readonly #options: ActorSystemOptions;
  readonly #logger: Logger;
  readonly #runtime: ComedyRuntime;
  readonly #work = new WorkTracker();
  readonly #asks: AskRegistry;
  readonly #directory = new Map<string, AnyCell>();
  readonly #activating = new Set<string>();
  readonly #live = new Set<AnyCell>();
  readonly #host: CellHost;
  readonly #tracePrefix = randomUUID().slice(0, 8);
  #traceCounter = 0;
  #incarnations = 0;
  #shutdown: Promise<void> | undefined;

  constructor(options: ActorSystemOptions, logger: Logger, runtime: ComedyRuntime) {
    this.nodeName = brandNodeName(options.nodeName);
    this.clock = options.clock;
    this.#options = options;
    this.#logger = logger;
    this.#runtime = runtime;
    this.#asks = new AskRegistry(options.clock);
    this.#host = this.#createHost();
    this.root = this.#createRoot();
  }

  async spawn<Data extends MachineSnapshot, Message extends ActorMessage, Effect extends ActorEffect, Env>(
    spec: ActorSpec<Data, Message, Effect, Env>,
  ): Promise<ActorRef<Message, Data>> {
    if (this.#shutdown !== undefined) throw new ActorSystemStoppedError(this.nodeName);
    const key = addressKey(spec.address);
    if (this.#directory.has(key) || this.#activating.has(key)) throw new ActorDuplicateError(key);
    const snapshot = firstSnapshot(spec.address, spec.from);
    this.#activating.add(key);
    try {
      const cell = new ActorCell(spec, { node: this.nodeName, incarnation: ++this.#incarnations }, snapshot, this.#host);
      const endpoint = await this.#runtime.createEndpoint(`actor:${spec.address.kind}`, `${key}#${cell.activation.incarnation}`, (payload) => cell.accept(payload));
      cell.attach(endpoint);
      await this.#activate(cell);
      this.#register(key, cell as unknown as AnyCell);
      return cell;
    } finally {
      this.#activating.delete(key);
    }
  }

  actorCount(kind?: string): number {
    if (kind === undefined) return this.#directory.size;
    let count = 0;
    for (const cell of this.#directory.values()) if (cell.address.kind === kind) count += 1;
    return count;
  }

  actorCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const cell of this.#directory.values()) counts[cell.address.kind] = (counts[cell.address.kind] ?? 0) + 1;
    return counts;
  }

  lookup<Message extends ActorMessage>(address: ActorAddress): ActorRef<Message> | undefined {
    return this.#directory.get(addressKey(address)) as ActorRef<Message> | undefined;
  }

  send<Message extends ActorMessage>(to: ActorAddress, message: Message): void {
    this.#route({ to, traceId: this.#newTraceId(), msg: message });
  }

  startSupervisor(options: SupervisorOptions, children: readonly ChildSpec[]): Promise<Supervisor> {
    if (this.#shutdown !== undefined) return Promise.reject(new ActorSystemStoppedError(this.nodeName));
    return Supervisor.start(options, children, { clock: this.clock, logger: this.#logger, work: this.#work });
  }

  settled(): Promise<void> {
    return this.#work.settled();
  }

  shutdown(): Promise<void> {
    this.#shutdown ??= this.#shutdownInOrder();
    return this.#shutdown;
  }

  async #shutdownInOrder(): Promise<void> {
    await this.root.stop('shutdown');
    const shutdownMs = this.#options.unsupervisedShutdownMs ?? DEFAULT_SHUTDOWN_MS;
    for (const cell of [...this.#live].reverse()) await stopWithin(cell, 'shutdown', shutdownMs, this.clock);
    this.#asks.settleAll({ type: 'unavailable', reason: 'stopped' });
    await this.#runtime.destroy(this.#options.comedyDestroyTimeoutMs ?? DEFAULT_SHUTDOWN_MS);
  }

  async #activate<Data extends MachineSnapshot, Message extends ActorMessage, Effect extends ActorEffect, Env>(
    cell: ActorCell<Data, Message, Effect, Env>,
  ): Promise<void> {
    try {
      await cell.activate();
    } catch (error) {
      cell.kill('shutdown');
      throw error;
    }
    if (this.#shutdown === undefined) return;
    cell.kill('shutdown');
    throw new ActorSystemStoppedError(this.nodeName);
  }

  #register(key: string, cell: AnyCell): void {
    this.#directory.set(key, cell);
    this.#live.add(cell);
    void cell.exited.then(() => this.#live.delete(cell));
  }

  #route(outgoing: Omit<Outgoing, 'from'> & { readonly from?: ActorAddress }): void {
    const cell = this.#directory.get(addressKey(outgoing.to));
    if (cell === undefined) {
      reportDeadLetter(this.#logger, outgoing.to, undefined, outgoing.msg.type, 'not-found');
      return;
    }
    cell.deliver({ msg: outgoing.msg, traceId: outgoing.traceId, from: outgoing.from });
  }

  #release(address: ActorAddress, incarnation: number): void {
    const key = addressKey(address);
    if (this.#directory.get(key)?.activation.incarnation === incarnation) this.#directory.delete(key);
  }

  #newTraceId(): TraceId {
    this.#traceCounter += 1;
    return `${this.nodeName}.${this.#tracePrefix}.${this.#traceCounter}` as TraceId;
  }

  #createHost(): CellHost {
    return {
      clock: this.clock,
      logger: this.#logger,
      work: this.#work,
      asks: this.#asks,
      onTransition: this.#options.onTransition,
      newTraceId: () => this.#newTraceId(),
      route: (outgoing) => this.#route(outgoing),
      release: (address, incarnation) => this.#release(address, incarnation),
    };
  }

  #createRoot(): Supervisor {
    const root = Supervisor.create({ ...DEFAULT_ROOT, ...this.#options.root, name: `${this.nodeName}/root` }, {
      clock: this.clock,
      logger: this.#logger,
      work: this.#work,
    });
    void root.exited.then((exit) => {
      if (exit.type !== 'crashed') return;
      this.#logger.error({ err: exit.error }, 'root supervisor gave up');
      this.#options.onRootFailure?.(exit.error);
    });
    return root;
  }
}

function firstSnapshot<Data extends MachineSnapshot>(address: ActorAddress, from: SpawnOrigin<Data>): ActorSnapshot<Data> {
  if (from.type === 'initial') return initialActorSnapshot(address, from.epoch, from.data);
  const snapshot = from.snapshot;
  if (snapshot.kind !== address.kind || snapshot.id !== address.id) {
    throw new ActorSnapshotError(`snapshot of ${snapshot.kind}/${snapshot.id} spawned at ${addressKey(address)}`);
  }
  return from.epoch === undefined ? snapshot : { ...snapshot, epoch: from.epoch };
}
