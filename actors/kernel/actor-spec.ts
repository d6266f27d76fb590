/**
 * What `spawn` needs to start an actor: its address, its machine and environment, its ports (the
 * effect runners), where its first snapshot comes from, and its hooks.
 *
 * @remarks
 * The composition root (`supervisors/`) builds specs; actor kinds export the pieces.
 */
import type { Activation, ActorAddress } from './address.ts';
import type { ActorEffect, EffectRunners } from './effects.ts';
import type { DeactivationReason } from './lifecycle.ts';
import type { ActorMachine, MachineSnapshot } from './machine.ts';
import type { ActorMessage } from './messages.ts';
import type { ActorSnapshot } from './snapshot.ts';

/**
 * Where the first snapshot of an activation comes from: fresh data, or a snapshot written by an
 * earlier activation (`fromSnapshot`: a restart, a migration, a failover).
 *
 * @remarks
 * A restored actor keeps the snapshot's epoch unless `epoch` is given (a failover takes a higher
 * one). Timers of a restored snapshot are re-armed from their deadlines; those already past fire at
 * once, in deadline order.
 */
export type SpawnOrigin<Data extends MachineSnapshot> =
  | { readonly type: 'initial'; readonly data: Data; readonly epoch: number }
  | { readonly type: 'snapshot'; readonly snapshot: ActorSnapshot<Data>; readonly epoch?: number };

/** What `onActivate` is told. */
export interface ActivationContext<Data extends MachineSnapshot> {
  readonly address: ActorAddress;
  readonly activation: Activation;
  readonly snapshot: ActorSnapshot<Data>;
}

/**
 * Lifecycle hooks of one actor; each may be asynchronous and is awaited.
 *
 * @remarks
 * `onActivate` runs before the first message (a throw fails the spawn). `onDeactivate` runs once
 * when the activation ends gracefully, also after a crash (not after a kill); a throw there is
 * logged. `onStableTransition` runs after each transition that changed the snapshot, once that
 * transition's effects have run: it is the replication sink (style §7.6: replicate on every stable
 * transition, since deactivation is best effort). It is awaited, so replicas are written in order;
 * a throw there is logged and the actor goes on, so a replication outage does not end live calls.
 */
export interface ActorHooks<Data extends MachineSnapshot> {
  readonly onActivate?: (context: ActivationContext<Data>) => void | Promise<void>;
  readonly onDeactivate?: (reason: DeactivationReason, snapshot: ActorSnapshot<Data>) => void | Promise<void>;
  readonly onStableTransition?: (snapshot: ActorSnapshot<Data>) => void | Promise<void>;
}

/** Everything needed to spawn one actor. */
export interface ActorSpec<Data extends MachineSnapshot, Message extends ActorMessage, Effect extends ActorEffect, Env> {
  readonly address: ActorAddress;
  readonly machine: ActorMachine<Data, Message, Effect, Env>;
  /** The kind's read-only context for its transitions (configuration, limits). */
  readonly env: Env;
  /** One runner per kind effect type: the actor's ports. */
  readonly runners: EffectRunners<Effect, Message>;
  readonly from: SpawnOrigin<Data>;
  readonly hooks?: ActorHooks<Data>;
  /** The most messages waiting at once; more are dropped and logged (default 10 000). */
  readonly mailboxLimit?: number;
}

/** The mailbox limit used when a spec gives none. */
export const DEFAULT_MAILBOX_LIMIT = 10_000;
