/**
 * The queue actor's shell: the queue machine plus the runners of its ports (the members' agents,
 * the calls it serves and queue_log), implemented by the composition root
 * (`supervisors/contact-center/`) for each queue.
 */
import { actorAddress, type ActorAddress, type ActorHooks, type ActorSpec, type SpawnOrigin } from '../kernel/index.ts';
import type { QueueEffect, QueueMessage } from './queue-messages.ts';
import type { QueueLogEvent } from './queue-log.ts';
import { queueMachine } from './queue-machine.ts';
import type { QueueSnapshot } from './queue-snapshot.ts';

type EffectOf<Type extends QueueEffect['type']> = Extract<QueueEffect, { readonly type: Type }>;

/**
 * What a queue asks of the node. Each call returns at once; what comes back (a reservation
 * granted or refused, an answer) arrives later as a message to the queue.
 */
export interface QueuePorts {
  /** Asks a member to hold itself for an offer; the answer is a `queue.reservation` message. */
  offer(effect: EffectOf<'queue.offer'>): void;
  ring(effect: EffectOf<'queue.ring'>): void;
  stopRinging(effect: EffectOf<'queue.stop_ringing'>): void;
  release(effect: EffectOf<'queue.release'>): void;
  exit(effect: EffectOf<'queue.exit'>): void;
  /** Appends rows to queue_log, stamped with the time of the transition that wrote them. */
  log(entries: readonly QueueLogEvent[], atMs: number): void;
}

export type QueueSpec = ActorSpec<QueueSnapshot, QueueMessage, QueueEffect, Record<never, never>>;

/** The address of queue `queueId`. */
export function queueAddress(queueId: number): ActorAddress {
  return actorAddress('queue', String(queueId));
}

/** The spec that spawns a queue actor. */
export function queueSpec(options: {
  readonly queueId: number;
  readonly ports: QueuePorts;
  readonly from: SpawnOrigin<QueueSnapshot>;
  readonly hooks?: ActorHooks<QueueSnapshot>;
}): QueueSpec {
  const { ports } = options;
  return {
    address: queueAddress(options.queueId),
    machine: queueMachine,
    env: {},
    from: options.from,
    ...(options.hooks === undefined ? {} : { hooks: options.hooks }),
    runners: {
      'queue.offer': (effect) => ports.offer(effect),
      'queue.ring': (effect) => ports.ring(effect),
      'queue.stop_ringing': (effect) => ports.stopRinging(effect),
      'queue.release': (effect) => ports.release(effect),
      'queue.exit': (effect) => ports.exit(effect),
      'queue.log': (effect, context) => ports.log(effect.entries, context.now),
    },
  };
}
