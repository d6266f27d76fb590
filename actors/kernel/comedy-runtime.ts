/**
 * The only file that touches comedy: one comedy actor system of in-memory actors, each actor a
 * mailbox endpoint that hands envelopes to the kernel.
 *
 * @remarks
 * comedy 2.1.7 has untyped payloads, Bluebird promises and process-wide side effects; this adapter
 * contains all three:
 * - on creation comedy installs `process.once('SIGINT' | 'SIGTERM', () => process.exit(0))`, which
 *   would cut the engine's graceful shutdown short (calls torn down without BYE, replicas not
 *   handed over). The adapter removes exactly the listeners comedy added, found by comparing
 *   `process.rawListeners()` before and after, and leaves any other listener in place. The
 *   composition root installs the engine's own signal handling.
 * - comedy prints its logger configuration and looks for `actors.json` in the working directory:
 *   it is given a programmatic (empty) actor configuration and a logger implementation that
 *   forwards its lines to the kernel logger (errors and warnings as such, the rest at debug level),
 *   so nothing reaches stdout.
 * - every Bluebird promise it returns is handled here and turned into a native promise or a value.
 * - a comedy parent keeps its children in an array and filters it on every child's destroy, which is
 *   quadratic in the number of live children (seconds at 10 000 calls). Actors are therefore spread
 *   over up to {@link BUCKET_COUNT} intermediate parents, created on demand, {@link BUCKET_SIZE}
 *   consecutive actors per parent.
 * Only the in-memory mode is used: comedy's threaded and forked modes evaluate code they receive
 * and can hang on destroy.
 */
import { format } from 'node:util';
import * as comedy from 'comedy';
import type { Logger } from './logger.ts';

/** The handler comedy calls for each delivered message; it must only enqueue. */
export type DeliveryHandler = (payload: unknown) => void;

/** One comedy actor standing for one activation. */
export interface ComedyEndpoint {
  /** Hands a payload to comedy for delivery; `onRefused` runs when comedy refused it. */
  deliver(payload: unknown, onRefused: () => void): void;
  /** Destroys the comedy actor in the background; failures are logged. */
  destroy(): void;
}

/** How a guarded comedy system destroy ended. */
export type DestroyOutcome = 'destroyed' | 'timed-out' | 'failed';

/** The comedy system behind one kernel actor system. */
export interface ComedyRuntime {
  /** Creates one in-memory comedy actor whose messages go to `handler`. */
  createEndpoint(name: string, id: string, handler: DeliveryHandler): Promise<ComedyEndpoint>;
  /** Destroys the comedy system, giving up after `timeoutMs` (real time) so shutdown never hangs. */
  destroy(timeoutMs: number): Promise<DestroyOutcome>;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** How many intermediate comedy parents actors are spread over. */
export const BUCKET_COUNT = 64;
/** How many consecutive actors go under one intermediate parent before the next one is used. */
export const BUCKET_SIZE = 128;

/** The behaviour of an intermediate parent: it only keeps a handle on itself to create children. */
class BucketBehaviour {
  self: comedy.Actor | undefined;

  initialize(self: comedy.Actor): void {
    this.self = self;
  }
}

/** The behaviour object of every comedy actor; a class instance so comedy does not clone it. */
class DeliveryBehaviour {
  readonly #handler: DeliveryHandler;

  constructor(handler: DeliveryHandler) {
    this.#handler = handler;
  }

  deliver(payload: unknown): void {
    this.#handler(payload);
  }
}

/**
 * Creates a comedy system for in-memory actors, without its signal handlers and its console output.
 */
export async function createComedyRuntime(logger: Logger): Promise<ComedyRuntime> {
  const system = withoutAddedSignalListeners(() =>
    comedy.createSystem({ config: {}, forceInMemory: true, logger: comedyLogBridge(logger) }),
  );
  const root = await Promise.resolve(system.rootActor());
  const buckets = new Map<number, Promise<comedy.Actor>>();
  let created = 0;
  const bucketFor = (index: number): Promise<comedy.Actor> => {
    let bucket = buckets.get(index);
    if (bucket === undefined) {
      bucket = createBucket(root, index);
      buckets.set(index, bucket);
    }
    return bucket;
  };
  return {
    createEndpoint: async (name, id, handler) => {
      const parent = await bucketFor(Math.floor(created++ / BUCKET_SIZE) % BUCKET_COUNT);
      const actor = await Promise.resolve(parent.createChild(new DeliveryBehaviour(handler), { mode: 'in-memory', name, id }));
      return endpointOf(actor, logger);
    },
    destroy: (timeoutMs) => destroyWithin(system, timeoutMs, logger),
  };
}

async function createBucket(root: comedy.Actor, index: number): Promise<comedy.Actor> {
  const behaviour = new BucketBehaviour();
  await Promise.resolve(root.createChild(behaviour, { mode: 'in-memory', name: 'kernel-bucket', id: `kernel-bucket-${index}` }));
  if (behaviour.self === undefined) throw new Error('comedy did not initialise an intermediate parent');
  return behaviour.self;
}

/**
 * Runs `create` and removes the SIGINT/SIGTERM listeners it added to `process`.
 *
 * @remarks
 * Exported for its test, which checks that a listener installed beforehand survives.
 */
export function withoutAddedSignalListeners<Result>(create: () => Result): Result {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.rawListeners(signal))]));
  try {
    return create();
  } finally {
    for (const signal of SIGNALS) {
      const existing = before.get(signal) ?? new Set();
      for (const listener of process.rawListeners(signal)) {
        if (!existing.has(listener)) process.removeListener(signal, listener as (...args: unknown[]) => void);
      }
    }
  }
}

function endpointOf(actor: comedy.ActorRef, logger: Logger): ComedyEndpoint {
  const destroyFailed = (error: unknown): void => {
    logger.warn({ err: error }, 'comedy actor destroy failed');
  };
  return {
    deliver: (payload, onRefused) => {
      actor.send('deliver', payload).then(undefined, onRefused);
    },
    destroy: () => {
      actor.destroy().then(undefined, destroyFailed);
    },
  };
}

async function destroyWithin(system: comedy.ActorSystem, timeoutMs: number, logger: Logger): Promise<DestroyOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<DestroyOutcome>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), timeoutMs);
    timer.unref();
  });
  const destroyed = Promise.resolve(system.destroy()).then(
    (): DestroyOutcome => 'destroyed',
    (error: unknown): DestroyOutcome => {
      logger.error({ err: error }, 'comedy system destroy failed');
      return 'failed';
    },
  );
  const outcome = await Promise.race([destroyed, timedOut]);
  clearTimeout(timer);
  if (outcome === 'timed-out') logger.error({ timeoutMs }, 'comedy system destroy timed out; abandoned');
  return outcome;
}

function comedyLogBridge(logger: Logger): Record<'error' | 'warn' | 'info' | 'debug', (...parts: unknown[]) => void> {
  const line = (parts: readonly unknown[]): string => format(...parts);
  return {
    error: (...parts) => logger.error({ component: 'comedy' }, line(parts)),
    warn: (...parts) => logger.warn({ component: 'comedy' }, line(parts)),
    info: (...parts) => logger.debug({ component: 'comedy' }, line(parts)),
    debug: (...parts) => logger.debug({ component: 'comedy' }, line(parts)),
  };
}
